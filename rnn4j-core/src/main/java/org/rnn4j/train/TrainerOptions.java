package org.rnn4j.train;

import java.nio.file.Path;

/**
 * How long and how carefully a {@link Trainer} trains. Every value is checked here, before any training, and a
 * bad one is named by its record component ({@code TrainerOptions.maxEpochs}); the command line shows its flag.
 *
 * @param maxEpochs       passes over the training data at most (≥ 1)
 * @param maxSteps        optimiser steps at most; 0 = no limit
 * @param maxMinutes      wall-clock budget of this run (a resumed run gets a fresh budget); may be infinite
 * @param clipNorm        clip the global gradient norm to this; 0 = off
 * @param clipValue       clamp every gradient element to ±this; 0 = off
 * @param validateEvery   validate every N steps; 0 = at the end of each epoch
 * @param patience        stop after this many validations without a better loss (early stopping); 0 = never
 * @param keepBest        at the end, put back the weights of the best validation
 * @param checkpointFile  where to write checkpoints (atomically); null = none
 * @param checkpointEvery write a checkpoint every N steps; 0 = at the end of each epoch (and always at the end)
 * @param seed            seeds the order of the data and every random draw of training
 */
public record TrainerOptions(int maxEpochs, long maxSteps, double maxMinutes, double clipNorm, double clipValue,
                             int validateEvery, int patience, boolean keepBest, Path checkpointFile,
                             int checkpointEvery, long seed) {
    public TrainerOptions {
        if (maxEpochs < 1) {
            throw new IllegalArgumentException("TrainerOptions.maxEpochs must be at least 1, got " + maxEpochs);
        }
        if (maxSteps < 0) {
            throw new IllegalArgumentException("TrainerOptions.maxSteps must be 0 (no limit) or positive, got " + maxSteps);
        }
        if (!(maxMinutes > 0)) {
            throw new IllegalArgumentException("TrainerOptions.maxMinutes must be positive, got " + maxMinutes);
        }
        if (!(clipNorm >= 0) || Double.isInfinite(clipNorm)) {
            throw new IllegalArgumentException("TrainerOptions.clipNorm must be 0 (off) or a positive number, got " + clipNorm);
        }
        if (!(clipValue >= 0) || Double.isInfinite(clipValue)) {
            throw new IllegalArgumentException("TrainerOptions.clipValue must be 0 (off) or a positive number, got " + clipValue);
        }
        if (validateEvery < 0) {
            throw new IllegalArgumentException("TrainerOptions.validateEvery must be 0 (each epoch) or positive, got "
                    + validateEvery);
        }
        if (patience < 0) {
            throw new IllegalArgumentException("TrainerOptions.patience must be 0 (no early stopping) or positive, got " + patience);
        }
        if (checkpointEvery < 0) {
            throw new IllegalArgumentException("TrainerOptions.checkpointEvery must be 0 (each epoch) or positive, got "
                    + checkpointEvery);
        }
    }

    /** 10 epochs, no other limit, no clipping, validation and checkpoint (if a file is set) each epoch, seed 1. */
    public static TrainerOptions defaults() {
        return new TrainerOptions(10, 0, Double.POSITIVE_INFINITY, 0, 0, 0, 0, false, null, 0, 1);
    }

    public TrainerOptions withMaxEpochs(int value) {
        return new TrainerOptions(value, maxSteps, maxMinutes, clipNorm, clipValue, validateEvery, patience, keepBest,
                checkpointFile, checkpointEvery, seed);
    }

    public TrainerOptions withMaxSteps(long value) {
        return new TrainerOptions(maxEpochs, value, maxMinutes, clipNorm, clipValue, validateEvery, patience, keepBest,
                checkpointFile, checkpointEvery, seed);
    }

    public TrainerOptions withMaxMinutes(double value) {
        return new TrainerOptions(maxEpochs, maxSteps, value, clipNorm, clipValue, validateEvery, patience, keepBest,
                checkpointFile, checkpointEvery, seed);
    }

    public TrainerOptions withClipNorm(double value) {
        return new TrainerOptions(maxEpochs, maxSteps, maxMinutes, value, clipValue, validateEvery, patience, keepBest,
                checkpointFile, checkpointEvery, seed);
    }

    public TrainerOptions withClipValue(double value) {
        return new TrainerOptions(maxEpochs, maxSteps, maxMinutes, clipNorm, value, validateEvery, patience, keepBest,
                checkpointFile, checkpointEvery, seed);
    }

    public TrainerOptions withValidateEvery(int value) {
        return new TrainerOptions(maxEpochs, maxSteps, maxMinutes, clipNorm, clipValue, value, patience, keepBest,
                checkpointFile, checkpointEvery, seed);
    }

    /** Early stopping after {@code value} validations without improvement, keeping the best weights. */
    public TrainerOptions withEarlyStopping(int value, boolean keepBestWeights) {
        return new TrainerOptions(maxEpochs, maxSteps, maxMinutes, clipNorm, clipValue, validateEvery, value,
                keepBestWeights, checkpointFile, checkpointEvery, seed);
    }

    public TrainerOptions withCheckpoints(Path file, int every) {
        return new TrainerOptions(maxEpochs, maxSteps, maxMinutes, clipNorm, clipValue, validateEvery, patience,
                keepBest, file, every, seed);
    }

    public TrainerOptions withSeed(long value) {
        return new TrainerOptions(maxEpochs, maxSteps, maxMinutes, clipNorm, clipValue, validateEvery, patience,
                keepBest, checkpointFile, checkpointEvery, value);
    }
}
