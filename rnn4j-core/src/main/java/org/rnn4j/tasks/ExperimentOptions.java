package org.rnn4j.tasks;

import org.rnn4j.nn.recurrent.CellType;
import org.rnn4j.train.OptionChecks;
import org.rnn4j.train.TrainerOptions;

/**
 * Settings of a long-memory experiment.
 *
 * @param cell         rnn_tanh, rnn_relu, lstm or gru
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
 * @param unitForgetBias LSTM only: start the forget gate's bias at 1 (Keras's {@code unit_forget_bias}; Jozefowicz et
 *                     al. 2015), so the cell keeps its memory from the first step instead of halving it
 */
public record ExperimentOptions(CellType cell, int length, int hidden, int batch, double learningRate, double clipNorm,
                                int maxSteps, double maxMinutes, int evalEvery, int testSize, long seed,
                                boolean unitForgetBias) {
    public ExperimentOptions {
        if (cell == null) {
            throw new IllegalArgumentException("--cell is required");
        }
        OptionChecks.atLeast("--length", length, 1);
        OptionChecks.atLeast("--hidden", hidden, 1);
        OptionChecks.atLeast("--batch", batch, 1);
        OptionChecks.atLeast("--max-steps", maxSteps, 1);
        OptionChecks.atLeast("--eval-every", evalEvery, 1);
        OptionChecks.atLeast("--test-size", testSize, 1);
        OptionChecks.training(learningRate, clipNorm, maxMinutes);
        if (unitForgetBias && cell != CellType.LSTM) {
            throw new IllegalArgumentException("--unit-forget-bias applies to an LSTM only, not to " + cell.id());
        }
    }

    /** The trainer's limits: {@code maxSteps} steps in "epochs" of {@code evalEvery} steps, each ending in a validation. */
    public TrainerOptions trainerOptions() {
        return TrainerOptions.defaults().withMaxEpochs(Integer.MAX_VALUE).withMaxSteps(maxSteps)
                .withMaxMinutes(maxMinutes).withClipNorm(clipNorm).withSeed(seed);
    }
}
