package org.rnn4j.spark;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.rnn4j.interop.ModelFormat;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code rnn4j-spark predict}: a recurrent model run over the sequences of a CSV, TSV or Parquet input as a Spark
 * job, one output row per input row in the input's order.
 */
@Command(name = "predict", mixinStandardHelpOptions = true, sortOptions = false,
        header = "Runs a recurrent model over the sequences of a CSV, TSV or Parquet input as a Spark job.",
        description = {"Runs the model of rnn4j predict (an rnn4j model file or a PyTorch RNN, LSTM or GRU",
                "state_dict) over a column of sequences, one per row, as a Spark job: every partition reads",
                "the model once and runs its rows --batch at a time, those of equal length together.",
                "A sequence is (T, F): T steps (free per row) of F features, the model's input size; as",
                "JSON, [[x_11, ..., x_1F], ..., [x_T1, ..., x_TF]], or in Parquet array<array<float>>."},
        footer = {"", "Output: the input's other columns, then output (the (D*H) output at the row's last step,",
                "as rnn4j predict gives it at step T), h_n ((L*D, H), PyTorch's order) and, for an LSTM,",
                "c_n, each a JSON array; --output FILE.csv is written by the driver, in the input's order,",
                "--output DIR.parquet by the workers.", "", "Example:",
                "  rnn4j-spark predict --master local[4] --model lstm.safetensors \\",
                "        --input sensors.csv --output predictions.csv"})
final class SparkPredictCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;
    @Option(names = "--model", required = true, paramLabel = "M.safetensors", description = "an rnn4j model, or a "
            + "PyTorch RNN, LSTM or GRU state_dict saved as safetensors")
    Path model;
    @Option(names = "--input", required = true, paramLabel = "FILE", description = "a .csv/.tsv file with a header "
            + "line (.gz allowed), or Parquet (.parquet)")
    String input;
    @Option(names = "--sequence-column", defaultValue = "sequence", paramLabel = "C", description = "the column of "
            + "the sequences (default: ${DEFAULT-VALUE})")
    String sequenceColumn;
    @Option(names = "--output", required = true, paramLabel = "FILE", description = "FILE.csv, or DIR.parquet")
    String output;
    @Option(names = "--overwrite", description = "replace an output that exists")
    boolean overwrite;
    @Option(names = "--batch", paramLabel = "B", defaultValue = "64", description = "rows read together; those of "
            + "one length among them run as one batch (default: ${DEFAULT-VALUE})")
    int batch;
    @Option(names = "--relu", description = "the PyTorch state_dict is of nn.RNN(nonlinearity='relu'), which its "
            + "tensors cannot tell from tanh")
    boolean relu;
    @Mixin
    SparkOptions cluster;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        boolean parquetOut = output.toLowerCase(Locale.ROOT).endsWith(".parquet");
        if (!overwrite && Files.exists(Path.of(output))) {
            throw new IllegalArgumentException("--output " + output + " exists; give --overwrite to replace it");
        }
        if (!Files.isRegularFile(model)) {
            throw new IllegalArgumentException("--model " + model + ": no such file");
        }
        ModelFormat format = ModelFormat.detect(model);
        if (format != ModelFormat.SAFETENSORS) {
            throw new IllegalArgumentException("--model " + model + " is " + format.description() + "; predict on "
                    + "Spark runs a recurrent model (an rnn4j model file or a PyTorch state_dict); use rnn4j predict");
        }
        SparkSession session = cluster.session("predict");
        Dataset<Row> rows = ScoringInput.read(session, input);
        if (cluster.partitions != null) {
            rows = rows.coalesce(cluster.partitions);
        }
        long count;
        try {
            Dataset<Row> scored = SparkRecurrentModel.predict(rows, model, sequenceColumn, relu, batch)
                    .drop(sequenceColumn);
            if (parquetOut) {
                scored.write().mode(overwrite ? SaveMode.Overwrite : SaveMode.ErrorIfExists).parquet(output);
                count = session.read().parquet(output).count();
            } else {
                count = CsvOutput.write(scored, Path.of(output), List.of(scored.columns()), SparkPredictCommand::fields);
            }
        } catch (Exception e) { // SparkException is checked, though Scala throws it undeclared
            BadSequenceException bad = BadSequenceException.in(e);
            throw bad != null ? bad : e; // the row's own line, not Spark's report of the failed stage
        }
        out.printf(Locale.ROOT, "wrote %d predictions to %s%n", count, output);
        out.flush();
        return 0;
    }

    private static List<String> fields(Row row) {
        List<String> fields = new ArrayList<>(row.length());
        for (int c = 0; c < row.length(); c++) {
            fields.add(row.isNullAt(c) ? "" : row.get(c).toString());
        }
        return fields;
    }
}
