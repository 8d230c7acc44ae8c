package org.rnn4j.tasks;

import java.io.PrintWriter;
import java.util.SplittableRandom;
import org.rnn4j.models.ManyToOne;
import org.rnn4j.nn.recurrent.RecurrentConfig;
import org.rnn4j.optim.Adam;
import org.rnn4j.optim.AdamOptions;
import org.rnn4j.train.BatchPlan;
import org.rnn4j.train.ProgressLog;
import org.rnn4j.train.RegressionBatch;
import org.rnn4j.train.RunFiles;
import org.rnn4j.train.SequenceRegression;
import org.rnn4j.train.Trainer;
import org.rnn4j.train.TrainingResult;

/**
 * Trains a recurrent network on the {@link AddingProblem} and reports its test MSE against the 0.167 baseline.
 * A tanh RNN stays near the baseline at T = 100 (its gradient through 50+ steps has vanished); LSTM and GRU,
 * whose additive state update keeps the gradient alive, learn it.
 *
 * <p>Every batch is freshly drawn ({@link BatchPlan#generated}); an "epoch" is the {@code evalEvery} steps between two
 * validations on a fixed validation set. The test set is drawn apart and scored once, at the end.
 */
public final class AddingExperiment {
    private AddingExperiment() {
    }

    /** The network the experiment trains: one recurrent layer read to the end, then Dense(1). */
    public static ManyToOne newModel(ExperimentOptions o) {
        SplittableRandom weights = new SplittableRandom(o.seed()).split();
        ManyToOne model = new ManyToOne(RecurrentConfig.of(o.cell(), 2, o.hidden()), 1, weights);
        o.start().apply(model.recurrent(), weights);
        return model;
    }

    public static ExperimentResult run(ExperimentOptions o, PrintWriter progress) {
        return train(newModel(o), o, RunFiles.NONE, progress);
    }

    public static ExperimentResult run(ExperimentOptions o, RunFiles files, PrintWriter progress) {
        return train(newModel(o), o, files, progress);
    }

    /** Trains {@code model} in place. */
    public static ExperimentResult train(ManyToOne model, ExperimentOptions o, PrintWriter progress) {
        return train(model, o, RunFiles.NONE, progress);
    }

    static ExperimentResult train(ManyToOne model, ExperimentOptions o, RunFiles files, PrintWriter progress) {
        AddingProblem task = new AddingProblem(o.length());
        SplittableRandom rng = new SplittableRandom(o.seed());
        rng.split(); // the first split seeded the model's weights (newModel)
        BatchPlan<RegressionBatch> validation = fixed(task.sample(o.testSize(), rng.split()));
        BatchPlan<RegressionBatch> test = fixed(task.sample(o.testSize(), rng.split()));
        BatchPlan<RegressionBatch> training = BatchPlan.generated(o.evalEvery(), o.seed(), r -> {
            AddingProblem.Batch b = task.sample(o.batch(), r);
            return new RegressionBatch(b.inputs(), null, b.targets());
        });
        Trainer<RegressionBatch> trainer = new Trainer<>(new SequenceRegression(model),
                new Adam(AdamOptions.defaults().withLearningRate(o.learningRate())), null, training, validation,
                files.applyTo(o.trainerOptions())).addListener(new ProgressLog(progress, o.evalEvery()));

        progress.printf("adding problem: %s, T %d, baseline MSE %.3f (always answering 1)%n",
                model.recurrent().describe(), o.length(), AddingProblem.BASELINE_MSE);
        TrainingResult result = files.prepare(trainer).fit();
        double testMse = trainer.evaluate(test).loss();
        return new ExperimentResult((int) result.progress().step(), result.seconds(), testMse, Double.NaN,
                AddingProblem.BASELINE_MSE);
    }

    private static BatchPlan<RegressionBatch> fixed(AddingProblem.Batch b) {
        return BatchPlan.generated(1, 0, ignored -> new RegressionBatch(b.inputs(), null, b.targets()));
    }
}
