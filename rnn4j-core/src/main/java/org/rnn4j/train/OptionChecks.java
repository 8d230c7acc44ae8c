package org.rnn4j.train;

/** The option checks that training commands and model options share, so that every one words a bad value the same way. */
public final class OptionChecks {
    private OptionChecks() {
    }

    /** "--hidden must be at least 1, got 0". */
    public static void atLeast(String option, int value, int min) {
        if (value < min) {
            throw new IllegalArgumentException(option + " must be at least " + min + ", got " + value);
        }
    }

    /** --lr, --clip and --max-minutes, which every training experiment takes. */
    public static void training(double learningRate, double clipNorm, double maxMinutes) {
        if (!(learningRate > 0) || !Double.isFinite(learningRate)) {
            throw new IllegalArgumentException("--lr must be a positive number, got " + learningRate);
        }
        if (!(clipNorm >= 0) || !Double.isFinite(clipNorm)) {
            throw new IllegalArgumentException("--clip must be 0 (off) or positive, got " + clipNorm);
        }
        if (!(maxMinutes > 0)) {
            throw new IllegalArgumentException("--max-minutes must be positive, got " + maxMinutes);
        }
    }
}
