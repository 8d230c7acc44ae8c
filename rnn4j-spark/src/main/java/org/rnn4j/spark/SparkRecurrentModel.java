package org.rnn4j.spark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StructType;
import org.rnn4j.io.ModelFile;
import org.rnn4j.nn.recurrent.CellType;
import org.rnn4j.nn.recurrent.RecurrentLayer;
import org.rnn4j.nn.recurrent.RecurrentOutput;
import org.rnn4j.nn.recurrent.RecurrentState;
import org.rnn4j.tensor.Tensor;
import org.rnn4j.tensor.Workspace;
import scala.Tuple2;

/**
 * Recurrent models ({@code rnn4j predict}'s: an rnn4j model file or a PyTorch RNN/LSTM/GRU state_dict) run over a
 * {@code Dataset<Row>} of sequences as a Spark job, one result per row, in the rows' order.
 *
 * <p>The sequence column holds each row's (T, F) input, T free per row: a JSON string
 * {@code [[x_11, …, x_1F], …]} or an {@code array<array<float|double>>}. Three columns are appended, each a JSON
 * array of the model's numbers for that row as {@code rnn4j predict} computes them:
 * <pre>
 *   output   (D·H)        the output at the row's last step T: output[T-1] of predict's (T, D·H) sequence
 *   h_n      (L·D, H)     the final hidden states, PyTorch's order (layer 0 forward, layer 0 backward, …)
 *   c_n      (L·D, H)     an LSTM's final cell states (only for an LSTM)
 * </pre>
 */
public final class SparkRecurrentModel {
    /** The column of the last step's output. */
    public static final String OUTPUT = "output";
    /** The column of the final hidden states. */
    public static final String HIDDEN = "h_n";
    /** The column of an LSTM's final cell states. */
    public static final String CELL = "c_n";
    /** Rows read together in a partition; those of one length among them run as one batch. */
    public static final int DEFAULT_BATCH = 64;

    private SparkRecurrentModel() {
    }

    /** {@link #predict(Dataset, Path, String, boolean, int)} for a file that says its activation, in batches of 64. */
    public static Dataset<Row> predict(Dataset<Row> rows, Path model, String sequenceColumn) {
        return predict(rows, model, sequenceColumn, false, DEFAULT_BATCH);
    }

    /**
     * The rows with {@value #OUTPUT}, {@value #HIDDEN} and, for an LSTM, {@value #CELL} appended. Each partition
     * reads the model once (its file is broadcast) and runs its rows {@code batch} at a time, those of equal
     * length as one batch, inside a {@link Workspace#scope()}. A cell the model cannot read fails the job with a
     * {@link BadSequenceException} naming its row (1-based, in the rows' order) and column; to number the rows,
     * Spark counts the rows of every partition but the last first (a job over the input, without the model).
     *
     * @param relu the file is a state_dict of {@code nn.RNN(nonlinearity='relu')}, as {@code rnn4j predict --relu}
     */
    public static Dataset<Row> predict(Dataset<Row> rows, Path model, String sequenceColumn, boolean relu,
                                       int batch) {
        if (batch < 1) {
            throw new IllegalArgumentException("--batch must be at least 1, got " + batch);
        }
        ModelFile.Loaded loaded = ModelFile.load(model, new ModelFile.ImportOptions(relu));
        if (relu && !loaded.importedFromPyTorch()) {
            throw new IllegalArgumentException(model + ": --relu applies only to a plain PyTorch state_dict; this is"
                    + " an rnn4j model file, whose spec already says " + loaded.layer().describe());
        }
        RecurrentLayer layer = loaded.layer();
        int column = sequenceColumn(rows, sequenceColumn);
        boolean lstm = layer.cellType() == CellType.LSTM;
        StructType schema = rows.schema().add(OUTPUT, DataTypes.StringType, false)
                .add(HIDDEN, DataTypes.StringType, false);
        if (lstm) {
            schema = schema.add(CELL, DataTypes.StringType, false);
        }
        JavaSparkContext spark = JavaSparkContext.fromSparkContext(rows.sparkSession().sparkContext());
        Broadcast<byte[]> file = spark.broadcast(bytes(model));
        SequenceCells cells = new SequenceCells(sequenceColumn, layer.inputSize(), layer.describe());
        JavaRDD<Row> scored = rows.javaRDD().zipWithIndex()
                .mapPartitions(new PredictRows(file, relu, cells, column, lstm, batch));
        return rows.sparkSession().createDataFrame(scored, schema);
    }

