package org.rnn4j.train;

/**
 * Where a run stands: the data position (epoch and batch within it), the step count and the early-stopping
 * bookkeeping. With the seed, this is all the random state of a run ({@link Seeds}).
 *
 * @param epoch                the current epoch, 0-based
 * @param batchInEpoch         the next batch of that epoch to train on
 * @param step                 optimiser steps taken so far
 * @param bestValidationLoss   the lowest validation loss so far; +∞ before the first validation
 * @param bestStep             the step of that validation; −1 before
 * @param validationsSinceBest validations since the best one (early stopping counts these)
 */
public record TrainingProgress(int epoch, int batchInEpoch, long step, double bestValidationLoss, long bestStep,
                               int validationsSinceBest) {
    public static final TrainingProgress START = new TrainingProgress(0, 0, 0, Double.POSITIVE_INFINITY, -1, 0);

    TrainingProgress afterBatch() {
        return new TrainingProgress(epoch, batchInEpoch + 1, step + 1, bestValidationLoss, bestStep,
                validationsSinceBest);
    }

    TrainingProgress nextEpoch() {
        return new TrainingProgress(epoch + 1, 0, step, bestValidationLoss, bestStep, validationsSinceBest);
    }

    TrainingProgress afterValidation(double loss) {
        return loss < bestValidationLoss
                ? new TrainingProgress(epoch, batchInEpoch, step, loss, step, 0)
                : new TrainingProgress(epoch, batchInEpoch, step, bestValidationLoss, bestStep, validationsSinceBest + 1);
    }
}
