package org.rnn4j.loss;

import java.util.Objects;

/**
 * Mean squared error, PyTorch's {@code MSELoss}: {@code ℓ = (x − y)²}, {@code ∂ℓ/∂x = 2 (x − y)}. Masks and
 * reductions as in {@link ElementwiseLoss}.
 */
public record MeanSquaredError(Reduction reduction) implements ElementwiseLoss {

    public MeanSquaredError {
        Objects.requireNonNull(reduction, "reduction");
    }

    /** The mean over the (unmasked) elements. */
    public MeanSquaredError() {
        this(Reduction.MEAN);
    }

    public MeanSquaredError withReduction(Reduction reduction) {
        return new MeanSquaredError(reduction);
    }

    @Override
    public double elementLoss(double input, double target) {
        double d = input - target;
        return d * d;
    }

    @Override
    public double elementGradient(double input, double target) {
        return 2 * (input - target);
    }

    @Override
    public String toString() {
        return "MeanSquaredError" + (reduction == Reduction.SUM ? "(sum)" : "");
    }
}