    /** The column's index; it must hold strings or arrays of arrays of numbers. */
    private static int sequenceColumn(Dataset<Row> rows, String name) {
        StructType schema = rows.schema();
        if (!List.of(schema.fieldNames()).contains(name)) {
            throw new IllegalArgumentException("there is no column '" + name + "'; the columns are "
                    + String.join(", ", schema.fieldNames()));
        }
        int index = schema.fieldIndex(name);
        DataType type = schema.fields()[index].dataType();
        boolean nested = type instanceof ArrayType outer && outer.elementType() instanceof ArrayType inner
                && inner.elementType() instanceof NumericType;
        if (!(type.equals(DataTypes.StringType) || nested)) {
            throw new IllegalArgumentException("column '" + name + "' is of type " + type.simpleString()
                    + "; expected JSON strings [[x_11, ..., x_1F], ...] or array<array<float>>");
        }
        return index;
    }

    private static byte[] bytes(Path model) {
        try {
            return Files.readAllBytes(model);
        } catch (IOException e) {
            throw new UncheckedIOException(model + ": " + e.getMessage(), e);
        }
    }

    /** A partition's rows, with their numbers, run through the model a batch at a time as they are read. */
    static final class PredictRows implements FlatMapFunction<Iterator<Tuple2<Row, Long>>, Row> {
        private static final long serialVersionUID = 1L;
        private final Broadcast<byte[]> file;
        private final boolean relu;
        private final SequenceCells cells;
        private final int column;
        private final boolean lstm;
        private final int batch;

        PredictRows(Broadcast<byte[]> file, boolean relu, SequenceCells cells, int column, boolean lstm, int batch) {
            this.file = file;
            this.relu = relu;
            this.cells = cells;
            this.column = column;
            this.lstm = lstm;
            this.batch = batch;
        }

        @Override
        public Iterator<Row> call(Iterator<Tuple2<Row, Long>> input) {
            RecurrentLayer model = Workers.borrow(file.id(), () -> ModelBytes.read(file.value(),
                    f -> ModelFile.load(f, new ModelFile.ImportOptions(relu)).layer()));
            return new ScoredRows(() -> Workers.giveBack(file.id(), model)) {
                @Override
                List<Row> nextBatch() {
                    List<Tuple2<Row, Long>> numbered = take(input, batch);
                    List<SequenceCells.Sequence> sequences = new ArrayList<>(numbered.size());
                    for (Tuple2<Row, Long> n : numbered) {
                        sequences.add(cells.read(n._1().get(column), n._2() + 1));
                    }
                    String[][] results = run(model, sequences, lstm);
                    List<Row> out = new ArrayList<>(numbered.size());
                    for (int i = 0; i < numbered.size(); i++) {
                        out.add(appended(numbered.get(i)._1(), (Object[]) results[i]));
                    }
                    return out;
                }
            };
        }
    }

    /**
     * Each sequence's output, h_n (and c_n) as JSON, in the sequences' order: those of one length run as one
     * batch (B, T, F), whose tensors are all given back to the workspace when it is done.
     */
    static String[][] run(RecurrentLayer model, List<SequenceCells.Sequence> sequences, boolean lstm) {
        Map<Integer, List<Integer>> byLength = new LinkedHashMap<>();
        for (int i = 0; i < sequences.size(); i++) {
            byLength.computeIfAbsent(sequences.get(i).steps(), t -> new ArrayList<>()).add(i);
        }
        int features = model.inputSize();
        String[][] results = new String[sequences.size()][];
        for (Map.Entry<Integer, List<Integer>> group : byLength.entrySet()) {
            int steps = group.getKey();
            List<Integer> members = group.getValue();
            float[] x = new float[members.size() * steps * features];
            for (int b = 0; b < members.size(); b++) {
                System.arraycopy(sequences.get(members.get(b)).values(), 0, x, b * steps * features,
                        steps * features);
            }
            try (Workspace.Scope scope = Workspace.scope()) {
                RecurrentOutput out = model.infer(Tensor.of(x, members.size(), steps, features), null, null);
                float[] sequence = out.sequence().toArray();                          // (B, T, D·H)
                int width = model.outputSize();
                float[][] h = parts(out.finalStates(), 0);                             // L·D × (B, H)
                float[][] c = lstm ? parts(out.finalStates(), 1) : null;
                int hWidth = out.finalStates().get(0).tensors().get(0).dim(1);
                int cWidth = lstm ? out.finalStates().get(0).tensors().get(1).dim(1) : 0;
                for (int b = 0; b < members.size(); b++) {
                    String output = JsonArrays.vector(sequence, (b * steps + steps - 1) * width, width);
                    String hn = JsonArrays.matrix(h, b * hWidth, hWidth);
                    results[members.get(b)] = lstm
                            ? new String[] {output, hn, JsonArrays.matrix(c, b * cWidth, cWidth)}
                            : new String[] {output, hn};
                }
            }
        }
        return results;
    }

    /** The {@code part}-th tensor (0 h, 1 c) of every state, (B, H) each, as floats. */
    private static float[][] parts(List<RecurrentState> states, int part) {
        float[][] values = new float[states.size()][];
        for (int k = 0; k < states.size(); k++) {
            values[k] = states.get(k).tensors().get(part).toArray();
        }
        return values;
    }
}
