package org.rnn4j.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnn4j.cli.Rnn4jCommand;
import org.rnn4j.io.ModelFile;
import org.rnn4j.io.Provenance;
import org.rnn4j.nn.recurrent.CellType;
import org.rnn4j.nn.recurrent.PyTorchStates;
import org.rnn4j.nn.recurrent.RecurrentConfig;
import org.rnn4j.nn.recurrent.RecurrentLayer;
import org.rnn4j.nn.recurrent.RecurrentOutput;
import org.rnn4j.tensor.Tensor;
import picocli.CommandLine;

class SparkRecurrentModelTest {
    private static final int F = 3;
    private static final int H = 4;
    private static final int ROWS = 20;
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void predictOnSparkGivesEachRowTheNumbersOfTheModelRunOnThatRowAlone() throws Exception {
        RecurrentLayer lstm = new RecurrentLayer(RecurrentConfig.of(CellType.LSTM, F, H), new SplittableRandom(5));
        Path model = save(lstm);
        List<float[][]> sequences = sequences(ROWS, 17);
        StringBuilder csv = new StringBuilder("id,sequence,note\n");
        for (int i = 0; i < ROWS; i++) {
            csv.append("r").append(i).append(",\"").append(json(sequences.get(i))).append("\",n").append(i)
                    .append('\n');
        }
        Path input = Files.writeString(dir.resolve("in.csv"), csv, StandardCharsets.UTF_8);
        Path output = dir.resolve("out.csv");

        Result result = run("predict", "--master", "local[2,3]", "--batch", "12", "--model", model.toString(),
                "--input", input.toString(), "--output", output.toString());

        assertThat(result.code()).as(result.err()).isZero();
        List<Row> written = SparkTests.session().read().option("header", "true").option("escape", "\"")
                .csv(output.toString()).collectAsList();
        assertThat(SparkTests.session().read().option("header", "true").csv(output.toString()).columns())
                .containsExactly("id", "note", "output", "h_n", "c_n");
        assertThat(written).hasSize(ROWS);
        for (int i = 0; i < ROWS; i++) {
            Row row = written.get(i);
            assertThat(row.getString(0)).isEqualTo("r" + i);
            assertThat(row.getString(1)).isEqualTo("n" + i);
            assertSameAsAlone(lstm, sequences.get(i), row.getString(2), row.getString(3), row.getString(4), i);
        }
    }

    @Test
    void aBidirectionalGruOverArrayColumnsOnTwoPartitionsKeepsTheRowsOrder() throws Exception {
        RecurrentLayer gru = new RecurrentLayer(new RecurrentConfig(CellType.GRU, F, H, 2, true, 0f),
                new SplittableRandom(9));
        Path model = save(gru);
        List<float[][]> sequences = sequences(ROWS, 23);
        StructType schema = new StructType().add("id", DataTypes.IntegerType)
                .add("sequence", DataTypes.createArrayType(DataTypes.createArrayType(DataTypes.DoubleType)));
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < ROWS; i++) {
            List<List<Double>> steps = new ArrayList<>();
            for (float[] step : sequences.get(i)) {
                List<Double> values = new ArrayList<>();
                for (float x : step) {
                    values.add((double) x);
                }
                steps.add(values);
            }
            rows.add(RowFactory.create(i, steps));
        }
        Dataset<Row> input = SparkTests.session().createDataFrame(rows, schema);
        assertThat(input.rdd().getNumPartitions()).isEqualTo(2);

        List<Row> scored = SparkRecurrentModel.predict(input, model, "sequence").collectAsList();

