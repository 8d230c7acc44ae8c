package org.rnn4j.models.chain;

/**
 * The kind of values between two stages, checked when a chain is built so that a chain that cannot run is refused
 * before it sees data.
 *
 * @param tokens   token ids (B, T), which only an Embedding reads
 * @param sequence (B, T, width) rather than (B, width)
 * @param width    the size of the last axis (0 for tokens)
 */
public record Signature(boolean tokens, boolean sequence, int width) {

    public static Signature tokenIds() {
        return new Signature(true, true, 0);
    }

    public static Signature sequenceOf(int width) {
        return new Signature(false, true, width);
    }

    public static Signature vectorOf(int width) {
        return new Signature(false, false, width);
    }

    /** "(B, T, 5)", "(B, 5)" or "token ids (B, T)", for messages. */
    @Override
    public String toString() {
        return tokens ? "token ids (B, T)" : sequence ? "(B, T, " + width + ")" : "(B, " + width + ")";
    }
}
