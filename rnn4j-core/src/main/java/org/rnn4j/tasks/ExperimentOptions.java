package org.rnn4j.tasks;

import java.util.Objects;
import org.rnn4j.nn.recurrent.CellType;
import org.rnn4j.nn.recurrent.RecurrentInit;
import org.rnn4j.train.OptionChecks;
import org.rnn4j.train.TrainerOptions;

/**
 * Settings of a long-memory experiment.
 *
 * @param cell         rnn_tanh, rnn_relu, lstm, gru or gru_reset_before
 * @param length       T: sequence length (adding) or delay (copy)
 * @param hidden       H
 * @param batch        B per training step
 * @param learningRate Adam's learning rate
 * @param clipNorm     gradient clipping by global norm; 0 turns it off
 * @param maxSteps     training steps at most
 * @param maxMinutes   wall-clock budget for training
 * @param evalEvery    steps between progress lines (each with a validation loss)
 * @param testSize     examples in the validation and test sets
 * @param seed         seeds weights, data and everything else
 * @param start        how the recurrent layer starts: forget-gate bias, recurrent weights
 */
public record ExperimentOptions(CellType cell, int length, int hidden, int batch, double learningRate, double clipNorm,
                                int maxSteps, double maxMinutes, int evalEvery, int testSize, long seed,
                                StartingWeights start) {
    public ExperimentOptions {
        if (cell == null) {
            throw new IllegalArgumentException("ExperimentOptions.cell is required");
        }
        OptionChecks.atLeast("ExperimentOptions.length", length, 1);
        OptionChecks.atLeast("ExperimentOptions.hidden", hidden, 1);
        OptionChecks.atLeast("ExperimentOptions.batch", batch, 1);
        OptionChecks.atLeast("ExperimentOptions.maxSteps", maxSteps, 1);
        OptionChecks.atLeast("ExperimentOptions.evalEvery", evalEvery, 1);
        OptionChecks.atLeast("ExperimentOptions.testSize", testSize, 1);
        OptionChecks.training("ExperimentOptions", learningRate, clipNorm, maxMinutes);
        Objects.requireNonNull(start, "ExperimentOptions.start").check("ExperimentOptions", cell);
    }

    /**
     * LSTM(128), T = 100, batch 50, Adam 1e-3, clipping at 1, at most 100 000 steps or 10 minutes, a validation every
     * 100 steps, 1000 validation and test examples, seed 1, PyTorch's initialisation.
     */
    public static ExperimentOptions defaults() {
        return new ExperimentOptions(CellType.LSTM, 100, 128, 50, 1e-3, 1.0, 100_000, 10, 100, 1000, 1,
                StartingWeights.PYTORCH);
    }

    public ExperimentOptions withCell(CellType value) {
        return new ExperimentOptions(value, length, hidden, batch, learningRate, clipNorm, maxSteps, maxMinutes,
                evalEvery, testSize, seed, start);
    }

    public ExperimentOptions withLength(int value) {
        return new ExperimentOptions(cell, value, hidden, batch, learningRate, clipNorm, maxSteps, maxMinutes,
                evalEvery, testSize, seed, start);
    }

    public ExperimentOptions withHidden(int value) {
        return new ExperimentOptions(cell, length, value, batch, learningRate, clipNorm, maxSteps, maxMinutes,
                evalEvery, testSize, seed, start);
    }

    public ExperimentOptions withBatch(int value) {
        return new ExperimentOptions(cell, length, hidden, value, learningRate, clipNorm, maxSteps, maxMinutes,
                evalEvery, testSize, seed, start);
    }

    public ExperimentOptions withLearningRate(double value) {
        return new ExperimentOptions(cell, length, hidden, batch, value, clipNorm, maxSteps, maxMinutes, evalEvery,
                testSize, seed, start);
    }

    public ExperimentOptions withClipNorm(double value) {
        return new ExperimentOptions(cell, length, hidden, batch, learningRate, value, maxSteps, maxMinutes, evalEvery,
                testSize, seed, start);
    }

    public ExperimentOptions withMaxSteps(int value) {
        return new ExperimentOptions(cell, length, hidden, batch, learningRate, clipNorm, value, maxMinutes, evalEvery,
                testSize, seed, start);
    }

    public ExperimentOptions withMaxMinutes(double value) {
        return new ExperimentOptions(cell, length, hidden, batch, learningRate, clipNorm, maxSteps, value, evalEvery,
                testSize, seed, start);
    }

    public ExperimentOptions withEvalEvery(int value) {
        return new ExperimentOptions(cell, length, hidden, batch, learningRate, clipNorm, maxSteps, maxMinutes, value,
                testSize, seed, start);
    }

    public ExperimentOptions withTestSize(int value) {
        return new ExperimentOptions(cell, length, hidden, batch, learningRate, clipNorm, maxSteps, maxMinutes,
                evalEvery, value, seed, start);
    }

    public ExperimentOptions withSeed(long value) {
        return new ExperimentOptions(cell, length, hidden, batch, learningRate, clipNorm, maxSteps, maxMinutes,
                evalEvery, testSize, value, start);
    }

    public ExperimentOptions withStart(StartingWeights value) {
        return new ExperimentOptions(cell, length, hidden, batch, learningRate, clipNorm, maxSteps, maxMinutes,
                evalEvery, testSize, seed, value);
    }

    public ExperimentOptions withUnitForgetBias(boolean value) {
        return withStart(start.withUnitForgetBias(value));
    }

    public ExperimentOptions withRecurrentInit(RecurrentInit value) {
        return withStart(start.withRecurrent(value));
    }

    /** The trainer's limits: {@code maxSteps} steps in "epochs" of {@code evalEvery} steps, each ending in a validation. */
    public TrainerOptions trainerOptions() {
        return TrainerOptions.defaults().withMaxEpochs(Integer.MAX_VALUE).withMaxSteps(maxSteps)
                .withMaxMinutes(maxMinutes).withClipNorm(clipNorm).withSeed(seed);
    }
}
