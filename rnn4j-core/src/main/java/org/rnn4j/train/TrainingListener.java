package org.rnn4j.train;

import java.nio.file.Path;
import java.util.List;

/** Watches a {@link Trainer}: progress lines, logs, charts. Every method does nothing unless overridden. */
public interface TrainingListener {

    /** Before the first step; {@code progress} is not at the start when the run resumes a checkpoint. */
    default void onStart(TrainingProgress progress, int batchesPerEpoch) {
    }

    default void onStep(StepReport report) {
    }

    default void onValidation(ValidationReport report) {
    }

    default void onCheckpoint(Path file, long step) {
    }

    default void onEnd(TrainingResult result) {
    }

    /**
     * Whether this listener asks the trainer to stop: checked before every step, so the step in progress always
     * finishes and the run ends as at any other limit (best weights restored, last checkpoint written) with
     * {@link StopReason#INTERRUPTED}.
     */
    default boolean stopRequested() {
        return false;
    }

    /**
     * What this listener could not write (its file on a full disk, a folder gone), one line each, asked after
     * {@link #onEnd}: a listener that writes files reports failures here instead of throwing, so that a log can
     * never cost the run.
     */
    default List<String> outputProblems() {
        return List.of();
    }
}