        assertThat(scored).hasSize(ROWS);
        assertThat(scored.get(0).schema().fieldNames()).containsExactly("id", "sequence", "output", "h_n");
        for (int i = 0; i < ROWS; i++) {
            assertThat(scored.get(i).getInt(0)).isEqualTo(i);
            assertSameAsAlone(gru, sequences.get(i), scored.get(i).getString(2), scored.get(i).getString(3), null, i);
        }
    }

    @Test
    void parquetInAndOutKeepTheRowsAndTheirNumbers() throws Exception {
        RecurrentLayer lstm = new RecurrentLayer(RecurrentConfig.of(CellType.LSTM, F, H), new SplittableRandom(5));
        Path model = save(lstm);
        List<float[][]> sequences = sequences(ROWS, 31);
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < ROWS; i++) {
            rows.add(RowFactory.create(i, json(sequences.get(i))));
        }
        StructType schema = new StructType().add("id", DataTypes.IntegerType).add("steps", DataTypes.StringType);
        Path input = dir.resolve("in.parquet");
        SparkTests.session().createDataFrame(rows, schema).coalesce(1).write().parquet(input.toString());
        Path output = dir.resolve("out.parquet");

        Result result = run("predict", "--master", "local[2,3]", "--sequence-column", "steps", "--model",
                model.toString(), "--input", input.toString(), "--output", output.toString());

        assertThat(result.code()).as(result.err()).isZero();
        Dataset<Row> written = SparkTests.session().read().parquet(output.toString());
        assertThat(written.columns()).containsExactly("id", "output", "h_n", "c_n");
        List<Row> byId = written.orderBy("id").collectAsList();
        assertThat(byId).hasSize(ROWS);
        for (int i = 0; i < ROWS; i++) {
            assertThat(byId.get(i).getInt(0)).isEqualTo(i);
            assertSameAsAlone(lstm, sequences.get(i), byId.get(i).getString(1), byId.get(i).getString(2),
                    byId.get(i).getString(3), i);
        }
    }

    @Test
    void aSequenceTheModelCannotReadIsOneLineNamingItsRow() throws Exception {
        Path model = save(new RecurrentLayer(RecurrentConfig.of(CellType.LSTM, F, H), new SplittableRandom(5)));
        String good = "\"[[0.1, 0.2, 0.3], [0.4, 0.5, 0.6]]\"";

        Result wrongWidth = predictRows(model, good, good, "\"[[0.1, 0.2], [0.3, 0.4]]\"", good);
        Result notJson = predictRows(model, good, "\"[[0.1, 0.2, 0.3\"", good);

        assertThat(wrongWidth.code()).isEqualTo(1);
        assertThat(wrongWidth.err().lines()).containsExactly("rnn4j: row 3, column 'sequence': step 1 has 2 "
                + "features, but Lstm(input 3, hidden 4) takes 3");
        assertThat(notJson.code()).isEqualTo(1);
        assertThat(notJson.err().lines()).singleElement().asString()
                .startsWith("rnn4j: row 2, column 'sequence': is not JSON (");
    }

    private Result predictRows(Path model, String... cells) throws Exception {
        Path input = Files.writeString(Files.createTempFile(dir, "in", ".csv"),
                "sequence\n" + String.join("\n", cells) + "\n", StandardCharsets.UTF_8);
        return run("predict", "--master", "local[2,3]", "--model", model.toString(), "--input", input.toString(),
                "--output", dir.resolve(input.getFileName() + ".out.csv").toString());
    }

    /** The row's cells against {@code layer.infer} of that row alone, (1, T, F), within 1e-6. */
    private static void assertSameAsAlone(RecurrentLayer layer, float[][] sequence, String output, String hn,
                                          String cn, int row) throws Exception {
        int steps = sequence.length;
        float[] x = new float[steps * F];
        for (int t = 0; t < steps; t++) {
            System.arraycopy(sequence[t], 0, x, t * F, F);
        }
        RecurrentOutput alone = layer.infer(Tensor.of(x, 1, steps, F), null, null);
        float[] all = alone.sequence().toArray();                                       // (1, T, D·H)
        int width = layer.outputSize();
        float[] last = java.util.Arrays.copyOfRange(all, (steps - 1) * width, steps * width);
        assertClose(flat(output), last, "row " + row + "'s output");
        assertClose(flat(hn), PyTorchStates.stack(alone.finalStates(), 0).toArray(), "row " + row + "'s h_n");
        if (cn != null) {
            assertClose(flat(cn), PyTorchStates.stack(alone.finalStates(), 1).toArray(), "row " + row + "'s c_n");
        }
        assertThat(JSON.readTree(hn).size()).isEqualTo(layer.stateCount());
    }

    private static void assertClose(float[] actual, float[] expected, String what) {
        assertThat(actual).as(what).hasSameSizeAs(expected);
        for (int i = 0; i < expected.length; i++) {
            assertThat(actual[i]).as("%s [%d]", what, i).isCloseTo(expected[i], within(1e-6f));
        }
    }

    private static float[] flat(String json) throws Exception {
        List<Float> values = new ArrayList<>();
        collect(JSON.readTree(json), values);
        float[] out = new float[values.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = values.get(i);
        }
        return out;
    }

    private static void collect(JsonNode node, List<Float> values) {
        if (node.isArray()) {
            node.forEach(n -> collect(n, values));
        } else {
            values.add(node.floatValue());
        }
    }

    /** {@code count} sequences of T = 1 … 6 steps (cycling), values in [-1, 1). */
    private static List<float[][]> sequences(int count, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        List<float[][]> all = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            float[][] steps = new float[1 + i % 6][F];
            for (float[] step : steps) {
                for (int f = 0; f < F; f++) {
                    step[f] = (float) random.nextDouble(-1, 1);
                }
            }
            all.add(steps);
        }
        return all;
    }

    private static String json(float[][] sequence) {
        StringBuilder json = new StringBuilder("[");
        for (int t = 0; t < sequence.length; t++) {
            json.append(t == 0 ? "[" : ", [");
            for (int f = 0; f < F; f++) {
                json.append(f == 0 ? "" : ", ").append(sequence[t][f]);
            }
            json.append(']');
        }
        return json.append(']').toString();
    }

    private Path save(RecurrentLayer layer) {
        Path file = dir.resolve(layer.cellType() + ".safetensors");
        ModelFile.save(file, layer, Provenance.now(5L, null, "SparkRecurrentModelTest"));
        return file;
    }

    private record Result(int code, String err) {
    }

    private static Result run(String... args) {
        SparkTests.session(); // the tests' one session, which the command's getOrCreate finds
        CommandLine command = Rnn4jCommand.newCommandLine("rnn4j-spark", Rnn4jSparkCommand.SUBCOMMANDS);
        StringWriter err = new StringWriter();
        command.setOut(new PrintWriter(new StringWriter(), true));
        command.setErr(new PrintWriter(err, true));
        return new Result(command.execute(args), err.toString());
    }
}
