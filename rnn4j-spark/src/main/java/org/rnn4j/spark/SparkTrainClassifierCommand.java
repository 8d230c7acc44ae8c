package org.rnn4j.spark;

import org.rnn4j.cli.TrainClassifierCommand;
import org.rnn4j.text.TextClassifierTrainer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code rnn4j-spark train-classifier}: {@code rnn4j train-classifier} with each batch's gradient computed on a
 * Spark cluster; the same options, the same model file, the weights of one machine to float rounding.
 */
@Command(name = "train-classifier", header = "Trains a text classifier, its gradients computed on a Spark cluster.")
final class SparkTrainClassifierCommand extends TrainClassifierCommand {
    @Mixin
    SparkOptions cluster;

    @Override
    protected TextClassifierTrainer placed(TextClassifierTrainer trainer) {
        return trainer.withPlacement(cluster.gradients("train-classifier").classifier());
    }
}
