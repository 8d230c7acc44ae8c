package org.rnn4j.spark;

import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.rnn4j.io.Provenance;
import org.rnn4j.text.LanguageModelTrainer;
import org.rnn4j.text.TextClassifierTrainer;

/**
 * Training's gradients computed on a Spark cluster: a placement for the classifier's and the language model's
 * recipes ({@link TextClassifierTrainer#withPlacement}, {@link LanguageModelTrainer#withPlacement}) that cuts every
 * batch into {@code partitions} row shards, one Spark task each. The weights after N steps are those of the same
 * run on one machine with the same seed and batch, to float rounding (1e-5 is tested; see docs/spark.md); they
 * are bit for bit those of {@link org.rnn4j.train.ShardedObjective} with as many shards.
 */
public final class SparkGradients {
    private final JavaSparkContext spark;
    private final int partitions;
    private final TaskFault fault;

    private SparkGradients(JavaSparkContext spark, int partitions, TaskFault fault) {
        if (partitions < 1) {
            throw new IllegalArgumentException("--partitions must be at least 1, got " + partitions);
        }
        this.spark = spark;
        this.partitions = partitions;
        this.fault = fault;
    }

    /** Gradients on {@code session}'s cluster, one shard per core it offers (Spark's default parallelism). */
    public static SparkGradients on(SparkSession session) {
        JavaSparkContext context = JavaSparkContext.fromSparkContext(session.sparkContext());
        return new SparkGradients(context, context.defaultParallelism(), TaskFault.NONE);
    }

    /** Each batch cut into {@code value} shards (at most one per row). */
    public SparkGradients withPartitions(int value) {
        return new SparkGradients(spark, value, fault);
    }

    /** Tasks that fail as {@code value} says, for tests of retries. */
    public SparkGradients withFault(TaskFault value) {
        return new SparkGradients(spark, partitions, value == null ? TaskFault.NONE : value);
    }

    public int partitions() {
        return partitions;
    }

    /** For {@link TextClassifierTrainer#withPlacement}. */
    public TextClassifierTrainer.Placement classifier() {
        return (model, local) -> new SparkObjective<>(spark, local, ShardKind.CLASSIFIER, partitions, fault,
                ModelBytes.of(file -> model.save(file, Provenance.now(null, null, "rnn4j-spark"))));
    }

    /** For {@link LanguageModelTrainer#withPlacement}. */
    public LanguageModelTrainer.Placement languageModel() {
        return (model, local) -> new SparkObjective<>(spark, local, ShardKind.LANGUAGE_MODEL, partitions, fault,
                ModelBytes.of(file -> model.save(file, Provenance.now(null, null, "rnn4j-spark"))));
    }
}
