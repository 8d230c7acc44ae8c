package org.rnn4j.optim;

/**
 * Options of {@link Adam}, PyTorch's {@code torch.optim.Adam} arguments (without {@code maximize}).
 *
 * @param learningRate lr >= 0 (PyTorch's default 1e-3)
 * @param beta1        β₁ in [0, 1), decay of the first moment (0.9)
 * @param beta2        β₂ in [0, 1), decay of the second moment (0.999)
 * @param epsilon      ε > 0, added to the denominator after the bias-corrected square root (1e-8)
 * @param weightDecay  λ >= 0, an L2 penalty added to the gradient, {@code g + λ·θ} (0); see {@link AdamW} for
 *                     decoupled decay
 * @param amsgrad      use the running maximum of the second moment (AMSGrad) (false)
 */
public record AdamOptions(double learningRate, double beta1, double beta2, double epsilon, double weightDecay,
                          boolean amsgrad) {
    public AdamOptions {
        Checks.learningRate(learningRate);
        Checks.unitInterval("beta1", beta1);
        Checks.unitInterval("beta2", beta2);
        Checks.positive("epsilon", epsilon);
        Checks.nonNegative("weightDecay", weightDecay);
    }

    /** PyTorch's defaults: lr 1e-3, betas (0.9, 0.999), eps 1e-8, no weight decay, no AMSGrad. */
    public static AdamOptions defaults() {
        return new AdamOptions(1e-3, 0.9, 0.999, 1e-8, 0, false);
    }

    public AdamOptions withLearningRate(double value) {
        return new AdamOptions(value, beta1, beta2, epsilon, weightDecay, amsgrad);
    }

    public AdamOptions withBetas(double b1, double b2) {
        return new AdamOptions(learningRate, b1, b2, epsilon, weightDecay, amsgrad);
    }

    public AdamOptions withEpsilon(double value) {
        return new AdamOptions(learningRate, beta1, beta2, value, weightDecay, amsgrad);
    }

    public AdamOptions withWeightDecay(double value) {
        return new AdamOptions(learningRate, beta1, beta2, epsilon, value, amsgrad);
    }

    public AdamOptions withAmsgrad(boolean value) {
        return new AdamOptions(learningRate, beta1, beta2, epsilon, weightDecay, value);
    }
}
