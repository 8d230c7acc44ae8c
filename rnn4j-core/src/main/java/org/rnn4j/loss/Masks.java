package org.rnn4j.loss;

import org.rnn4j.tensor.SequenceMask;
import org.rnn4j.tensor.ShapeException;
import org.rnn4j.tensor.Shapes;
import org.rnn4j.tensor.Tensor;

/** Shape checks against a {@link SequenceMask} and the positions that error messages name. */
final class Masks {
    private Masks() {
    }

    /**
     * Checks that {@code t} is (B, T, ...) with the mask's B and T, and returns the number of elements per step
     * (the product of the dimensions after T; 1 for a (B, T) tensor).
     */
    static int elementsPerStep(String where, Tensor t, SequenceMask mask) {
        if (t.rank() < 2 || t.dim(0) != mask.batch() || t.dim(1) != mask.steps()) {
            throw new ShapeException(where + ": expected shape (B, T, ...) with (B, T) = "
                    + Shapes.format(mask.batch(), mask.steps()) + " from the mask, got " + t.shapeString());
        }
        int perStep = 1;
        for (int d = 2; d < t.rank(); d++) {
            perStep *= t.dim(d);
        }
        return perStep;
    }

    /** The multi-index of flat position {@code flat} in a row-major {@code shape}, as {@code (0, 1, 3)}. */
    static String index(int flat, int[] shape) {
        int[] index = new int[shape.length];
        for (int d = shape.length - 1; d >= 0; d--) {
            index[d] = shape[d] == 0 ? 0 : flat % shape[d];
            flat = shape[d] == 0 ? 0 : flat / shape[d];
        }
        return Shapes.format(index);
    }
}
