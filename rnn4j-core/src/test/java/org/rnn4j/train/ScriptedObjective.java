package org.rnn4j.train;

import java.util.List;
import java.util.random.RandomGenerator;
import org.rnn4j.nn.Parameter;

/**
 * An objective whose losses are a script, for testing the loop's bookkeeping: one parameter w (1 element) whose
 * gradient is always 1, so plain SGD with rate r lowers it by r per step; training losses and validation losses
 * are read from the given arrays by step and by validation count (the last value repeats).
 */
class ScriptedObjective implements Objective<Integer> {
    final Parameter w = new Parameter("w", 1);
    private final double[] trainLosses;
    private final double[] validationLosses;
    int steps;
    int validations;
    private int evaluatedInThisPass;

    ScriptedObjective(double[] trainLosses, double[] validationLosses) {
        this.trainLosses = trainLosses;
        this.validationLosses = validationLosses;
    }

    @Override
    public List<Parameter> parameters() {
        return List.of(w);
    }

    @Override
    public double train(Integer batch, RandomGenerator rng) {
        double loss = trainLosses[Math.min(steps++, trainLosses.length - 1)];
        w.grad().set(0, 1f);
        return loss;
    }

    @Override
    public void startEvaluation() {
        evaluatedInThisPass = 0;
        validations++;
    }

    @Override
    public Score evaluate(Integer batch) {
        evaluatedInThisPass++;
        return Score.ofLoss(validationLosses[Math.min(validations - 1, validationLosses.length - 1)], 1);
    }

    /** A plan of {@code n} batches per epoch whose batches are their indices. */
    static BatchPlan<Integer> batches(int n) {
        return new BatchPlan<>() {
            @Override
            public int batchesPerEpoch() {
                return n;
            }

            @Override
            public Integer batch(int epoch, int index) {
                return index;
            }
        };
    }
}
