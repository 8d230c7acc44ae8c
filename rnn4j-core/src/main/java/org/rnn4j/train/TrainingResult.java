package org.rnn4j.train;

/**
 * How a run ended.
 *
 * @param progress       the final position (steps, epochs, best validation)
 * @param reason         why it stopped
 * @param seconds        wall-clock time of this run
 * @param lastLoss       the mean training loss of the last epoch's steps in this run (NaN if none)
 * @param lastValidation the last validation score, or null without validation
 * @param restoredBest   whether the best validation's weights were put back at the end
 */
public record TrainingResult(TrainingProgress progress, StopReason reason, double seconds, double lastLoss,
                             Score lastValidation, boolean restoredBest) {
}
