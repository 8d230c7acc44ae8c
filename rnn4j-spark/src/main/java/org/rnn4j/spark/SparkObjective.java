package org.rnn4j.spark;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.broadcast.Broadcast;
import org.rnn4j.nn.Parameter;
import org.rnn4j.tensor.Tensor;
import org.rnn4j.train.GradientShards;
import org.rnn4j.train.Objective;
import org.rnn4j.train.Score;
import org.rnn4j.train.ShardGradient;

/**
 * The driver's side of synchronous data parallelism on Spark. Each training step: the weights are broadcast; the
 * batch (chosen on the driver by the run's batch plan, from the seed and the step) is cut by rows into one shard per
 * partition, each shard sent with its rows' carried state and its generator's seed; every task computes its shard's
 * weighted gradient ({@link GradientShards#compute}); the driver collects them by partition and adds them in
 * partition order ({@link GradientShards#addInto}); the {@link org.rnn4j.train.Trainer} then clips, steps the
 * optimiser and the schedule, validates and checkpoints as on one machine.
 *
 * <p>Weights, optimiser state, seeds, position and carried state live on the driver only, and a task reads nothing
 * left by an earlier one but a model's structure: a retried, speculative or moved task computes the same bits. No
 * accumulators (Spark may count a retried task's twice); the gradients come back as the tasks' results.
 *
 * <p>Evaluation (validation) runs on the driver, on its own copy of the weights.
 */
final class SparkObjective<B> implements Objective<B> {
    private final JavaSparkContext spark;
    private final Objective<B> local;
    private final ShardKind<B> kind;
    private final int partitions;
    private final TaskFault fault;
    private final Broadcast<byte[]> modelFile;
    private Map<String, Tensor> carried = Map.of();
    private long step;

    SparkObjective(JavaSparkContext spark, Objective<B> local, ShardKind<B> kind, int partitions, TaskFault fault,
                   byte[] modelFile) {
        if (partitions < 1) {
            throw new IllegalArgumentException("--partitions must be at least 1, got " + partitions);
        }
        this.spark = spark;
        this.local = local;
        this.kind = kind;
        this.partitions = partitions;
        this.fault = fault;
        this.modelFile = spark.broadcast(modelFile);
    }

    /** One shard's task: its index, rows, weight, carried state and seed. */
    record ShardTask(int shard, long step, Serializable batch, int rows, double weight,
                     LinkedHashMap<String, float[]> carried, long seed) implements Serializable {
        private static final long serialVersionUID = 1L;
    }

    /** A shard's gradient with the shard's index, so that the driver adds them in a fixed order. */
    record ShardResult(int shard, ShardGradient gradient) implements Serializable {
        private static final long serialVersionUID = 1L;
    }

    @Override
    public List<Parameter> parameters() {
        return local.parameters();
    }

    @Override
    public double train(B batch, RandomGenerator rng) {
        step++;
        int rows = kind.cut().rows(batch);
        int[] bounds = GradientShards.bounds(rows, partitions);
        long[] seeds = GradientShards.seeds(rng, bounds.length - 1);
        List<ShardTask> tasks = new ArrayList<>();
        for (int k = 0; k + 1 < bounds.length; k++) {
            int from = bounds[k];
            int to = bounds[k + 1];
            tasks.add(new ShardTask(k, step, kind.encode(kind.cut().rows(batch, from, to)), to - from,
                    (double) (to - from) / rows, GradientShards.rows(carried, from, to), seeds[k]));
        }
        List<Parameter> parameters = local.parameters();
        float[][] weights = new float[parameters.size()][];
        for (int i = 0; i < weights.length; i++) {
            weights[i] = parameters.get(i).value().toArray();
        }
        Broadcast<float[][]> sent = spark.broadcast(weights);
        List<ShardResult> results;
        try {
            results = new ArrayList<>(spark.parallelize(tasks, tasks.size())
                    .mapPartitions(new ShardJob<>(kind, modelFile, sent, fault)).collect());
        } finally {
            sent.destroy();
        }
        results.sort(Comparator.comparingInt(ShardResult::shard));
        List<ShardGradient> gradients = results.stream().map(ShardResult::gradient).toList();
        double loss = GradientShards.addInto(parameters, gradients);
        carried = GradientShards.join(gradients, rows);
        return loss;
    }

    @Override
    public Score evaluate(B batch) {
        return local.evaluate(batch);
    }

    @Override
    public void startEpoch() {
        carried = Map.of();
    }

    @Override
    public void startEvaluation() {
        local.startEvaluation();
    }

    @Override
    public Map<String, Tensor> carriedState() {
        return carried;
    }

    @Override
    public void restoreCarriedState(Map<String, Tensor> state) {
        Map<String, Tensor> copy = new LinkedHashMap<>();
        state.forEach((name, t) -> copy.put(name, t.copy()));
        carried = copy;
    }

    /** What a task runs: its shard's gradient at the broadcast weights, from a model borrowed from this JVM's pool. */
    static final class ShardJob<B> implements FlatMapFunction<Iterator<ShardTask>, ShardResult> {
        private static final long serialVersionUID = 1L;
        private final ShardKind<B> kind;
        private final Broadcast<byte[]> modelFile;
        private final Broadcast<float[][]> weights;
        private final TaskFault fault;

        ShardJob(ShardKind<B> kind, Broadcast<byte[]> modelFile, Broadcast<float[][]> weights, TaskFault fault) {
            this.kind = kind;
            this.modelFile = modelFile;
            this.weights = weights;
            this.fault = fault;
        }

        @Override
        public Iterator<ShardResult> call(Iterator<ShardTask> tasks) {
            List<ShardResult> out = new ArrayList<>();
            while (tasks.hasNext()) {
                ShardTask task = tasks.next();
                TaskContext context = TaskContext.get();
                fault.before(task.step(), task.shard(), context == null ? 0 : context.attemptNumber());
                Objective<B> objective = Workers.borrow(modelFile.id(), () -> kind.objective(modelFile.value()));
                try {
                    float[][] values = weights.value();
                    List<Parameter> parameters = objective.parameters();
                    for (int i = 0; i < values.length; i++) {
                        parameters.get(i).value().write(0, values[i], 0, values[i].length);
                    }
                    out.add(new ShardResult(task.shard(), GradientShards.compute(objective,
                            kind.decode(task.batch()), task.rows(), task.weight(), task.carried(), task.seed())));
                } finally {
                    Workers.giveBack(modelFile.id(), objective);
                }
            }
            return out.iterator();
        }
    }
}
