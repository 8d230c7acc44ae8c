package org.rnn4j.tasks;

import java.util.random.RandomGenerator;

/**
 * The copy-memory task (Arjovsky, Shah &amp; Bengio 2016): read 10 symbols from {1..8}, wait through a delay of
 * blanks (0), see the delimiter 9, and then write the 10 symbols back. Each sequence has T + 20 steps; the
 * targets are blanks except the last 10 steps. Answering blanks and then a uniform guess over the 8 symbols
 * scores a cross-entropy of 10·log(8) / (T + 20) per step: the baseline a network must beat by remembering.
 */
public final class CopyMemory {
    public static final int SYMBOLS = 8;
    public static final int BLANK = 0;
    public static final int DELIMITER = 9;
    /** Input and output classes: blank, 8 symbols, delimiter. */
    public static final int CLASSES = 10;
    public static final int COPY_LENGTH = 10;

    private final int delay;

    public CopyMemory(int delay) {
        if (delay < 1) {
            throw new IllegalArgumentException("copy task delay must be at least 1, got " + delay);
        }
        this.delay = delay;
    }

    /** T + 20: 10 symbols, T − 1 blanks, the delimiter, 10 answer steps. */
    public int length() {
        return delay + 2 * COPY_LENGTH;
    }

    /** The baseline cross-entropy in nats per step. */
    public double baselineLoss() {
        return COPY_LENGTH * Math.log(SYMBOLS) / length();
    }

    /**
     * @param inputs  (B·length) class ids, row-major (B, length)
     * @param targets (B·length) class ids
     */
    public record Batch(int batch, int length, int[] inputs, int[] targets) {
    }

    public Batch sample(int batch, RandomGenerator rng) {
        int steps = length();
        int[] in = new int[batch * steps];
        int[] out = new int[batch * steps];
        for (int b = 0; b < batch; b++) {
            int base = b * steps;
            for (int i = 0; i < COPY_LENGTH; i++) {
                int symbol = 1 + rng.nextInt(SYMBOLS);
                in[base + i] = symbol;
                out[base + steps - COPY_LENGTH + i] = symbol;
            }
            in[base + COPY_LENGTH + delay - 1] = DELIMITER;
        }
        return new Batch(batch, steps, in, out);
    }
}
