package org.rnn4j.optim;

/**
 * Multiplies the rate by {@code gamma} every {@code stepSize} steps: {@code lr(t) = base·gamma^⌊t / stepSize⌋},
 * PyTorch's {@code StepLR}.
 */
public final class StepLr extends StepCountSchedule {
    private final double baseLearningRate;
    private final int stepSize;
    private final double gamma;

    /**
     * @throws IllegalArgumentException when the base rate is negative, {@code stepSize < 1} or {@code gamma <= 0}
     */
    public StepLr(double baseLearningRate, int stepSize, double gamma) {
        super("StepLr");
        checkBase(baseLearningRate);
        if (stepSize < 1) {
            throw new IllegalArgumentException("stepSize must be >= 1, got " + stepSize);
        }
        Checks.positive("gamma", gamma);
        this.baseLearningRate = baseLearningRate;
        this.stepSize = stepSize;
        this.gamma = gamma;
    }

    @Override
    public double learningRateAt(long step) {
        checkStep(step);
        return baseLearningRate * Math.pow(gamma, (double) (step / stepSize));
    }

    @Override
    public String toString() {
        return "StepLr(base " + baseLearningRate + ", stepSize " + stepSize + ", gamma " + gamma + ")";
    }
}
