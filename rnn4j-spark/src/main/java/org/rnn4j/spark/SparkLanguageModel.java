package org.rnn4j.spark;

import java.util.List;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.rnn4j.text.LanguageModelSpec;
import org.rnn4j.text.LanguageModelTrainer;
import org.rnn4j.text.LanguageModelTraining;
import org.rnn4j.train.TrainingListener;

/** Language models for Spark applications: trained on the texts of a {@code Dataset<Row>}'s column. */
public final class SparkLanguageModel {
    private SparkLanguageModel() {
    }

    /**
     * Trains a language model on the texts of {@code textColumn}, joined in the rows' order with line breaks (as
     * {@code rnn4j train-lm} joins its files), each window's gradient computed on the rows' cluster: the streams
     * are cut among the tasks, each with its carried state.
     */
    public static LanguageModelTrainer.Result train(Dataset<Row> rows, String textColumn, LanguageModelSpec spec,
                                                    LanguageModelTraining training,
                                                    List<? extends TrainingListener> listeners) {
        String text = rows.select(textColumn).collectAsList().stream()
                .map(r -> r.isNullAt(0) ? "" : r.get(0).toString()).collect(Collectors.joining("\n"));
        return LanguageModelTrainer.prepare(text, spec, training)
                .withPlacement(SparkGradients.on(rows.sparkSession()).languageModel()).train(listeners);
    }
}
