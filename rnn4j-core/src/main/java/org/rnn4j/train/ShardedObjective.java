package org.rnn4j.train;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;
import org.rnn4j.nn.Parameter;
import org.rnn4j.tensor.Tensor;
import org.rnn4j.tensor.Workspace;

/**
 * An objective that computes each batch's gradient as {@code shards} row shards added in order
 * ({@link GradientShards}), in this JVM: what a cluster of that many workers computes, bit for bit. It is the
 * single-machine reference of rnn4j-spark's equality tests, and shows what sharding alone changes: the rounding of
 * the sums (and, with dropout, the masks drawn).
 */
public final class ShardedObjective<B> implements Objective<B> {
    private final Objective<B> local;
    private final RowShards<B> cut;
    private final int shards;

    public ShardedObjective(Objective<B> local, RowShards<B> cut, int shards) {
        if (shards < 1) {
            throw new IllegalArgumentException("ShardedObjective.shards must be at least 1, got " + shards);
        }
        this.local = local;
        this.cut = cut;
        this.shards = shards;
    }

    @Override
    public List<Parameter> parameters() {
        return local.parameters();
    }

    @Override
    public double train(B batch, RandomGenerator rng) {
        int rows = cut.rows(batch);
        int[] bounds = GradientShards.bounds(rows, shards);
        long[] seeds = GradientShards.seeds(rng, bounds.length - 1);
        Map<String, Tensor> carried = local.carriedState();
        List<ShardGradient> parts = new ArrayList<>();
        for (int k = 0; k + 1 < bounds.length; k++) {
            int from = bounds[k];
            int to = bounds[k + 1];
            parts.add(GradientShards.compute(local, cut.rows(batch, from, to), to - from, (double) (to - from) / rows,
                    GradientShards.rows(carried, from, to), seeds[k]));
        }
        List<Parameter> parameters = local.parameters();
        parameters.forEach(Parameter::zeroGrad);
        double loss = GradientShards.addInto(parameters, parts);
        Map<String, Tensor> next = GradientShards.join(parts, rows);
        Workspace.persistent(() -> { // the objective copies it, and the copy must outlive this step
            local.restoreCarriedState(next);
            return null;
        });
        return loss;
    }

    @Override
    public Score evaluate(B batch) {
        return local.evaluate(batch);
    }

    @Override
    public void startEpoch() {
        local.startEpoch();
    }

    @Override
    public void startEvaluation() {
        local.startEvaluation();
    }

    @Override
    public Map<String, Tensor> carriedState() {
        return local.carriedState();
    }

    @Override
    public void restoreCarriedState(Map<String, Tensor> state) {
        local.restoreCarriedState(state);
    }
}
