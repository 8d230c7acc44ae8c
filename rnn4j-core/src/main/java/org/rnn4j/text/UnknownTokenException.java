package org.rnn4j.text;

/**
 * A token is not in a {@link Vocabulary} that has no {@link SpecialToken#UNKNOWN} entry to stand for it.
 *
 * <p>The message names the token (a character also by its code point), where it was when known, the vocabulary's
 * size and the fix, e.g. {@code character 'é' (U+00E9) at line 3, column 7 is not in the model's vocabulary of 83
 * characters, ...}.
 */
public class UnknownTokenException extends IllegalArgumentException {
    private final String token;

    public UnknownTokenException(String token, String message) {
        super(message);
        this.token = token;
    }

    /** The token that is missing from the vocabulary. */
    public String token() {
        return token;
    }
}
