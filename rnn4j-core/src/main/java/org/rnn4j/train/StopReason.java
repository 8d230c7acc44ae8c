package org.rnn4j.train;

/** Why {@link Trainer#fit()} returned. */
public enum StopReason {
    MAX_EPOCHS("reached --max-epochs"),
    MAX_STEPS("reached --max-steps"),
    TIME_LIMIT("reached --max-minutes"),
    EARLY_STOP("validation loss stopped improving (--patience)");

    private final String description;

    StopReason(String description) {
        this.description = description;
    }

    public String description() {
        return description;
    }
}
