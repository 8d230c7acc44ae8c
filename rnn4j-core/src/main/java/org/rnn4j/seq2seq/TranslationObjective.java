package org.rnn4j.seq2seq;

import java.util.List;
import java.util.random.RandomGenerator;
import org.rnn4j.loss.LossResult;
import org.rnn4j.loss.SoftmaxCrossEntropy;
import org.rnn4j.nn.Parameter;
import org.rnn4j.tensor.Tensor;
import org.rnn4j.train.Objective;
import org.rnn4j.train.Score;

/**
 * A {@link Seq2SeqModel} trained by teacher forcing with softmax cross-entropy over the valid target steps (the
 * mean over the batch's target tokens, end marks included; padding counts for nothing). Scored with the same loss
 * and the token accuracy: the fraction of target tokens that are the argmax of their step's logits.
 */
public final class TranslationObjective implements Objective<TranslationBatch> {
    private final Seq2SeqModel model;
    private final SoftmaxCrossEntropy crossEntropy;
    private final float dropout;

    /** @param dropout {@link Seq2SeqModel#forward(TranslationBatch, float, RandomGenerator)}'s rate in training */
    public TranslationObjective(Seq2SeqModel model, SoftmaxCrossEntropy crossEntropy, float dropout) {
        this.model = model;
        this.crossEntropy = crossEntropy;
        this.dropout = dropout;
    }

    public TranslationObjective(Seq2SeqModel model, SoftmaxCrossEntropy crossEntropy) {
        this(model, crossEntropy, 0f);
    }

    public TranslationObjective(Seq2SeqModel model) {
        this(model, new SoftmaxCrossEntropy());
    }

    @Override
    public List<Parameter> parameters() {
        return model.parameters();
    }

    @Override
    public double train(TranslationBatch batch, RandomGenerator rng) {
        Seq2SeqModel.Trace trace = model.forward(batch, dropout, rng);
        LossResult loss = crossEntropy.compute(trace.logits(), batch.targets(), batch.targetMask());
        model.backward(trace, loss.gradient());
        return loss.value();
    }

    @Override
    public Score evaluate(TranslationBatch batch) {
        Seq2SeqModel.Trace trace = model.forward(batch);
        trace.release();
        double loss = crossEntropy.compute(trace.logits(), batch.targets(), batch.targetMask()).value();
        return Score.ofClassification(loss, batch.targetTokens(), correct(trace.logits(), batch));
    }

    /** Valid target steps whose logits (B, T, V) are largest at the target. */
    static long correct(Tensor logits, TranslationBatch batch) {
        int steps = batch.targetSteps();
        int classes = logits.dim(2);
        long correct = 0;
        for (int i = 0; i < batch.targets().length; i++) {
            if (!batch.targetMask().isValid(i / steps, i % steps)) {
                continue;
            }
            correct += logits.argmax(i * classes, classes) == batch.targets()[i] ? 1 : 0;
        }
        return correct;
    }
}
