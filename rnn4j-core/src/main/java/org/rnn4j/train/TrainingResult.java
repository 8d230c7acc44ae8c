package org.rnn4j.train;

import java.util.List;

/**
 * How a run ended.
 *
 * @param progress       the final position (steps, epochs, best validation)
 * @param reason         why it stopped
 * @param seconds        wall-clock time of this run
 * @param lastLoss       the mean training loss of the last epoch's steps in this run (NaN if none)
 * @param lastValidation the last validation score, or null without validation
 * @param restoredBest   whether the best validation's weights were put back at the end
 * @param outputProblems what a listener could not write (a CSV log on a full disk), one line each; training went
 *                       on without it, since losing the run over its log would be the worse failure
 */
public record TrainingResult(TrainingProgress progress, StopReason reason, double seconds, double lastLoss,
                             Score lastValidation, boolean restoredBest, List<String> outputProblems) {
    public TrainingResult {
        outputProblems = List.copyOf(outputProblems);
    }

    /** This result with the listeners' problems, gathered after they saw the end. */
    TrainingResult withOutputProblems(List<String> problems) {
        return new TrainingResult(progress, reason, seconds, lastLoss, lastValidation, restoredBest, problems);
    }
}
