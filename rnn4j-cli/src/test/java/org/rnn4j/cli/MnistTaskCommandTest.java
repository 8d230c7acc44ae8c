package org.rnn4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Smoke tests of {@code rnn4j task mnist} on the committed slice of the first 100 MNIST training digits. */
class MnistTaskCommandTest {
    /** The slice, laid out like the full data set (its t10k files are copies of its train files). */
    private static final Path SLICE = Path.of("..", "rnn4j-core", "src", "test", "resources", "mnist");

    private static double field(String line, String key) {
        for (String part : line.trim().split("\\s+")) {
            if (part.startsWith(key + "=")) {
                return Double.parseDouble(part.substring(key.length() + 1));
            }
        }
        throw new AssertionError("no " + key + "= in: " + line);
    }

    /** The number after {@code loss} on a progress line. */
    private static double loss(String line) {
        String[] parts = line.trim().split("\\s+");
        int at = Arrays.asList(parts).indexOf("loss");
        assertThat(at).as("loss on: " + line).isNotNegative();
        return Double.parseDouble(parts[at + 1]);
    }

    @Test
    void twoEpochsOnTheSliceLowerTheTrainingLossAndEndWithTestAccuracyAndSeconds() {
        CliTesting.Result r = CliTesting.run("task", "mnist", "--data", SLICE, "--cell", "gru", "--hidden", "16",
                "--batch", "10", "--lr", "0.01", "--max-epochs", "2", "--log-every", "1");

        assertThat(r.exitCode()).as(r.err()).isZero();
        String[] lines = r.out().strip().split("\n");
        String last = lines[lines.length - 1];
        assertThat(last).matches("test_accuracy=[01]\\.\\d{4} seconds=\\d+\\.\\d");
        assertThat(field(last, "test_accuracy")).as("digits right, against 1/10 for a guess").isGreaterThan(1.0 / 10);
        String first = Arrays.stream(lines).filter(l -> l.startsWith("epoch 1  step 1 ")).findFirst().orElseThrow();
        double lastEpoch = field(lines[lines.length - 2].replace("train_loss=", " train_loss="), "train_loss");
        assertThat(lastEpoch).as("mean loss of epoch 2 vs the first step").isLessThan(loss(first));
        assertThat(r.out()).contains("validation  epoch 1  step 10  loss").contains("accuracy 0.");
    }

    @Test
    void aMissingDataFolderIsNamedWithTheFilesMnistIsExpectedAs(@TempDir Path dir) {
        Path missing = dir.resolve("no-mnist-here");

        CliTesting.Result r = CliTesting.run("task", "mnist", "--data", missing);

        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err().strip()).startsWith("rnn4j: " + missing.toAbsolutePath() + ": no such folder; MNIST is expected")
                .contains("train-images-idx3-ubyte.gz").contains("--data");
        assertThat(r.out()).doesNotContain("epoch");
    }

    @Test
    void withoutDataTheUsageErrorSaysWhatToGive() {
        CliTesting.Result r = CliTesting.run("task", "mnist");

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).startsWith("rnn4j task mnist: --data DIR is required: a folder with the four MNIST IDX files")
                .contains("Run 'rnn4j task mnist --help'");
    }

    @Test
    void aZeroBatchIsRefusedBeforeAnyDataIsRead() {
        CliTesting.Result r = CliTesting.run("task", "mnist", "--data", SLICE, "--batch", "0");

        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err().strip()).isEqualTo("rnn4j: --batch must be at least 1, got 0");
    }
}
