package org.rnn4j.loss;

import java.util.Objects;
import org.rnn4j.tensor.SequenceMask;
import org.rnn4j.tensor.ShapeException;
import org.rnn4j.tensor.Tensor;

/** The shared checks, masking and reduction of the {@link ElementwiseLoss} implementations. */
final class Elementwise {
    private Elementwise() {
    }

    static LossResult compute(ElementwiseLoss loss, Tensor input, Tensor target, Tensor weights, SequenceMask mask) {
        String name = loss.toString();
        Objects.requireNonNull(input, "input");
        Objects.requireNonNull(target, "target");
        if (!target.sameShape(input)) {
            throw new ShapeException(name + " target: expected shape " + input.shapeString() + " (the input's), got "
                    + target.shapeString());
        }
        if (weights != null && !weights.sameShape(input)) {
            throw new ShapeException(name + " weights: expected shape " + input.shapeString() + " (the input's), got "
                    + weights.shapeString());
        }
        int perStep = mask == null ? 0 : Masks.elementsPerStep(name + " input", input, mask);
        int[] shape = input.shape();
        boolean probabilities = loss instanceof BinaryCrossEntropy;
        int n = input.size();

        // Pass 1: weights and targets are checked, and the weights summed for the mean.
        double weightSum = 0;
        for (int i = 0; i < n; i++) {
            double w = weight(i, weights, mask, perStep);
            if (!(w >= 0) || Double.isInfinite(w)) {
                throw new IllegalArgumentException(name + ": weight " + w + " at index " + Masks.index(i, shape)
                        + " must be finite and >= 0");
            }
            if (w == 0) {
                continue;
            }
            double y = target.get(i);
            if (probabilities && !(y >= 0 && y <= 1)) {
                throw new IllegalArgumentException(name + ": target " + y + " at index " + Masks.index(i, shape)
                        + " is outside [0, 1]");
            }
            weightSum += w;
        }

        // Pass 2: value and gradient.
        double scale = loss.reduction() == Reduction.SUM ? 1 : weightSum > 0 ? 1 / weightSum : 0;
        Tensor gradient = Tensor.zeros(shape);
        double total = 0;
        for (int i = 0; i < n; i++) {
            double w = weight(i, weights, mask, perStep);
            if (w == 0) {
                continue;
            }
            double x = input.get(i);
            double y = target.get(i);
            total += w * loss.elementLoss(x, y);
            gradient.set(i, (float) (w * loss.elementGradient(x, y) * scale));
        }
        return new LossResult(total * scale, gradient);
    }

    private static double weight(int i, Tensor weights, SequenceMask mask, int perStep) {
        double w = weights == null ? 1 : weights.get(i);
        if (mask != null) {
            int step = i / perStep;
            if (!mask.isValid(step / mask.steps(), step % mask.steps())) {
                return 0;
            }
        }
        return w;
    }
}
