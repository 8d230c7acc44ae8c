package org.rnn4j.loss;

import java.util.Objects;

/**
 * Mean absolute error, PyTorch's {@code L1Loss}: {@code ℓ = |x − y|}, {@code ∂ℓ/∂x = sign(x − y)}, which is 0
 * where {@code x == y} exactly (as PyTorch's {@code sign}). Masks and reductions as in {@link ElementwiseLoss}.
 */
public record MeanAbsoluteError(Reduction reduction) implements ElementwiseLoss {

    public MeanAbsoluteError {
        Objects.requireNonNull(reduction, "reduction");
    }

    /** The mean over the (unmasked) elements. */
    public MeanAbsoluteError() {
        this(Reduction.MEAN);
    }

    public MeanAbsoluteError withReduction(Reduction reduction) {
        return new MeanAbsoluteError(reduction);
    }

    @Override
    public double elementLoss(double input, double target) {
        return Math.abs(input - target);
    }

    @Override
    public double elementGradient(double input, double target) {
        return Math.signum(input - target);
    }

    @Override
    public String toString() {
        return "MeanAbsoluteError" + (reduction == Reduction.SUM ? "(sum)" : "");
    }
}
