package org.rnn4j.train;

import java.util.List;
import java.util.random.RandomGenerator;
import org.rnn4j.loss.LossResult;
import org.rnn4j.loss.SoftmaxCrossEntropy;
import org.rnn4j.models.TokenClassifier;
import org.rnn4j.nn.Parameter;
import org.rnn4j.tensor.Tensor;

/**
 * A {@link TokenClassifier} trained with softmax cross-entropy on its (B, K) logits, over {@link TokenBatch}es
 * (padded and masked); scored with accuracy. The text classifier's objective.
 */
public final class TokenClassification implements Objective<TokenBatch> {
    private final TokenClassifier model;
    private final SoftmaxCrossEntropy crossEntropy;

    public TokenClassification(TokenClassifier model, SoftmaxCrossEntropy crossEntropy) {
        this.model = model;
        this.crossEntropy = crossEntropy;
    }

    public TokenClassification(TokenClassifier model) {
        this(model, new SoftmaxCrossEntropy());
    }

    @Override
    public List<Parameter> parameters() {
        return model.parameters();
    }

    @Override
    public double train(TokenBatch batch, RandomGenerator rng) {
        TokenClassifier.Trace trace = model.forward(batch.ids(), batch.batch(), batch.steps(), batch.mask(), rng);
        LossResult loss = crossEntropy.compute(trace.logits(), batch.labels()); // logits (B, K)
        model.backward(trace, loss.gradient());
        return loss.value();
    }

    @Override
    public Score evaluate(TokenBatch batch) {
        Tensor logits = model.predict(batch.ids(), batch.batch(), batch.steps(), batch.mask());
        double loss = crossEntropy.compute(logits, batch.labels()).value();
        return Score.ofClassification(loss, batch.batch(), SequenceClassification.correct(logits, batch.labels()));
    }
}
