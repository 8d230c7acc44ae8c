package org.rnn4j.tasks;

import java.io.PrintWriter;
import java.util.List;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import org.rnn4j.loss.LossResult;
import org.rnn4j.loss.SoftmaxCrossEntropy;
import org.rnn4j.models.ManyToMany;
import org.rnn4j.nn.Parameter;
import org.rnn4j.nn.recurrent.RecurrentConfig;
import org.rnn4j.optim.Adam;
import org.rnn4j.optim.AdamOptions;
import org.rnn4j.tensor.Tensor;
import org.rnn4j.train.BatchPlan;
import org.rnn4j.train.Objective;
import org.rnn4j.train.ProgressLog;
import org.rnn4j.train.RunFiles;
import org.rnn4j.train.Score;
import org.rnn4j.train.Trainer;
import org.rnn4j.train.TrainingResult;

/**
 * Trains a recurrent network on the {@link CopyMemory} task: cross-entropy per step over all T + 20 steps, as
 * Arjovsky et al. report it, against the baseline 10·log 8 / (T + 20); accuracy is over the 10 answer steps.
 */
public final class CopyExperiment {
    private CopyExperiment() {
    }

    /** Class ids (B·L) → one-hot (B, L, classes). */
    static Tensor oneHot(int[] ids, int batch, int length, int classes) {
        Tensor x = Tensor.zeros(batch, length, classes);
        for (int i = 0; i < ids.length; i++) {
            x.set(i * classes + ids[i], 1f);
        }
        return x;
    }

    public static ExperimentResult run(ExperimentOptions o, PrintWriter progress) {
        return run(o, RunFiles.NONE, progress);
    }

    public static ExperimentResult run(ExperimentOptions o, RunFiles files, PrintWriter progress) {
        CopyMemory task = new CopyMemory(o.length());
        SplittableRandom rng = new SplittableRandom(o.seed());
        SplittableRandom weights = rng.split();
        ManyToMany model = new ManyToMany(RecurrentConfig.of(o.cell(), CopyMemory.CLASSES, o.hidden()),
                CopyMemory.CLASSES, weights);
        o.start().apply(model.recurrent(), weights);
        BatchPlan<CopyMemory.Batch> validation = fixed(task.sample(o.testSize(), rng.split()));
        BatchPlan<CopyMemory.Batch> test = fixed(task.sample(o.testSize(), rng.split()));
        BatchPlan<CopyMemory.Batch> training = BatchPlan.generated(o.evalEvery(), o.seed(),
                r -> task.sample(o.batch(), r));
        Trainer<CopyMemory.Batch> trainer = new Trainer<>(new CopyObjective(model),
                new Adam(AdamOptions.defaults().withLearningRate(o.learningRate())), null, training, validation,
                files.applyTo(o.trainerOptions())).addListener(new ProgressLog(progress, o.evalEvery()));

        progress.printf("copy task: %s, delay %d (%d steps), baseline %.4f nats/step%n",
                model.recurrent().describe(), o.length(), task.length(), task.baselineLoss());
        TrainingResult result = files.prepare(trainer).fit();
        Score score = trainer.evaluate(test);
        return new ExperimentResult((int) result.progress().step(), result.seconds(), score.loss(), score.accuracy(),
                task.baselineLoss());
    }

    private static BatchPlan<CopyMemory.Batch> fixed(CopyMemory.Batch b) {
        return BatchPlan.generated(1, 0, ignored -> b);
    }

    /** Per-step cross-entropy over all steps; accuracy over the answer steps only. */
    private static final class CopyObjective implements Objective<CopyMemory.Batch> {
        private final ManyToMany model;
        private final SoftmaxCrossEntropy crossEntropy = new SoftmaxCrossEntropy();

        CopyObjective(ManyToMany model) {
            this.model = model;
        }

        @Override
        public List<Parameter> parameters() {
            return model.parameters();
        }

        @Override
        public double train(CopyMemory.Batch batch, RandomGenerator rng) {
            ManyToMany.Trace trace = model.forward(oneHot(batch.inputs(), batch.batch(), batch.length(),
                    CopyMemory.CLASSES), null, null, rng);
            LossResult loss = crossEntropy.compute(trace.output(), batch.targets());
            model.backward(trace, loss.gradient());
            return loss.value();
        }

        @Override
        public Score evaluate(CopyMemory.Batch data) {
            int length = data.length();
            ManyToMany.Trace trace = model.forward(oneHot(data.inputs(), data.batch(), length, CopyMemory.CLASSES),
                    null, null, null);
            trace.recurrent().release();
            Tensor logits = trace.output();
            double loss = crossEntropy.compute(logits, data.targets()).value();
            int correct = 0;
            for (int b = 0; b < data.batch(); b++) {
                for (int t = length - CopyMemory.COPY_LENGTH; t < length; t++) {
                    int row = b * length + t;
                    int best = logits.argmax(row * CopyMemory.CLASSES, CopyMemory.CLASSES);
                    correct += best == data.targets()[row] ? 1 : 0;
                }
            }
            return Score.ofClassification(loss, (long) data.batch() * CopyMemory.COPY_LENGTH, correct);
        }
    }
}
