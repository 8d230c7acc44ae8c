package org.rnn4j.forecast;

import java.util.Objects;
import org.rnn4j.loss.ElementwiseLoss;
import org.rnn4j.loss.MeanAbsoluteError;
import org.rnn4j.train.RunFiles;
import org.rnn4j.train.TrainerOptions;

/**
 * How {@link ForecasterTrainer} trains a forecaster.
 *
 * @param validationWindows the last windows of the history held out for validation (early stopping, keep-best);
 *                          0 = none, and then no early stopping or keep-best whatever {@code trainer} says
 * @param batchSize         windows per batch
 * @param learningRate      Adam's learning rate
 * @param loss              the loss on the scaled residuals
 * @param trainer           the loop: limits, clipping, validation, early stopping, seed
 * @param files             checkpoints, resuming and the CSV log
 */
public record ForecasterTraining(int validationWindows, int batchSize, double learningRate, ElementwiseLoss loss,
                                 TrainerOptions trainer, RunFiles files) {
    public ForecasterTraining {
        if (validationWindows < 0) {
            throw new IllegalArgumentException("ForecasterTraining.validationWindows must be 0 or more, got "
                    + validationWindows);
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("ForecasterTraining.batchSize must be at least 1, got " + batchSize);
        }
        if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
            throw new IllegalArgumentException("ForecasterTraining.learningRate must be positive, got " + learningRate);
        }
        Objects.requireNonNull(loss, "ForecasterTraining.loss");
        Objects.requireNonNull(trainer, "ForecasterTraining.trainer");
        Objects.requireNonNull(files, "ForecasterTraining.files");
    }

    /**
     * Validation on the last {@code horizon} windows, batches of 16, Adam at 3e-3, the mean absolute error; up to
     * 400 epochs (a short series makes few windows, so an epoch is a few batches), the gradients clipped at a
     * global norm of 1, stopping after 20 epochs without a better validation loss and keeping the best weights.
     */
    public static ForecasterTraining defaults(int horizon) {
        return new ForecasterTraining(horizon, 16, 3e-3, new MeanAbsoluteError(), TrainerOptions.defaults()
                .withMaxEpochs(400).withClipNorm(1).withEarlyStopping(20, true), RunFiles.NONE);
    }

    public ForecasterTraining withValidationWindows(int value) {
        return new ForecasterTraining(value, batchSize, learningRate, loss, trainer, files);
    }

    public ForecasterTraining withBatchSize(int value) {
        return new ForecasterTraining(validationWindows, value, learningRate, loss, trainer, files);
    }

    public ForecasterTraining withLearningRate(double value) {
        return new ForecasterTraining(validationWindows, batchSize, value, loss, trainer, files);
    }

    public ForecasterTraining withLoss(ElementwiseLoss value) {
        return new ForecasterTraining(validationWindows, batchSize, learningRate, value, trainer, files);
    }

    public ForecasterTraining withTrainer(TrainerOptions value) {
        return new ForecasterTraining(validationWindows, batchSize, learningRate, loss, value, files);
    }

    public ForecasterTraining withFiles(RunFiles value) {
        return new ForecasterTraining(validationWindows, batchSize, learningRate, loss, trainer, value);
    }
}
