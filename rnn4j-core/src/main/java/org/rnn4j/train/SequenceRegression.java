package org.rnn4j.train;

import java.util.List;
import java.util.random.RandomGenerator;
import org.rnn4j.loss.ElementwiseLoss;
import org.rnn4j.loss.LossResult;
import org.rnn4j.loss.MeanSquaredError;
import org.rnn4j.models.ManyToOne;
import org.rnn4j.nn.Parameter;

/** A {@link ManyToOne} regressor trained with an elementwise loss (MSE unless told otherwise) on its (B, out) output. */
public final class SequenceRegression implements Objective<RegressionBatch> {
    private final ManyToOne model;
    private final ElementwiseLoss loss;

    public SequenceRegression(ManyToOne model, ElementwiseLoss loss) {
        this.model = model;
        this.loss = loss;
    }

    public SequenceRegression(ManyToOne model) {
        this(model, new MeanSquaredError());
    }

    @Override
    public List<Parameter> parameters() {
        return model.parameters();
    }

    @Override
    public double train(RegressionBatch batch, RandomGenerator rng) {
        ManyToOne.Trace trace = model.forward(batch.inputs(), batch.mask(), rng);
        LossResult result = loss.compute(trace.output(), batch.targets());
        model.backward(trace, result.gradient());
        return result.value();
    }

    @Override
    public Score evaluate(RegressionBatch batch) {
        double value = loss.compute(model.predict(batch.inputs(), batch.mask()), batch.targets()).value();
        return Score.ofLoss(value, batch.targets().dim(0));
    }
}
