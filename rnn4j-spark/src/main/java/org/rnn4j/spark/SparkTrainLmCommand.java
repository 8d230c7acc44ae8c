package org.rnn4j.spark;

import org.rnn4j.cli.TrainLmCommand;
import org.rnn4j.text.LanguageModelTrainer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code rnn4j-spark train-lm}: {@code rnn4j train-lm} with each window's gradient computed on a Spark cluster, the
 * streams cut among the tasks with their carried states; the same options, the same model file.
 */
@Command(name = "train-lm", header = "Trains a language model, its gradients computed on a Spark cluster.")
final class SparkTrainLmCommand extends TrainLmCommand {
    @Mixin
    SparkOptions cluster;

    @Override
    protected LanguageModelTrainer placed(LanguageModelTrainer trainer) {
        return trainer.withPlacement(cluster.gradients("train-lm").languageModel());
    }
}
