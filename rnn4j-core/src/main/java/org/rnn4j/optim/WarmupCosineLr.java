package org.rnn4j.optim;

/**
 * A linear warm-up followed by a cosine decay to a floor. With base rate {@code η}, {@code W = warmupSteps},
 * {@code N = totalSteps} (warm-up included) and {@code ηmin = minLearningRate}:
 * <pre>
 * lr(t) = η·(t + 1)/W                                       0 ≤ t &lt; W     (η/W at step 0, η at step W − 1)
 * lr(t) = ηmin + (η − ηmin)·(1 + cos(π·(t − W)/(N − W)))/2   W ≤ t &lt; N     (η at step W)
 * lr(t) = ηmin                                              t ≥ N
 * </pre>
 * With {@code W = 0} this is PyTorch's {@code CosineAnnealingLR(T_max=N, eta_min=ηmin)} for {@code t ≤ N} (PyTorch's
 * rate then rises again; this one stays at the floor). With {@code W > 0} it equals PyTorch's
 * {@code SequentialLR([LinearLR(start_factor=1/W, total_iters=W−1), CosineAnnealingLR(T_max=N−W, eta_min=ηmin)],
 * milestones=[W])}.
 */
public final class WarmupCosineLr extends StepCountSchedule {
    private final double baseLearningRate;
    private final long warmupSteps;
    private final long totalSteps;
    private final double minLearningRate;

    /**
     * @throws IllegalArgumentException when the base rate is negative, {@code warmupSteps < 0},
     *     {@code totalSteps <= warmupSteps}, or {@code minLearningRate} is outside {@code [0, base]}
     */
    public WarmupCosineLr(double baseLearningRate, long warmupSteps, long totalSteps, double minLearningRate) {
        super("WarmupCosineLr");
        checkBase(baseLearningRate);
        if (warmupSteps < 0) {
            throw new IllegalArgumentException("warmupSteps must be >= 0, got " + warmupSteps);
        }
        if (totalSteps <= warmupSteps) {
            throw new IllegalArgumentException("totalSteps must be greater than warmupSteps " + warmupSteps + ", got "
                    + totalSteps);
        }
        if (!(minLearningRate >= 0 && minLearningRate <= baseLearningRate)) {
            throw new IllegalArgumentException("minLearningRate must be in [0, " + baseLearningRate + "] (the base rate), got "
                    + minLearningRate);
        }
        this.baseLearningRate = baseLearningRate;
        this.warmupSteps = warmupSteps;
        this.totalSteps = totalSteps;
        this.minLearningRate = minLearningRate;
    }

    @Override
    public double learningRateAt(long step) {
        checkStep(step);
        if (step < warmupSteps) {
            return baseLearningRate * (step + 1) / warmupSteps;
        }
        if (step >= totalSteps) {
            return minLearningRate;
        }
        double progress = (double) (step - warmupSteps) / (totalSteps - warmupSteps);
        return minLearningRate + (baseLearningRate - minLearningRate) * (1 + Math.cos(Math.PI * progress)) / 2;
    }

    @Override
    public String toString() {
        return "WarmupCosineLr(base " + baseLearningRate + ", warmupSteps " + warmupSteps + ", totalSteps "
                + totalSteps + ", min " + minLearningRate + ")";
    }
}
