package org.rnn4j.train;

/**
 * Training stopped because the loss or a gradient became NaN or infinite: carrying on would only spread NaN
 * through the weights. The message names the step and the cure; the last checkpoint on disk, if any, is the last
 * good one (no checkpoint is written once the numbers have gone bad).
 */
public final class TrainingDivergedException extends RuntimeException {
    private final long step;

    public TrainingDivergedException(long step, String message) {
        super(message);
        this.step = step;
    }

    /** The step at which the numbers went bad (1-based). */
    public long step() {
        return step;
    }
}
