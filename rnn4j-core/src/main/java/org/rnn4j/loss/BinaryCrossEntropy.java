package org.rnn4j.loss;

import java.util.Objects;

/**
 * Binary cross-entropy <b>on logits</b>, PyTorch's {@code BCEWithLogitsLoss} (not {@code BCELoss}): the input is
 * a logit {@code x} (no sigmoid before it), the target a probability {@code y} in [0, 1] (hard 0/1 labels or
 * soft ones).
 * <pre>
 * ℓ     = −[y log σ(x) + (1 − y) log(1 − σ(x))] = softplus(x) − x y = max(x, 0) − x y + log(1 + e^−|x|)
 * ∂ℓ/∂x = σ(x) − y
 * </pre>
 * The softplus form never overflows and keeps full precision for large |x|, where taking the log of a
 * sigmoid that rounded to 0 or 1 would give infinity. Masks and reductions as in {@link ElementwiseLoss};
 * note that PyTorch's {@code weight} argument divides by the element count, where a mask here divides by the
 * number of unmasked elements. A target outside [0, 1] at an unmasked element is refused.
 */
public record BinaryCrossEntropy(Reduction reduction) implements ElementwiseLoss {

    public BinaryCrossEntropy {
        Objects.requireNonNull(reduction, "reduction");
    }

    /** The mean over the (unmasked) elements. */
    public BinaryCrossEntropy() {
        this(Reduction.MEAN);
    }

    public BinaryCrossEntropy withReduction(Reduction reduction) {
        return new BinaryCrossEntropy(reduction);
    }

    @Override
    public double elementLoss(double input, double target) {
        return Math.max(input, 0) - input * target + Math.log1p(Math.exp(-Math.abs(input)));
    }

    @Override
    public double elementGradient(double input, double target) {
        return sigmoid(input) - target;
    }

    private static double sigmoid(double x) {
        if (x >= 0) {
            return 1 / (1 + Math.exp(-x));
        }
        double e = Math.exp(x);
        return e / (1 + e);
    }

    @Override
    public String toString() {
        return "BinaryCrossEntropy" + (reduction == Reduction.SUM ? "(sum)" : "");
    }
}
