package org.rnn4j.nn;

import org.rnn4j.tensor.SequenceMask;
import org.rnn4j.tensor.ShapeException;
import org.rnn4j.tensor.Tensor;

/** The checks and the mask test that every {@link SequencePooling} shares. */
final class PoolingSteps {
    private PoolingSteps() {
    }

    /** Checks a forward input: sequence (B, T, W), mask (B, T) or null. */
    static void checkForward(int width, Tensor sequence, SequenceMask mask) {
        if (sequence.rank() != 3 || sequence.dim(2) != width) {
            throw new ShapeException("pooling: expected a sequence of shape (B, T, " + width + "), got "
                    + sequence.shapeString());
        }
        int batch = sequence.dim(0);
        int steps = sequence.dim(1);
        if (mask != null && (mask.batch() != batch || mask.steps() != steps)) {
            throw new ShapeException("pooling: mask of shape (" + mask.batch() + ", " + mask.steps()
                    + ") does not match the sequence " + sequence.shapeString());
        }
    }

    /** Checks a backward gradient (B, W) against the trace's sequence. */
    static void checkBackward(int width, SequencePooling.Trace trace, Tensor dOutput) {
        int batch = trace.sequence().dim(0);
        if (dOutput.size() != batch * width) {
            throw new ShapeException("pooling backward: expected a gradient of shape (" + batch + ", " + width
                    + "), got " + dOutput.shapeString());
        }
    }

    static boolean valid(SequenceMask mask, int b, int t) {
        return mask == null || mask.isValid(b, t);
    }
}
