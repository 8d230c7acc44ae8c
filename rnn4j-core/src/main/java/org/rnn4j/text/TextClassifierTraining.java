package org.rnn4j.text;

import org.rnn4j.train.RunFiles;
import org.rnn4j.train.TrainerOptions;

/**
 * How a {@link TextClassifier} is trained ({@link TextClassifierTrainer}): the vocabulary of the training texts,
 * Adam on batches of texts of similar lengths, a stratified {@code validationFraction} held out (or a validation set
 * given) and the best validation's weights kept; optionally stratified k-fold cross-validation first.
 *
 * @param trainer            limits, clipping, validation frequency, early stopping, seed; with folds, its
 *                           {@code maxMinutes} is the budget of all k + 1 runs together
 * @param files              checkpoints, resuming and the CSV log (of the final run)
 * @param folds              k of the k-fold cross-validation before the final training; 0 = none
 * @param vocabularySize     the most frequent tokens kept, {@code <pad>} and {@code <unk>} included; 0 = all
 * @param minCount           tokens seen fewer times in training are {@code <unk>}
 * @param batch              texts per training batch (evaluation reads twice as many)
 * @param learningRate       Adam's
 * @param validationFraction the stratified part of the training texts held out, in (0, 1)
 */
public record TextClassifierTraining(TrainerOptions trainer, RunFiles files, int folds, int vocabularySize,
                                     long minCount, int batch, double learningRate, double validationFraction) {
    public TextClassifierTraining {
        if (trainer == null || files == null) {
            throw new IllegalArgumentException("TextClassifierTraining.trainer and files are required");
        }
        if (folds != 0 && folds < 2) {
            throw new IllegalArgumentException("TextClassifierTraining.folds must be 0 (none) or at least 2, got "
                    + folds);
        }
        if (folds > 0 && (files.checkpointDir() != null || files.resume())) {
            throw new IllegalArgumentException("TextClassifierTraining.folds runs several trainings, which "
                    + "RunFiles.checkpointDir/RunFiles.resume do not support; checkpoint a run"
                    + " without TextClassifierTraining.folds");
        }
        if (vocabularySize != 0 && vocabularySize < 3) {
            throw new IllegalArgumentException("TextClassifierTraining.vocabularySize must be 0 (all) or at least 3 "
                    + "(<pad>, <unk> and one token), got " + vocabularySize);
        }
        if (minCount < 1) {
            throw new IllegalArgumentException("TextClassifierTraining.minCount must be at least 1, got " + minCount);
        }
        if (batch < 1) {
            throw new IllegalArgumentException("TextClassifierTraining.batch must be at least 1, got " + batch);
        }
        if (!(learningRate > 0) || !Double.isFinite(learningRate)) {
            throw new IllegalArgumentException("TextClassifierTraining.learningRate must be positive, got "
                    + learningRate);
        }
        if (!(validationFraction > 0 && validationFraction < 1)) {
            throw new IllegalArgumentException("TextClassifierTraining.validationFraction must be between 0 and 1, "
                    + "got " + validationFraction);
        }
    }

    /**
     * What {@code train-classifier} does by default: 20 epochs or 10 minutes, gradient norm clipped at 5,
     * validation each epoch keeping the best weights, seed 1; no folds, 20,000 tokens seen at least twice, batches of
     * 32, Adam at 0.002, 10% held out.
     */
    public static TextClassifierTraining defaults() {
        return new TextClassifierTraining(TrainerOptions.defaults().withMaxEpochs(20).withMaxMinutes(10)
                .withClipNorm(5).withEarlyStopping(0, true), RunFiles.NONE, 0, 20_000, 2, 32, 0.002, 0.1);
    }

    public TextClassifierTraining withTrainer(TrainerOptions value) {
        return new TextClassifierTraining(value, files, folds, vocabularySize, minCount, batch, learningRate,
                validationFraction);
    }

    public TextClassifierTraining withFiles(RunFiles value) {
        return new TextClassifierTraining(trainer, value, folds, vocabularySize, minCount, batch, learningRate,
                validationFraction);
    }

    public TextClassifierTraining withFolds(int value) {
        return new TextClassifierTraining(trainer, files, value, vocabularySize, minCount, batch, learningRate,
                validationFraction);
    }

    public TextClassifierTraining withVocabularySize(int value) {
        return new TextClassifierTraining(trainer, files, folds, value, minCount, batch, learningRate,
                validationFraction);
    }

    public TextClassifierTraining withMinCount(long value) {
        return new TextClassifierTraining(trainer, files, folds, vocabularySize, value, batch, learningRate,
                validationFraction);
    }

    public TextClassifierTraining withBatch(int value) {
        return new TextClassifierTraining(trainer, files, folds, vocabularySize, minCount, value, learningRate,
                validationFraction);
    }

    public TextClassifierTraining withLearningRate(double value) {
        return new TextClassifierTraining(trainer, files, folds, vocabularySize, minCount, batch, value,
                validationFraction);
    }

    public TextClassifierTraining withValidationFraction(double value) {
        return new TextClassifierTraining(trainer, files, folds, vocabularySize, minCount, batch, learningRate, value);
    }
}
