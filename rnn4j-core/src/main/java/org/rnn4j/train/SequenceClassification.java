package org.rnn4j.train;

import java.util.List;
import java.util.random.RandomGenerator;
import org.rnn4j.loss.LossResult;
import org.rnn4j.loss.SoftmaxCrossEntropy;
import org.rnn4j.models.ManyToOne;
import org.rnn4j.nn.Parameter;
import org.rnn4j.tensor.Tensor;

/** A {@link ManyToOne} classifier trained with softmax cross-entropy on its (B, classes) logits; scored with accuracy. */
public final class SequenceClassification implements Objective<ClassificationBatch> {
    private final ManyToOne model;
    private final SoftmaxCrossEntropy crossEntropy;

    public SequenceClassification(ManyToOne model, SoftmaxCrossEntropy crossEntropy) {
        this.model = model;
        this.crossEntropy = crossEntropy;
    }

    public SequenceClassification(ManyToOne model) {
        this(model, new SoftmaxCrossEntropy());
    }

    @Override
    public List<Parameter> parameters() {
        return model.parameters();
    }

    @Override
    public double train(ClassificationBatch batch, RandomGenerator rng) {
        ManyToOne.Trace trace = model.forward(batch.inputs(), batch.mask(), rng);
        LossResult loss = crossEntropy.compute(trace.output(), batch.labels()); // logits (B, classes)
        model.backward(trace, loss.gradient());
        return loss.value();
    }

    @Override
    public Score evaluate(ClassificationBatch batch) {
        Tensor logits = model.predict(batch.inputs(), batch.mask());
        double loss = crossEntropy.compute(logits, batch.labels()).value();
        return Score.ofClassification(loss, batch.labels().length, correct(logits, batch.labels()));
    }

    /** How many rows of {@code logits} (N, classes) have their largest value at the label. */
    public static int correct(Tensor logits, int[] labels) {
        int classes = logits.dim(1);
        int correct = 0;
        for (int b = 0; b < labels.length; b++) {
            correct += logits.argmax(b * classes, classes) == labels[b] ? 1 : 0;
        }
        return correct;
    }
}
