package org.rnn4j.optim;

/**
 * Options of {@link AdamW}, PyTorch's {@code torch.optim.AdamW} arguments (without {@code maximize}). The same as
 * {@link AdamOptions} except that weight decay is decoupled, {@code θ ← θ·(1 − lr·λ)}, and defaults to 0.01.
 *
 * @param learningRate lr >= 0 (1e-3)
 * @param beta1        β₁ in [0, 1) (0.9)
 * @param beta2        β₂ in [0, 1) (0.999)
 * @param epsilon      ε > 0 (1e-8)
 * @param weightDecay  λ >= 0, decoupled (0.01)
 * @param amsgrad      use the running maximum of the second moment (false)
 */
public record AdamWOptions(double learningRate, double beta1, double beta2, double epsilon, double weightDecay,
                           boolean amsgrad) {
    public AdamWOptions {
        Checks.learningRate(learningRate);
        Checks.unitInterval("beta1", beta1);
        Checks.unitInterval("beta2", beta2);
        Checks.positive("epsilon", epsilon);
        Checks.nonNegative("weightDecay", weightDecay);
    }

    /** PyTorch's defaults: lr 1e-3, betas (0.9, 0.999), eps 1e-8, weight decay 0.01, no AMSGrad. */
    public static AdamWOptions defaults() {
        return new AdamWOptions(1e-3, 0.9, 0.999, 1e-8, 1e-2, false);
    }

    public AdamWOptions withLearningRate(double value) {
        return new AdamWOptions(value, beta1, beta2, epsilon, weightDecay, amsgrad);
    }

    public AdamWOptions withBetas(double b1, double b2) {
        return new AdamWOptions(learningRate, b1, b2, epsilon, weightDecay, amsgrad);
    }

    public AdamWOptions withEpsilon(double value) {
        return new AdamWOptions(learningRate, beta1, beta2, value, weightDecay, amsgrad);
    }

    public AdamWOptions withWeightDecay(double value) {
        return new AdamWOptions(learningRate, beta1, beta2, epsilon, value, amsgrad);
    }

    public AdamWOptions withAmsgrad(boolean value) {
        return new AdamWOptions(learningRate, beta1, beta2, epsilon, weightDecay, value);
    }
}
