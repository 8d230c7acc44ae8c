package org.rnn4j.optim;

/**
 * Options of {@link RmsProp}, PyTorch's {@code torch.optim.RMSprop} arguments (without {@code maximize}).
 *
 * @param learningRate lr >= 0 (PyTorch's default 1e-2)
 * @param alpha        α in [0, 1], decay of the squared-gradient average (0.99)
 * @param epsilon      ε > 0, added to the denominator after the square root (1e-8)
 * @param weightDecay  λ >= 0, an L2 penalty added to the gradient (0)
 * @param momentum     μ >= 0; 0 keeps no momentum buffer (0)
 * @param centered     divide by the estimated variance {@code E[g²] − E[g]²} instead of {@code E[g²]} (false)
 */
public record RmsPropOptions(double learningRate, double alpha, double epsilon, double weightDecay, double momentum,
                             boolean centered) {
    public RmsPropOptions {
        Checks.learningRate(learningRate);
        if (!(alpha >= 0 && alpha <= 1)) {
            throw new IllegalArgumentException("alpha must be in [0, 1], got " + alpha);
        }
        Checks.positive("epsilon", epsilon);
        Checks.nonNegative("weightDecay", weightDecay);
        Checks.nonNegative("momentum", momentum);
    }

    /** PyTorch's defaults: lr 1e-2, alpha 0.99, eps 1e-8, no weight decay, no momentum, not centered. */
    public static RmsPropOptions defaults() {
        return new RmsPropOptions(1e-2, 0.99, 1e-8, 0, 0, false);
    }

    public RmsPropOptions withLearningRate(double value) {
        return new RmsPropOptions(value, alpha, epsilon, weightDecay, momentum, centered);
    }

    public RmsPropOptions withAlpha(double value) {
        return new RmsPropOptions(learningRate, value, epsilon, weightDecay, momentum, centered);
    }

    public RmsPropOptions withEpsilon(double value) {
        return new RmsPropOptions(learningRate, alpha, value, weightDecay, momentum, centered);
    }

    public RmsPropOptions withWeightDecay(double value) {
        return new RmsPropOptions(learningRate, alpha, epsilon, value, momentum, centered);
    }

    public RmsPropOptions withMomentum(double value) {
        return new RmsPropOptions(learningRate, alpha, epsilon, weightDecay, value, centered);
    }

    public RmsPropOptions withCentered(boolean value) {
        return new RmsPropOptions(learningRate, alpha, epsilon, weightDecay, momentum, value);
    }
}
