package org.rnn4j.train;

/** Why {@link Trainer#fit()} returned. */
public enum StopReason {
    MAX_EPOCHS("reached the epoch limit"),
    MAX_STEPS("reached the step limit"),
    TIME_LIMIT("reached the time limit"),
    EARLY_STOP("validation loss stopped improving (early stopping)");

    private final String description;

    StopReason(String description) {
        this.description = description;
    }

    public String description() {
        return description;
    }
}
