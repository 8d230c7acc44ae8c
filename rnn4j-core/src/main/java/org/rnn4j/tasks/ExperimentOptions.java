package org.rnn4j.tasks;

import org.rnn4j.nn.recurrent.CellType;

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
 */
public record ExperimentOptions(CellType cell, int length, int hidden, int batch, double learningRate, double clipNorm,
                                int maxSteps, double maxMinutes, int evalEvery, int testSize, long seed) {
    public ExperimentOptions {
        if (cell == null) {
            throw new IllegalArgumentException("--cell is required");
        }
        positive("--length", length);
        positive("--hidden", hidden);
        positive("--batch", batch);
        positive("--max-steps", maxSteps);
        positive("--eval-every", evalEvery);
        positive("--test-size", testSize);
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

    private static void positive(String option, int value) {
        if (value < 1) {
            throw new IllegalArgumentException(option + " must be at least 1, got " + value);
        }
    }
}
