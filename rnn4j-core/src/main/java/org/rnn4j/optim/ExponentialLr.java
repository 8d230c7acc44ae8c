package org.rnn4j.optim;

/** Multiplies the rate by {@code gamma} every step: {@code lr(t) = base·gammaᵗ}, PyTorch's {@code ExponentialLR}. */
public final class ExponentialLr extends StepCountSchedule {
    private final double baseLearningRate;
    private final double gamma;

    /** @throws IllegalArgumentException when the base rate is negative or {@code gamma <= 0} */
    public ExponentialLr(double baseLearningRate, double gamma) {
        super("ExponentialLr");
        checkBase(baseLearningRate);
        Checks.positive("gamma", gamma);
        this.baseLearningRate = baseLearningRate;
        this.gamma = gamma;
    }

    @Override
    public double learningRateAt(long step) {
        checkStep(step);
        return baseLearningRate * Math.pow(gamma, (double) step);
    }

    @Override
    public String toString() {
        return "ExponentialLr(base " + baseLearningRate + ", gamma " + gamma + ")";
    }
}
