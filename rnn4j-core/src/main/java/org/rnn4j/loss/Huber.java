package org.rnn4j.loss;

import java.util.Objects;

/**
 * Huber loss, PyTorch's {@code HuberLoss(delta)}: quadratic near zero, linear beyond {@code delta}.
 * <pre>
 * d = x − y
 * ℓ     = ½ d²              if |d| &lt; δ,   δ (|d| − ½ δ)   otherwise
 * ∂ℓ/∂x = d                 if |d| &lt; δ,   δ sign(d)        otherwise
 * </pre>
 * (PyTorch's {@code SmoothL1Loss(beta)} is this divided by {@code beta}.) Masks and reductions as in
 * {@link ElementwiseLoss}.
 *
 * @param delta where the loss turns from quadratic to linear; finite and &gt; 0
 */
public record Huber(double delta, Reduction reduction) implements ElementwiseLoss {

    public Huber {
        if (!(delta > 0) || Double.isInfinite(delta)) {
            throw new IllegalArgumentException("Huber delta must be finite and > 0, got " + delta);
        }
        Objects.requireNonNull(reduction, "reduction");
    }

    /** The mean over the (unmasked) elements. */
    public Huber(double delta) {
        this(delta, Reduction.MEAN);
    }

    /** PyTorch's default, {@code delta = 1}. */
    public Huber() {
        this(1.0);
    }

    public Huber withDelta(double delta) {
        return new Huber(delta, reduction);
    }

    public Huber withReduction(Reduction reduction) {
        return new Huber(delta, reduction);
    }

    @Override
    public double elementLoss(double input, double target) {
        double a = Math.abs(input - target);
        return a < delta ? 0.5 * a * a : delta * (a - 0.5 * delta);
    }

    @Override
    public double elementGradient(double input, double target) {
        double d = input - target;
        return Math.abs(d) < delta ? d : delta * Math.signum(d);
    }

    @Override
    public String toString() {
        return "Huber(delta=" + delta + (reduction == Reduction.SUM ? ", sum)" : ")");
    }
}
