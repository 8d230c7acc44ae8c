package org.rnn4j.train;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import org.rnn4j.nn.Parameter;
import org.rnn4j.tensor.Tensor;
import org.rnn4j.tensor.Workspace;

/**
 * Synchronous data parallelism as pure functions: a batch is cut by rows into contiguous shards, each shard's
 * gradient is computed at the same weights ({@link #compute}), and the shards' gradients are added in shard order
 * ({@link #addInto}). {@link ShardedObjective} does this in one JVM; rnn4j-spark does the same on Spark's workers,
 * so that both give the same bits, and, to float rounding, the weights of training on the whole batch at once.
 *
 * <pre>
 * batch of R rows, shard k = rows [r_k, r_k+1), weight w_k = (r_k+1 − r_k) / R
 * mean loss L = Σ_k w_k · L_k                    L_k the shard's own mean loss
 * ∇L         = Σ_k w_k · ∇L_k                    added in k order, so the sum does not depend on who finishes first
 * </pre>
 *
 * A shard's random draws (dropout) come from its own generator, seeded by {@link #seeds} from the step's generator
 * in shard order: a run is reproducible for a given number of shards, and with dropout its masks differ from those
 * of the unsharded run (without dropout nothing is drawn and the shards change only the rounding).
 */
public final class GradientShards {
    private GradientShards() {
    }

    /**
     * Where the shards of {@code rows} rows start: shard k holds rows [bounds[k], bounds[k + 1]); at most
     * {@code rows} shards, sizes differing by at most one.
     */
    public static int[] bounds(int rows, int shards) {
        if (rows < 1 || shards < 1) {
            throw new IllegalArgumentException("a batch of " + rows + " rows cannot be cut into " + shards
                    + " shards");
        }
        int n = Math.min(rows, shards);
        int[] bounds = new int[n + 1];
        for (int k = 0; k <= n; k++) {
            bounds[k] = (int) ((long) k * rows / n);
        }
        return bounds;
    }

    /** The seeds of the generators of {@code shards} shards, drawn in shard order from the step's generator. */
    public static long[] seeds(RandomGenerator step, int shards) {
        long[] seeds = new long[shards];
        for (int k = 0; k < shards; k++) {
            seeds[k] = step.nextLong();
        }
        return seeds;
    }

    /**
     * The gradient of one shard at the objective's current weights: its gradients are zeroed, it is trained on
     * {@code shard} from the carried state {@code carried} (those rows', or empty), and gradient and loss are
     * weighted by {@code weight}. The objective's parameters' gradients are left holding the weighted gradient.
     *
     * @param carried the state of the shard's rows as {@link #rows} cut it; empty at a stream's start or when the
     *                objective carries none
     * @param seed    the seed of the shard's generator ({@link #seeds})
     */
    public static <B> ShardGradient compute(Objective<B> objective, B shard, int rows, double weight,
                                            Map<String, float[]> carried, long seed) {
        Workspace.persistent(() -> {
            objective.restoreCarriedState(tensors(carried, rows));
            return null;
        });
        List<Parameter> parameters = objective.parameters();
        parameters.forEach(Parameter::zeroGrad);
        double loss = Trainer.runAsStep(() -> objective.train(shard, new SplittableRandom(seed)));
        float[][] gradients = new float[parameters.size()][];
        for (int i = 0; i < gradients.length; i++) {
            gradients[i] = parameters.get(i).grad().scaleInPlace(weight).toArray();
        }
        return new ShardGradient(gradients, loss * weight, rows(objective.carriedState(), 0, rows));
    }

    /**
     * Adds the shards' gradients into the parameters' gradients, shard after shard in list order.
     *
     * @return the batch's mean loss, the shards' weighted losses added in the same order
     */
    public static double addInto(List<Parameter> parameters, List<ShardGradient> shards) {
        double loss = 0;
        for (ShardGradient shard : shards) {
            if (shard.gradients().length != parameters.size()) {
                throw new IllegalArgumentException("a shard's gradient has " + shard.gradients().length
                        + " tensors, the model " + parameters.size() + " parameters");
            }
            for (int i = 0; i < parameters.size(); i++) {
                Tensor grad = parameters.get(i).grad();
                float[] sum = grad.toArray();
                float[] add = shard.gradients()[i];
                if (add.length != sum.length) {
                    throw new IllegalArgumentException("a shard's gradient of parameter '"
                            + parameters.get(i).name() + "' has " + add.length + " values, the parameter " + sum.length);
                }
                for (int j = 0; j < sum.length; j++) {
                    sum[j] += add[j];
                }
                grad.write(0, sum, 0, sum.length);
            }
            loss += shard.loss();
        }
        return loss;
    }

    /** Rows {@code [from, to)} of a carried state of (B, width) tensors, as arrays under the same names. */
    public static LinkedHashMap<String, float[]> rows(Map<String, Tensor> state, int from, int to) {
        LinkedHashMap<String, float[]> out = new LinkedHashMap<>();
        state.forEach((name, t) -> out.put(name, t.slice(from, to).toArray()));
        return out;
    }

    /**
     * The carried state of a whole batch from its shards' ({@link ShardGradient#carried()}), in shard order, as
     * tensors made outside any step; empty when the shards carry none.
     */
    public static Map<String, Tensor> join(List<ShardGradient> shards, int rows) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        if (shards.isEmpty() || shards.get(0).carried().isEmpty()) {
            return out;
        }
        for (String name : shards.get(0).carried().keySet()) {
            List<float[]> parts = new ArrayList<>();
            int size = 0;
            for (ShardGradient shard : shards) {
                float[] part = shard.carried().get(name);
                if (part == null) {
                    throw new IllegalArgumentException("a shard's carried state lacks '" + name + "'");
                }
                parts.add(part);
                size += part.length;
            }
            float[] all = new float[size];
            int at = 0;
            for (float[] part : parts) {
                System.arraycopy(part, 0, all, at, part.length);
                at += part.length;
            }
            out.put(name, Workspace.persistent(() -> Tensor.of(all, rows, all.length / rows)));
        }
        return out;
    }

    /** Arrays of {@code rows} rows as (rows, width) tensors. */
    private static Map<String, Tensor> tensors(Map<String, float[]> state, int rows) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        state.forEach((name, values) -> out.put(name, Tensor.of(values, rows, values.length / rows)));
        return out;
    }
}
