package org.rnn4j.text;

import org.rnn4j.train.RunFiles;
import org.rnn4j.train.TrainerOptions;

/**
 * How a {@link LanguageModel} is trained ({@link LanguageModelTrainer}): char-rnn's recipe, the text read as
 * {@code batch} parallel streams in windows of {@code bptt} steps (truncated BPTT, k1 = bptt, k2 = bpttBack), Adam,
 * the last {@code validationFraction} of the text held out and the best validation's weights kept.
 *
 * @param trainer            limits, clipping, validation frequency, early stopping, seed
 * @param files              checkpoints, resuming and the CSV log
 * @param batch              parallel streams
 * @param bptt               k1: steps per window
 * @param bpttBack           k2 ≥ k1: steps backpropagated per window; 0 = bptt
 * @param learningRate       Adam's
 * @param validationFraction the end of the text held out, in (0, 1)
 * @param vocabularySize     word models: the most frequent words kept, the rest become {@code <unk>}
 */
public record LanguageModelTraining(TrainerOptions trainer, RunFiles files, int batch, int bptt, int bpttBack,
                                    double learningRate, double validationFraction, int vocabularySize,
                                    boolean unknownEntry) {
    public LanguageModelTraining {
        if (trainer == null || files == null) {
            throw new IllegalArgumentException("LanguageModelTraining.trainer and files are required");
        }
        if (batch < 1) {
            throw new IllegalArgumentException("LanguageModelTraining.batch must be at least 1, got " + batch);
        }
        if (bptt < 1) {
            throw new IllegalArgumentException("LanguageModelTraining.bptt must be at least 1, got " + bptt);
        }
        if (bpttBack != 0 && bpttBack < bptt) {
            throw new IllegalArgumentException("LanguageModelTraining.bpttBack (k2 = " + bpttBack
                    + ") must be 0 (= bptt) or at least LanguageModelTraining.bptt (k1 = " + bptt + ")");
        }
        if (!(learningRate > 0) || !Double.isFinite(learningRate)) {
            throw new IllegalArgumentException("LanguageModelTraining.learningRate must be a positive number, got "
                    + learningRate);
        }
        if (!(validationFraction > 0 && validationFraction < 1)) {
            throw new IllegalArgumentException("LanguageModelTraining.validationFraction must be between 0 and 1, got "
                    + validationFraction);
        }
        if (vocabularySize < 1) {
            throw new IllegalArgumentException("LanguageModelTraining.vocabularySize must be at least 1, got "
                    + vocabularySize);
        }
    }

    /**
     * What {@code train-lm} does by default: 20 epochs or 10 minutes, gradient norm clipped at 5, validation each
     * epoch keeping the best weights, seed 1; 32 streams, windows of 100, Adam at 0.002, 10% held out, 10,000 words,
     * an {@code <unk>} entry for characters the text lacks.
     */
    public static LanguageModelTraining defaults() {
        return new LanguageModelTraining(TrainerOptions.defaults().withMaxEpochs(20).withMaxMinutes(10)
                .withClipNorm(5).withEarlyStopping(0, true), RunFiles.NONE, 32, 100, 0, 0.002, 0.1, 10_000, true);
    }

    public LanguageModelTraining withTrainer(TrainerOptions value) {
        return new LanguageModelTraining(value, files, batch, bptt, bpttBack, learningRate, validationFraction,
                vocabularySize, unknownEntry);
    }

    public LanguageModelTraining withFiles(RunFiles value) {
        return new LanguageModelTraining(trainer, value, batch, bptt, bpttBack, learningRate, validationFraction,
                vocabularySize, unknownEntry);
    }

    public LanguageModelTraining withBatch(int value) {
        return new LanguageModelTraining(trainer, files, value, bptt, bpttBack, learningRate, validationFraction,
                vocabularySize, unknownEntry);
    }

    public LanguageModelTraining withBptt(int value) {
        return new LanguageModelTraining(trainer, files, batch, value, bpttBack, learningRate, validationFraction,
                vocabularySize, unknownEntry);
    }

    public LanguageModelTraining withBpttBack(int value) {
        return new LanguageModelTraining(trainer, files, batch, bptt, value, learningRate, validationFraction,
                vocabularySize, unknownEntry);
    }

    public LanguageModelTraining withLearningRate(double value) {
        return new LanguageModelTraining(trainer, files, batch, bptt, bpttBack, value, validationFraction,
                vocabularySize, unknownEntry);
    }

    public LanguageModelTraining withValidationFraction(double value) {
        return new LanguageModelTraining(trainer, files, batch, bptt, bpttBack, learningRate, value, vocabularySize,
                unknownEntry);
    }

    public LanguageModelTraining withVocabularySize(int value) {
        return new LanguageModelTraining(trainer, files, batch, bptt, bpttBack, learningRate, validationFraction,
                value, unknownEntry);
    }

    /**
     * Whether a character model's vocabulary gets an {@code <unk>} entry (a word model always has one), so that
     * text with characters the training text lacks can still be primed and scored: on by default.
     */
    public LanguageModelTraining withUnknownEntry(boolean value) {
        return new LanguageModelTraining(trainer, files, batch, bptt, bpttBack, learningRate, validationFraction,
                vocabularySize, value);
    }

    /** k2, the steps backpropagated per window. */
    public int backwardWindow() {
        return bpttBack == 0 ? bptt : bpttBack;
    }
}
