package org.rnn4j.text;

import java.util.List;

/**
 * Cuts text into tokens and maps them to the ids of a {@link Vocabulary}, and back.
 *
 * <p>A tokenizer holds no vocabulary: {@link #split} serves to count tokens and build one
 * ({@link Vocabulary#fromTokens}); {@link #encode} and {@link #decode} then use it. Implementations are immutable
 * and safe to share between threads.
 */
public interface Tokenizer {

    /** What one token is; a vocabulary for this tokenizer should be built with this unit. */
    Vocabulary.Unit unit();

    /** The tokens of {@code text}, in order, as the vocabulary spells them. */
    List<String> split(String text);

    /**
     * The ids of the tokens of {@code text}; a token the vocabulary lacks becomes its unknown id.
     *
     * @throws UnknownTokenException when a token is missing and the vocabulary has no unknown entry; the message
     *     says where in the text (line and column)
     */
    int[] encode(String text, Vocabulary vocabulary);

    /**
     * Text from ids: padding, start and end entries are left out; see the implementation for the unknown entry
     * and for how tokens are joined.
     *
     * @throws IndexOutOfBoundsException for an id outside the vocabulary
     */
    String decode(int[] ids, Vocabulary vocabulary);
}
