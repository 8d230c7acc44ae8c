package org.rnn4j.spark;

import java.util.List;
import org.rnn4j.cli.Rnn4jCommand;

/**
 * {@code rnn4j-spark}: rnn4j's training commands with their gradients on a Spark cluster, and scoring as a Spark
 * job. {@code java -jar rnn4j-spark.jar COMMAND --master local[N] …}, or under {@code spark-submit --class
 * org.rnn4j.spark.Rnn4jSparkCommand}, which gives the master.
 */
public final class Rnn4jSparkCommand {
    static final List<Class<?>> SUBCOMMANDS = List.of(SparkTrainClassifierCommand.class, SparkTrainLmCommand.class,
            SparkClassifyCommand.class, SparkPredictCommand.class);

    private Rnn4jSparkCommand() {
    }

    public static void main(String[] args) {
        int exitCode = Rnn4jCommand.newCommandLine("rnn4j-spark", SUBCOMMANDS).execute(args);
        System.exit(exitCode);
    }
}
