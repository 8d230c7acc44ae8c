package org.rnn4j.train;

/** Why {@link Trainer#fit()} returned. */
public enum StopReason {
    MAX_EPOCHS("reached the epoch limit"),
    MAX_STEPS("reached the step limit"),
    TIME_LIMIT("reached the time limit"),
    EARLY_STOP("validation loss stopped improving (early stopping)"),
    /** A listener asked to stop (the command line does on Ctrl-C or SIGTERM): the step in progress finished first. */
    INTERRUPTED("interrupted");

    private final String description;

    StopReason(String description) {
        this.description = description;
    }

    public String description() {
        return description;
    }
}
