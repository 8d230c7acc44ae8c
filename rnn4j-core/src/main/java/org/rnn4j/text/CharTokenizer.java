package org.rnn4j.text;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One token per Unicode code point, for character-level language models.
 *
 * <p>Code points rather than Java {@code char}s: a character outside the Basic Multilingual Plane (an emoji, a
 * rare CJK ideograph) is one token, not two meaningless surrogate halves. Nothing is normalised, so {@code é}
 * written as one code point and as {@code e} plus a combining accent are different tokens; normalise the text
 * first ({@link java.text.Normalizer}) if that matters.
 *
 * <p>Round trip: for text whose characters are all in the vocabulary, {@code decode(encode(text)) == text}
 * exactly, line breaks and spaces included.
 */
public final class CharTokenizer implements Tokenizer {

    @Override
    public Vocabulary.Unit unit() {
        return Vocabulary.Unit.CHARACTER;
    }

    @Override
    public List<String> split(String text) {
        Objects.requireNonNull(text, "text");
        List<String> tokens = new ArrayList<>(text.length());
        for (int i = 0; i < text.length(); ) {
            int end = i + Character.charCount(text.codePointAt(i));
            tokens.add(text.substring(i, end));
            i = end;
        }
        return tokens;
    }

    @Override
    public int[] encode(String text, Vocabulary vocabulary) {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(vocabulary, "vocabulary");
        int[] ids = new int[text.codePointCount(0, text.length())];
        int n = 0;
        for (int i = 0; i < text.length(); ) {
            int end = i + Character.charCount(text.codePointAt(i));
            ids[n++] = TextPositions.id(vocabulary, text.substring(i, end), text, i);
            i = end;
        }
        return ids;
    }

    /**
     * The characters of the ids, concatenated; the unknown entry becomes U+FFFD, the Unicode replacement
     * character {@code �}, padding, start and end become nothing.
     */
    @Override
    public String decode(int[] ids, Vocabulary vocabulary) {
        Objects.requireNonNull(ids, "ids");
        Objects.requireNonNull(vocabulary, "vocabulary");
        StringBuilder text = new StringBuilder(ids.length);
        for (int id : ids) {
            String token = vocabulary.token(id);
            if (!vocabulary.isSpecial(id)) {
                text.append(token);
            } else if (vocabulary.has(SpecialToken.UNKNOWN) && id == vocabulary.id(SpecialToken.UNKNOWN)) {
                text.append('\uFFFD');
            }
        }
        return text.toString();
    }

    @Override
    public String toString() {
        return "CharTokenizer";
    }
}
