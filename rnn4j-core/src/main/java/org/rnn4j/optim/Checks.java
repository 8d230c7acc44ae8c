package org.rnn4j.optim;

/** The validations that the options records share; each message names the option and the value given. */
final class Checks {
    private Checks() {
    }

    static void learningRate(double value) {
        BaseOptimizer.checkedLearningRate(value);
    }

    /** {@code value >= 0} and finite. */
    static void nonNegative(String option, double value) {
        if (!(value >= 0 && value < Double.POSITIVE_INFINITY)) {
            throw new IllegalArgumentException(option + " must be >= 0 and finite, got " + value);
        }
    }

    /** {@code value > 0} and finite. */
    static void positive(String option, double value) {
        if (!(value > 0 && value < Double.POSITIVE_INFINITY)) {
            throw new IllegalArgumentException(option + " must be > 0 and finite, got " + value);
        }
    }

    /** {@code 0 <= value < 1}, as PyTorch requires of Adam's betas. */
    static void unitInterval(String option, double value) {
        if (!(value >= 0 && value < 1)) {
            throw new IllegalArgumentException(option + " must be in [0, 1), got " + value);
        }
    }
}
