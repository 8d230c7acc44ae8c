package org.rnn4j.train;

/** The option checks that training commands and model options share, so that every one words a bad value the same way. */
public final class OptionChecks {
    private OptionChecks() {
    }

    /**
     * "Record.hidden must be at least 1, got 0".
     *
     * @param component the record component, qualified by its record: {@code LanguageModel.Options.hidden}
     */
    public static void atLeast(String component, int value, int min) {
        if (value < min) {
            throw new IllegalArgumentException(component + " must be at least " + min + ", got " + value);
        }
    }

    /**
     * The learning rate, clipping norm and time budget that every training experiment takes, named as
     * {@code record.learningRate}, {@code record.clipNorm} and {@code record.maxMinutes}.
     *
     * @param record the record that holds them: {@code ExperimentOptions}
     */
    public static void training(String record, double learningRate, double clipNorm, double maxMinutes) {
        if (!(learningRate > 0) || !Double.isFinite(learningRate)) {
            throw new IllegalArgumentException(record + ".learningRate must be a positive number, got " + learningRate);
        }
        if (!(clipNorm >= 0) || !Double.isFinite(clipNorm)) {
            throw new IllegalArgumentException(record + ".clipNorm must be 0 (off) or positive, got " + clipNorm);
        }
        if (!(maxMinutes > 0)) {
            throw new IllegalArgumentException(record + ".maxMinutes must be positive, got " + maxMinutes);
        }
    }
}
