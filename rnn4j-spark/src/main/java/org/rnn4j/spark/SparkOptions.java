package org.rnn4j.spark;

import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Option;

/** The cluster a command runs on: {@code --master}, or the one {@code spark-submit} gives; {@code --partitions}. */
final class SparkOptions {
    @Option(names = "--master", paramLabel = "URL", description = "the Spark master: local[N], spark://HOST:7077, "
            + "yarn, k8s://...; default: the one spark-submit gives")
    String master;
    @Option(names = "--partitions", paramLabel = "N", description = "shards of each training batch, and partitions "
            + "of the scored rows (default: Spark's default parallelism, the cores of the cluster)")
    Integer partitions;

    private SparkSession session;

    /** The session, made on first use: one per JVM. */
    SparkSession session(String command) {
        if (session == null && SparkSession.getDefaultSession().isDefined()) {
            session = SparkSession.getDefaultSession().get(); // a Spark application's own, or the tests'
        }
        if (session == null) {
            SparkConf conf = new SparkConf();
            if (master == null && !conf.contains("spark.master")) {
                throw new IllegalArgumentException("no Spark cluster: give --master (local[4] for this machine's "
                        + "cores, spark://HOST:7077 for a cluster) or run the jar with spark-submit");
            }
            SparkSession.Builder builder = SparkSession.builder().appName("rnn4j " + command)
                    .config("spark.ui.showConsoleProgress", "false");
            if (master != null) {
                builder = builder.master(master);
            }
            session = builder.getOrCreate();
            session.sparkContext().setLogLevel("WARN");
        }
        return session;
    }

    SparkGradients gradients(String command) {
        SparkGradients gradients = SparkGradients.on(session(command));
        return partitions == null ? gradients : gradients.withPartitions(partitions);
    }
}
