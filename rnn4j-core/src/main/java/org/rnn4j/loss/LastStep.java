package org.rnn4j.loss;

import java.util.Arrays;
import java.util.Objects;
import org.rnn4j.tensor.SequenceMask;
import org.rnn4j.tensor.ShapeException;
import org.rnn4j.tensor.Shapes;
import org.rnn4j.tensor.Tensor;

/**
 * Each row's output at its own last valid step, for a loss on the last step only (sequence classification,
 * many-to-one), and the way back for its gradient.
 *
 * <pre>
 * select:   y[b]       = x[b, last(b)]          x (B, T, H) → y (B, H)
 * scatter:  dx[b, t]   = dy[b] if t = last(b), else 0      dy (B, H) → dx (B, T, H)
 * </pre>
 * {@code last(b)} is the largest valid step of row b (so T − 1 with left padding, and with no mask), the same step
 * whose state {@code Recurrent} returns as the row's final state. A row without any valid step selects zeros and
 * gets no gradient; {@link SoftmaxCrossEntropy#lastStep} leaves such rows out of the loss. The trailing
 * dimensions may be anything: (B, T, ...) → (B, ...).
 */
public final class LastStep {
    private LastStep() {
    }

    /** Each row's last valid step, or −1 for a row without one; with a {@code null} mask, T − 1 for every row. */
    static int[] steps(SequenceMask mask, int batch, int steps) {
        int[] last = new int[batch];
        if (mask == null) {
            Arrays.fill(last, steps - 1);
            return last;
        }
        for (int b = 0; b < batch; b++) {
            int t = steps - 1;
            while (t >= 0 && !mask.isValid(b, t)) {
                t--;
            }
            last[b] = t;
        }
        return last;
    }

    /** Each row's last valid step, or −1 for a row without one. */
    public static int[] steps(SequenceMask mask) {
        Objects.requireNonNull(mask, "mask");
        return steps(mask, mask.batch(), mask.steps());
    }

    /**
     * (B, T, H) → (B, H), a new tensor: each row's output at its last valid step, zeros for a row without one.
     *
     * @param mask the valid steps, or {@code null} when every step is valid (the output of step T − 1)
     */
    public static Tensor select(Tensor sequence, SequenceMask mask) {
        Objects.requireNonNull(sequence, "sequence");
        int perStep;
        if (mask != null) {
            perStep = Masks.elementsPerStep("LastStep.select sequence", sequence, mask);
        } else if (sequence.rank() < 2) {
            throw new ShapeException("LastStep.select sequence: expected shape (B, T, ...), got " + sequence.shapeString());
        } else {
            perStep = 1;
            for (int d = 2; d < sequence.rank(); d++) {
                perStep *= sequence.dim(d);
            }
        }
        int batch = sequence.dim(0);
        int steps = sequence.dim(1);
        int[] shape = sequence.shape();
        int[] outShape = new int[shape.length - 1];
        outShape[0] = batch;
        System.arraycopy(shape, 2, outShape, 1, shape.length - 2);
        Tensor out = Tensor.zeros(outShape);
        int[] last = steps(mask, batch, steps);
        for (int b = 0; b < batch; b++) {
            if (last[b] >= 0) {
                out.write(b * perStep, sequence, (b * steps + last[b]) * perStep, perStep);
            }
        }
        return out;
    }

    /**
     * (B, H) → (B, T, H), a new tensor: each row's gradient placed at its last valid step, zeros elsewhere (the
     * adjoint of {@link #select}).
     *
     * @param mask  the mask given to {@code select}, or {@code null}
     * @param steps T, the length of the sequence that was selected from
     */
    public static Tensor scatter(Tensor gradient, SequenceMask mask, int steps) {
        Objects.requireNonNull(gradient, "gradient");
        if (steps < 0) {
            throw new IllegalArgumentException("LastStep.scatter: steps must be >= 0, got " + steps);
        }
        if (gradient.rank() < 1) {
            throw new ShapeException("LastStep.scatter gradient: expected shape (B, ...), got " + gradient.shapeString());
        }
        int batch = gradient.dim(0);
        if (mask != null && (mask.batch() != batch || mask.steps() != steps)) {
            throw new ShapeException("LastStep.scatter: expected a mask of shape " + Shapes.format(batch, steps)
                    + " (B from the gradient " + gradient.shapeString() + ", T = " + steps + "), got "
                    + Shapes.format(mask.batch(), mask.steps()));
        }
        int[] shape = gradient.shape();
        int[] outShape = new int[shape.length + 1];
        outShape[0] = batch;
        outShape[1] = steps;
        System.arraycopy(shape, 1, outShape, 2, shape.length - 1);
        Tensor out = Tensor.zeros(outShape);
        int perStep = batch == 0 ? 0 : gradient.size() / batch;
        int[] last = steps(mask, batch, steps);
        for (int b = 0; b < batch; b++) {
            if (last[b] >= 0) {
                out.write((b * steps + last[b]) * perStep, gradient, b * perStep, perStep);
            }
        }
        return out;
    }
}
