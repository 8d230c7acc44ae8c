package org.rnn4j.forecast;

import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;
import org.rnn4j.loss.ElementwiseLoss;
import org.rnn4j.loss.LossResult;
import org.rnn4j.models.ManyToOne;
import org.rnn4j.nn.Parameter;
import org.rnn4j.tensor.Tensor;
import org.rnn4j.train.Objective;
import org.rnn4j.train.RegressionBatch;
import org.rnn4j.train.Score;

/**
 * K {@link ManyToOne} networks trained side by side on the same batches, each on its own loss (they do not see
 * each other's outputs), as one objective, so that one {@link org.rnn4j.train.Trainer} run trains, checkpoints,
 * resumes and early-stops them all. The training loss is the members' mean loss; the evaluation loss is the loss of
 * their mean prediction, which is what the ensemble forecasts. With K = 1 it is plain
 * {@link org.rnn4j.train.SequenceRegression}.
 */
public final class EnsembleRegression implements Objective<RegressionBatch> {
    private final List<ManyToOne> members;
    private final List<Parameter> parameters;
    private final ElementwiseLoss loss;

    /**
     * @param parameters the members' parameters under the names the checkpoints and model file use
     */
    public EnsembleRegression(List<ManyToOne> members, List<Parameter> parameters, ElementwiseLoss loss) {
        if (members.isEmpty()) {
            throw new IllegalArgumentException("an ensemble needs at least one member");
        }
        this.members = List.copyOf(members);
        this.parameters = List.copyOf(parameters);
        this.loss = loss;
    }

    @Override
    public List<Parameter> parameters() {
        return parameters;
    }

    @Override
    public double train(RegressionBatch batch, RandomGenerator rng) {
        double sum = 0;
        float share = 1f / members.size();
        for (ManyToOne member : members) {
            ManyToOne.Trace trace = member.forward(batch.inputs(), batch.mask(), rng);
            LossResult result = loss.compute(trace.output(), batch.targets());
            Tensor gradient = result.gradient();
            for (int i = 0; i < gradient.size(); i++) {
                gradient.set(i, gradient.get(i) * share);
            }
            member.backward(trace, gradient);
            sum += result.value();
        }
        return sum / members.size();
    }

    @Override
    public Score evaluate(RegressionBatch batch) {
        Tensor mean = predict(batch.inputs());
        return Score.ofLoss(loss.compute(mean, batch.targets()).value(), batch.targets().dim(0));
    }

    /** The members' mean output (B, out), in inference mode. */
    public Tensor predict(Tensor inputs) {
        return meanPrediction(members, inputs);
    }

    static Tensor meanPrediction(List<ManyToOne> members, Tensor inputs) {
        List<Tensor> outputs = new ArrayList<>();
        for (ManyToOne member : members) {
            outputs.add(member.predict(inputs, null));
        }
        Tensor mean = outputs.get(0).copy();
        for (int i = 0; i < mean.size(); i++) {
            double s = 0;
            for (Tensor o : outputs) {
                s += o.get(i);
            }
            mean.set(i, (float) (s / outputs.size()));
        }
        return mean;
    }
}
