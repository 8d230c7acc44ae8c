package org.rnn4j.text;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * How {@link Vocabulary#fromCounts} builds a vocabulary from token counts.
 *
 * @param unit     what one token is (character, word or token); used in messages and stored with the vocabulary
 * @param specials the reserved entries to include, which take the first ids (see {@link SpecialToken})
 * @param maxSize  the most entries in all, the special ones included (so it is the model's V); 0 for no limit
 * @param minCount the fewest occurrences a token needs to be kept, at least 1
 */
public record VocabularyOptions(Vocabulary.Unit unit, Set<SpecialToken> specials, int maxSize, long minCount) {

    public VocabularyOptions {
        Objects.requireNonNull(unit, "unit");
        Objects.requireNonNull(specials, "specials");
        specials = specials.isEmpty() ? Collections.unmodifiableSet(EnumSet.noneOf(SpecialToken.class))
                : Collections.unmodifiableSet(EnumSet.copyOf(specials));
        if (maxSize < 0) {
            throw new IllegalArgumentException("vocabulary maxSize must be >= 0 (0 for no limit), got " + maxSize);
        }
        if (maxSize > 0 && maxSize <= specials.size()) {
            throw new IllegalArgumentException("vocabulary maxSize " + maxSize + " leaves no room for tokens after the "
                    + specials.size() + " special ones " + specials + "; maxSize counts them too, so raise it");
        }
        if (minCount < 1) {
            throw new IllegalArgumentException("vocabulary minCount must be >= 1, got " + minCount);
        }
    }

    /** All tokens, no special ones, no limit. */
    public static VocabularyOptions of(Vocabulary.Unit unit) {
        return new VocabularyOptions(unit, Set.of(), 0, 1);
    }

    public VocabularyOptions withUnit(Vocabulary.Unit unit) {
        return new VocabularyOptions(unit, specials, maxSize, minCount);
    }

    public VocabularyOptions withSpecials(SpecialToken... specials) {
        return new VocabularyOptions(unit, Set.of(specials), maxSize, minCount);
    }

    public VocabularyOptions withMaxSize(int maxSize) {
        return new VocabularyOptions(unit, specials, maxSize, minCount);
    }

    public VocabularyOptions withMinCount(long minCount) {
        return new VocabularyOptions(unit, specials, maxSize, minCount);
    }
}
