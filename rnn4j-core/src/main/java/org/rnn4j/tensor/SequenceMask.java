package org.rnn4j.tensor;

import java.util.Arrays;

/**
 * Which steps of a (B, T) batch are real and which are padding. A padded step leaves the state unchanged and
 * outputs zeros, so padding may sit on the right (the usual case), on the left, or anywhere.
 */
public final class SequenceMask {
    private final int batch;
    private final int steps;
    private final boolean[] valid;     // (B, T)
    private final boolean[] fullStep;  // (T): every row valid at step t

    private SequenceMask(int batch, int steps, boolean[] valid) {
        this.batch = batch;
        this.steps = steps;
        this.valid = valid;
        this.fullStep = new boolean[steps];
        for (int t = 0; t < steps; t++) {
            boolean all = true;
            for (int b = 0; b < batch && all; b++) {
                all = valid[b * steps + t];
            }
            fullStep[t] = all;
        }
    }

    /** Rows of the given lengths, padded on the right to {@code steps}. A length of 0 is allowed. */
    public static SequenceMask fromLengths(int[] lengths, int steps) {
        return fromLengths(lengths, steps, false);
    }

    /** Rows of the given lengths, padded on the left (the valid steps are the last ones). */
    public static SequenceMask fromLengthsLeftPadded(int[] lengths, int steps) {
        return fromLengths(lengths, steps, true);
    }

    private static SequenceMask fromLengths(int[] lengths, int steps, boolean left) {
        boolean[] valid = new boolean[lengths.length * steps];
        for (int b = 0; b < lengths.length; b++) {
            int len = lengths[b];
            if (len < 0 || len > steps) {
                throw new IllegalArgumentException("length of row " + b + " is " + len + ", expected 0.." + steps);
            }
            int from = left ? steps - len : 0;
            Arrays.fill(valid, b * steps + from, b * steps + from + len, true);
        }
        return new SequenceMask(lengths.length, steps, valid);
    }

    /** A mask from a (B, T) tensor: nonzero means valid (Keras's {@code mask} argument). */
    public static SequenceMask fromTensor(Tensor mask) {
        if (mask.rank() != 2) {
            throw new ShapeException("mask: expected shape (B, T), got " + mask.shapeString());
        }
        boolean[] valid = new boolean[mask.size()];
        for (int i = 0; i < valid.length; i++) {
            valid[i] = mask.get(i) != 0f;
        }
        return new SequenceMask(mask.dim(0), mask.dim(1), valid);
    }

    public int batch() {
        return batch;
    }

    public int steps() {
        return steps;
    }

    public boolean isValid(int row, int step) {
        return valid[row * steps + step];
    }

    /** True when no row is padded at this step, so the loop may skip all mask work. */
    public boolean isFullStep(int step) {
        return fullStep[step];
    }

    /** The number of valid steps of a row. */
    public int length(int row) {
        int n = 0;
        for (int t = 0; t < steps; t++) {
            n += valid[row * steps + t] ? 1 : 0;
        }
        return n;
    }

    public int[] lengths() {
        int[] out = new int[batch];
        for (int b = 0; b < batch; b++) {
            out[b] = length(b);
        }
        return out;
    }

    /** Refuses a mask whose batch or length differs from the input it masks; {@code where} names that input. */
    public void checkFits(int expectedBatch, int expectedSteps, String where) {
        if (batch != expectedBatch || steps != expectedSteps) {
            throw new ShapeException(where + ": mask of shape (" + batch + ", " + steps + ") does not match input with B="
                    + expectedBatch + ", T=" + expectedSteps);
        }
    }
}
