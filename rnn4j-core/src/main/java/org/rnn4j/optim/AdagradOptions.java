package org.rnn4j.optim;

/**
 * Options of {@link Adagrad}, PyTorch's {@code torch.optim.Adagrad} arguments (without {@code maximize}).
 *
 * @param learningRate            lr >= 0 (PyTorch's default 1e-2)
 * @param learningRateDecay       lr_decay >= 0: step {@code t} uses {@code lr / (1 + (t − 1)·lr_decay)} (0)
 * @param weightDecay             λ >= 0, an L2 penalty added to the gradient (0)
 * @param initialAccumulatorValue the starting value of the sum of squared gradients, >= 0 (0)
 * @param epsilon                 ε > 0, added to the denominator after the square root (1e-10)
 */
public record AdagradOptions(double learningRate, double learningRateDecay, double weightDecay,
                             double initialAccumulatorValue, double epsilon) {
    public AdagradOptions {
        Checks.learningRate(learningRate);
        Checks.nonNegative("learningRateDecay", learningRateDecay);
        Checks.nonNegative("weightDecay", weightDecay);
        Checks.nonNegative("initialAccumulatorValue", initialAccumulatorValue);
        Checks.positive("epsilon", epsilon);
    }

    /** PyTorch's defaults: lr 1e-2, no lr decay, no weight decay, accumulator 0, eps 1e-10. */
    public static AdagradOptions defaults() {
        return new AdagradOptions(1e-2, 0, 0, 0, 1e-10);
    }

    public AdagradOptions withLearningRate(double value) {
        return new AdagradOptions(value, learningRateDecay, weightDecay, initialAccumulatorValue, epsilon);
    }

    public AdagradOptions withLearningRateDecay(double value) {
        return new AdagradOptions(learningRate, value, weightDecay, initialAccumulatorValue, epsilon);
    }

    public AdagradOptions withWeightDecay(double value) {
        return new AdagradOptions(learningRate, learningRateDecay, value, initialAccumulatorValue, epsilon);
    }

    public AdagradOptions withInitialAccumulatorValue(double value) {
        return new AdagradOptions(learningRate, learningRateDecay, weightDecay, value, epsilon);
    }

    public AdagradOptions withEpsilon(double value) {
        return new AdagradOptions(learningRate, learningRateDecay, weightDecay, initialAccumulatorValue, value);
    }
}
