package org.rnn4j.optim;

/**
 * Options of {@link Sgd}, PyTorch's {@code torch.optim.SGD} arguments (without {@code maximize}).
 *
 * @param learningRate lr, required (PyTorch has no default either)
 * @param momentum     μ >= 0; 0 keeps no momentum buffer
 * @param dampening    τ: the buffer adds {@code (1 − τ)·g} after its first step
 * @param weightDecay  λ >= 0, an L2 penalty added to the gradient: {@code g + λ·θ}
 * @param nesterov     Nesterov momentum; requires {@code momentum > 0} and {@code dampening == 0}
 */
public record SgdOptions(double learningRate, double momentum, double dampening, double weightDecay,
                         boolean nesterov) {
    public SgdOptions {
        Checks.learningRate(learningRate);
        Checks.nonNegative("momentum", momentum);
        if (!Double.isFinite(dampening)) {
            throw new IllegalArgumentException("dampening must be finite, got " + dampening);
        }
        Checks.nonNegative("weightDecay", weightDecay);
        if (nesterov && (momentum <= 0 || dampening != 0)) {
            throw new IllegalArgumentException("nesterov momentum requires momentum > 0 and dampening = 0, got momentum "
                    + momentum + " and dampening " + dampening);
        }
    }

    /** Plain SGD: no momentum, no dampening, no weight decay. */
    public static SgdOptions of(double learningRate) {
        return new SgdOptions(learningRate, 0, 0, 0, false);
    }

    public SgdOptions withLearningRate(double value) {
        return new SgdOptions(value, momentum, dampening, weightDecay, nesterov);
    }

    public SgdOptions withMomentum(double value) {
        return new SgdOptions(learningRate, value, dampening, weightDecay, nesterov);
    }

    public SgdOptions withDampening(double value) {
        return new SgdOptions(learningRate, momentum, value, weightDecay, nesterov);
    }

    public SgdOptions withWeightDecay(double value) {
        return new SgdOptions(learningRate, momentum, dampening, value, nesterov);
    }

    public SgdOptions withNesterov(boolean value) {
        return new SgdOptions(learningRate, momentum, dampening, weightDecay, value);
    }
}
