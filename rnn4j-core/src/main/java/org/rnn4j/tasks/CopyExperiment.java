package org.rnn4j.tasks;

import java.io.PrintWriter;
import java.util.List;
import java.util.SplittableRandom;
import org.rnn4j.loss.LossResult;
import org.rnn4j.loss.SoftmaxCrossEntropy;
import org.rnn4j.models.ManyToMany;
import org.rnn4j.nn.Parameter;
import org.rnn4j.nn.recurrent.RecurrentConfig;
import org.rnn4j.optim.Adam;
import org.rnn4j.optim.AdamOptions;
import org.rnn4j.tensor.Tensor;

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
        CopyMemory task = new CopyMemory(o.length());
        SplittableRandom rng = new SplittableRandom(o.seed());
        ManyToMany model = new ManyToMany(RecurrentConfig.of(o.cell(), CopyMemory.CLASSES, o.hidden()),
                CopyMemory.CLASSES, rng.split());
        List<Parameter> parameters = model.parameters();
        Adam adam = new Adam(AdamOptions.defaults().withLearningRate(o.learningRate()));
        SoftmaxCrossEntropy crossEntropy = new SoftmaxCrossEntropy();
        SplittableRandom dataRng = rng.split();
        CopyMemory.Batch validation = task.sample(o.testSize(), rng.split());
        CopyMemory.Batch test = task.sample(o.testSize(), rng.split());

        progress.printf("copy task: %s, delay %d (%d steps), baseline %.4f nats/step%n",
                model.recurrent().describe(), o.length(), task.length(), task.baselineLoss());
        long start = System.nanoTime();
        long deadline = start + (long) (o.maxMinutes() * 60e9);
        double running = Double.NaN;
        int step = 0;
        while (step < o.maxSteps() && System.nanoTime() < deadline) {
            CopyMemory.Batch batch = task.sample(o.batch(), dataRng);
            ManyToMany.Trace trace = model.forward(oneHot(batch.inputs(), o.batch(), task.length(), CopyMemory.CLASSES),
                    null, null, null);
            LossResult loss = crossEntropy.compute(trace.output(), batch.targets());
            TrainingSteps.requireFinite(loss.value(), step + 1);
            model.backward(trace, loss.gradient());
            TrainingSteps.update(parameters, adam, o.clipNorm());
            step++;
            running = Double.isNaN(running) ? loss.value() : 0.95 * running + 0.05 * loss.value();
            if (step % o.evalEvery() == 0) {
                double[] val = evaluate(model, task, validation, crossEntropy);
                progress.printf("step %6d  train_loss %.5f  val_loss %.5f  val_accuracy %.3f  %5.0f s%n", step, running,
                        val[0], val[1], (System.nanoTime() - start) / 1e9);
                progress.flush();
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        double[] result = evaluate(model, task, test, crossEntropy);
        return new ExperimentResult(step, seconds, result[0], result[1], task.baselineLoss());
    }

    /** {cross-entropy per step, accuracy over the answer steps}. */
    private static double[] evaluate(ManyToMany model, CopyMemory task, CopyMemory.Batch data, SoftmaxCrossEntropy ce) {
        int length = task.length();
        ManyToMany.Trace trace = model.forward(oneHot(data.inputs(), data.batch(), length, CopyMemory.CLASSES),
                null, null, null);
        trace.recurrent().release();
        Tensor logits = trace.output();
        double loss = ce.compute(logits, data.targets()).value();
        int correct = 0;
        for (int b = 0; b < data.batch(); b++) {
            for (int t = length - CopyMemory.COPY_LENGTH; t < length; t++) {
                int row = b * length + t;
                int best = 0;
                for (int k = 1; k < CopyMemory.CLASSES; k++) {
                    if (logits.get(row * CopyMemory.CLASSES + k) > logits.get(row * CopyMemory.CLASSES + best)) {
                        best = k;
                    }
                }
                correct += best == data.targets()[row] ? 1 : 0;
            }
        }
        return new double[] {loss, (double) correct / (data.batch() * CopyMemory.COPY_LENGTH)};
    }
}
