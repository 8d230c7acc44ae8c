package org.rnn4j.spark;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.rnn4j.text.TextClassifier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code rnn4j-spark classify}: the texts of a CSV, TSV or Parquet input classified as a Spark job, one output row
 * per input row in the input's order.
 */
@Command(name = "classify", mixinStandardHelpOptions = true, sortOptions = false,
        header = "Classifies the texts of a CSV, TSV or Parquet input as a Spark job.",
        description = {"Classifies the texts of a CSV/TSV file (with a header line) or a Parquet input with a",
                "model written by train-classifier, as a Spark job: every partition reads the model",
                "once and classifies its rows --batch at a time."},
        footer = {"", "Output: --output FILE.csv is written by the driver as rnn4j classify --output writes it",
                "(text, label, probability, p_<class>...), one row per input row, in order;",
                "--output DIR.parquet is written by the workers: the input's columns, predicted_label,",
                "probability and p_<class>...", "", "Example:",
                "  rnn4j-spark classify --master local[4] --model imdb.safetensors \\",
                "        --input reviews.csv --output predictions.csv"})
final class SparkClassifyCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;
    @Option(names = {"-m", "--model"}, required = true, paramLabel = "MODEL", description = "a model written by "
            + "train-classifier")
    Path model;
    @Option(names = "--input", required = true, paramLabel = "FILE", description = "a .csv/.tsv file with a header "
            + "line (.gz allowed), or Parquet (.parquet)")
    String input;
    @Option(names = "--text-column", defaultValue = "text", paramLabel = "C", description = "the column of the "
            + "texts (default: ${DEFAULT-VALUE})")
    String textColumn;
    @Option(names = "--output", required = true, paramLabel = "FILE", description = "FILE.csv, or DIR.parquet")
    String output;
    @Option(names = "--overwrite", description = "replace an output that exists")
    boolean overwrite;
    @Option(names = "--batch", paramLabel = "B", defaultValue = "64", description = "texts per batch (default: "
            + "${DEFAULT-VALUE})")
    int batch;
    @Mixin
    SparkOptions cluster;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        boolean parquetOut = output.toLowerCase(Locale.ROOT).endsWith(".parquet");
        if (!overwrite && Files.exists(Path.of(output))) {
            throw new IllegalArgumentException("--output " + output + " exists; give --overwrite to replace it");
        }
        if (!Files.isRegularFile(model)) {
            throw new IllegalArgumentException("--model " + model + ": no such file");
        }
        TextClassifier classifier = TextClassifier.load(model);
        SparkSession session = cluster.session("classify");
        Dataset<Row> rows = ScoringInput.read(session, input);
        if (cluster.partitions != null) {
            rows = rows.coalesce(cluster.partitions);
        }
        Dataset<Row> scored = SparkTextClassifier.classify(rows, classifier, textColumn, batch);
        long count;
        if (parquetOut) {
            scored.write().mode(overwrite ? SaveMode.Overwrite : SaveMode.ErrorIfExists).parquet(output);
            count = session.read().parquet(output).count();
        } else {
            count = writeCsv(scored, rows.schema().fieldIndex(textColumn), rows.columns().length,
                    classifier.labels());
        }
        out.printf(Locale.ROOT, "wrote %d predictions to %s%n", count, output);
        out.flush();
        return 0;
    }

    private long writeCsv(Dataset<Row> scored, int text, int first, List<String> labels) {
        return CsvOutput.write(scored, Path.of(output), SparkTextClassifier.csvHeader(labels),
                row -> SparkTextClassifier.csvFields(row, text, first, labels.size()));
    }
}
