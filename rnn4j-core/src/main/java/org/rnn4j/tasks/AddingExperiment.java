package org.rnn4j.tasks;

import java.io.PrintWriter;
import java.util.List;
import java.util.SplittableRandom;
import org.rnn4j.loss.LossResult;
import org.rnn4j.loss.MeanSquaredError;
import org.rnn4j.models.ManyToOne;
import org.rnn4j.nn.Parameter;
import org.rnn4j.nn.recurrent.RecurrentConfig;
import org.rnn4j.optim.Adam;
import org.rnn4j.optim.AdamOptions;

/**
 * Trains a recurrent network on the {@link AddingProblem} and reports its test MSE against the 0.167 baseline.
 * A tanh RNN stays near the baseline at T = 100 (its gradient through 50+ steps has vanished); LSTM and GRU,
 * whose additive state update keeps the gradient alive, learn it.
 */
public final class AddingExperiment {
    private AddingExperiment() {
    }

    /** The network the experiment trains: one recurrent layer read to the end, then Dense(1). */
    public static ManyToOne newModel(ExperimentOptions o) {
        return new ManyToOne(RecurrentConfig.of(o.cell(), 2, o.hidden()), 1, new SplittableRandom(o.seed()).split());
    }

    public static ExperimentResult run(ExperimentOptions o, PrintWriter progress) {
        return train(newModel(o), o, progress);
    }

    /** Trains {@code model} in place. */
    public static ExperimentResult train(ManyToOne model, ExperimentOptions o, PrintWriter progress) {
        AddingProblem task = new AddingProblem(o.length());
        SplittableRandom rng = new SplittableRandom(o.seed());
        rng.split(); // the first split seeded the model's weights (newModel)
        List<Parameter> parameters = model.parameters();
        Adam adam = new Adam(AdamOptions.defaults().withLearningRate(o.learningRate()));
        MeanSquaredError mse = new MeanSquaredError();
        SplittableRandom dataRng = rng.split();
        AddingProblem.Batch validation = task.sample(o.testSize(), rng.split());
        AddingProblem.Batch test = task.sample(o.testSize(), rng.split());

        progress.printf("adding problem: %s, T %d, baseline MSE %.3f (always answering 1)%n",
                model.recurrent().describe(), o.length(), AddingProblem.BASELINE_MSE);
        long start = System.nanoTime();
        long deadline = start + (long) (o.maxMinutes() * 60e9);
        double running = Double.NaN;
        int step = 0;
        while (step < o.maxSteps() && System.nanoTime() < deadline) {
            AddingProblem.Batch batch = task.sample(o.batch(), dataRng);
            ManyToOne.Trace trace = model.forward(batch.inputs(), null, null);
            LossResult loss = mse.compute(trace.output(), batch.targets());
            TrainingSteps.requireFinite(loss.value(), step + 1);
            model.backward(trace, loss.gradient());
            TrainingSteps.update(parameters, adam, o.clipNorm());
            step++;
            running = Double.isNaN(running) ? loss.value() : 0.95 * running + 0.05 * loss.value();
            if (step % o.evalEvery() == 0) {
                double val = mse.compute(model.predict(validation.inputs(), null), validation.targets()).value();
                progress.printf("step %6d  train_mse %.5f  val_mse %.5f  %5.0f s%n", step, running, val,
                        (System.nanoTime() - start) / 1e9);
                progress.flush();
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        double testMse = mse.compute(model.predict(test.inputs(), null), test.targets()).value();
        return new ExperimentResult(step, seconds, testMse, Double.NaN, AddingProblem.BASELINE_MSE);
    }
}
