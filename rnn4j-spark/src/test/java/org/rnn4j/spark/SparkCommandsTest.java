package org.rnn4j.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnn4j.cli.Rnn4jCommand;
import org.rnn4j.text.LabelledTexts;
import org.rnn4j.text.TextClassifier;
import picocli.CommandLine;

class SparkCommandsTest {
    private static final String[] SMALL = {"--embedding", "8", "--hidden", "8", "--dropout", "0", "--min-count", "1",
        "--batch", "12", "--max-epochs", "1", "--seed", "3", "--quiet", "--overwrite"};

    @TempDir
    Path dir;

    @Test
    void trainClassifierOnSparkWritesTheModelOfRnn4jTrainClassifier() throws Exception {
        Path data = csv("train.csv", SparkTrainingTest.texts(48));
        Path one = dir.resolve("one.safetensors");
        Path spark = dir.resolve("spark.safetensors");
        assertThat(run(rnn4j(), with("train-classifier", "--train", data.toString(), "--out", one.toString())))
                .isZero();
        assertThat(run(rnn4jSpark(), with("train-classifier", "--master", "local[2,3]", "--partitions", "2",
                "--train", data.toString(), "--out", spark.toString()))).isZero();
        assertThat(SparkTrainingTest.maxDifference(TextClassifier.load(spark).network().parameters(),
                TextClassifier.load(one).network().parameters())).isLessThan(1e-5);
    }

    @Test
    void classifyOnSparkGivesRnn4jClassifysRowsInOrder() throws Exception {
        Path data = csv("train.csv", SparkTrainingTest.texts(48));
        Path model = dir.resolve("m.safetensors");
        assertThat(run(rnn4j(), with("train-classifier", "--train", data.toString(), "--out", model.toString())))
                .isZero();
        Path input = csv("input.csv", SparkTrainingTest.texts(150));
        Path one = dir.resolve("one.csv");
        Path spark = dir.resolve("spark.csv");
        assertThat(run(rnn4j(), "classify", "--model", model.toString(), "--input", input.toString(), "--output",
                one.toString())).isZero();
        assertThat(run(rnn4jSpark(), "classify", "--master", "local[2,3]", "--partitions", "3", "--batch", "16",
                "--model", model.toString(), "--input", input.toString(), "--output", spark.toString())).isZero();
        List<String> expected = Files.readAllLines(one, StandardCharsets.UTF_8);
        List<String> actual = Files.readAllLines(spark, StandardCharsets.UTF_8);
        assertThat(actual).hasSameSizeAs(expected).hasSize(151);
        assertThat(actual.get(0)).isEqualTo(expected.get(0));
        for (int i = 1; i < expected.size(); i++) {
            String[] e = expected.get(i).split(",");
            String[] a = actual.get(i).split(",");
            assertThat(a[0]).as("row %d's text", i).isEqualTo(e[0]);
            assertThat(a[1]).as("row %d's label", i).isEqualTo(e[1]);
            for (int k = 2; k < e.length; k++) {
                assertThat(Double.parseDouble(a[k])).as("row %d, column %d", i, k)
                        .isCloseTo(Double.parseDouble(e[k]), within(2e-6));
            }
        }
    }

    private String[] with(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of(SMALL));
        return all.toArray(new String[0]);
    }

    private Path csv(String name, LabelledTexts texts) throws Exception {
        StringBuilder out = new StringBuilder("text,label\n");
        texts.examples().forEach(e -> out.append(e.text()).append(',').append(e.label()).append('\n'));
        Path file = dir.resolve(name);
        Files.writeString(file, out, StandardCharsets.UTF_8);
        return file;
    }

    private static CommandLine rnn4j() {
        return Rnn4jCommand.newCommandLine();
    }

    private static CommandLine rnn4jSpark() {
        SparkTests.session(); // the tests' one session, which the command's getOrCreate finds
        return Rnn4jCommand.newCommandLine("rnn4j-spark", Rnn4jSparkCommand.SUBCOMMANDS);
    }

    private static int run(CommandLine command, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        command.setOut(new PrintWriter(out, true));
        command.setErr(new PrintWriter(err, true));
        int code = command.execute(args);
        assertThat(err.toString()).as("stderr of %s", String.join(" ", args)).isEmpty();
        return code;
    }
}
