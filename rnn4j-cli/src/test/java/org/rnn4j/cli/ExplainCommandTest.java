package org.rnn4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExplainCommandTest {

    @Test
    void gradientsWritesOneCsvRowPerStepAndAPngChart(@TempDir Path dir) throws Exception {
        CliTesting.Result r = CliTesting.run("explain", "gradients", "--length", "12", "--hidden", "8", "--out",
                dir.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        List<String> csv = Files.readAllLines(dir.resolve("gradients.csv"));
        assertThat(csv.get(0)).isEqualTo("t,rnn_tanh_untrained,lstm_untrained,gru_untrained,rnn_relu_radius_2.0");
        assertThat(csv).hasSize(13);
        byte[] png = Files.readAllBytes(dir.resolve("gradients.png"));
        assertThat(png).startsWith((byte) 0x89, (byte) 'P', (byte) 'N', (byte) 'G');
        assertThat(r.out()).contains("after clipping to 1.0");
    }

    @Test
    void aTooShortSequenceIsRefusedBeforeAnythingIsWritten(@TempDir Path dir) {
        CliTesting.Result r = CliTesting.run("explain", "gradients", "--length", "1", "--out", dir.resolve("x").toString());
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).contains("--length must be at least 2");
        assertThat(dir.resolve("x")).doesNotExist();
    }

    @Test
    void parallelismTimesGrowWithTheLengthAndTheChartsAreWritten(@TempDir Path dir) throws Exception {
        CliTesting.Result r = CliTesting.run("explain", "parallelism", "--lengths", "8,128", "--batches", "1,8",
                "--hidden", "32", "--input", "8", "--seconds", "0.02", "--out", dir.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        List<String> csv = Files.readAllLines(dir.resolve("parallelism.csv"));
        assertThat(csv.get(0)).isEqualTo("figure,curve,x,y");
        for (String cell : List.of("rnn_tanh", "lstm", "gru")) {
            double shortRun = value(csv, "time_per_sequence," + cell + ",8,");
            double longRun = value(csv, "time_per_sequence," + cell + ",128,");
            assertThat(longRun).as(cell + ": 16 times the steps").isGreaterThan(shortRun);
            assertThat(value(csv, "projections," + cell + " step by step,128,")).isPositive();
            assertThat(value(csv, "throughput," + cell + ",8,")).isPositive();
        }
        assertThat(value(csv, "time_per_sequence,conv1d (no recurrence),128,")).isPositive();
        assertThat(csv).anyMatch(line -> line.startsWith("threads,lstm batch 8,2,"));
        assertPng(dir.resolve("parallelism-length.png"));
        assertPng(dir.resolve("parallelism-batch.png"));
        assertThat(r.out()).contains("lstm", "time for 16× T", "speed-up with 2 threads");
    }

    @Test
    void bidirectionalSeesTheFutureThatTheForwardModelCannot(@TempDir Path dir) throws Exception {
        CliTesting.Result r = CliTesting.run("explain", "bidirectional", "--length", "8", "--lookahead", "2",
                "--hidden", "12", "--max-steps", "150", "--text-length", "8", "--out", dir.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        List<String> csv = Files.readAllLines(dir.resolve("bidirectional.csv"));
        double forward = 0;
        double bidirectional = 0;
        for (int t = 0; t < 6; t++) { // the positions whose answer lies ahead
            forward += value(csv, "lookahead,forward lstm," + t + ",") / 6;
            bidirectional += value(csv, "lookahead,bidirectional lstm," + t + ",") / 6;
        }
        assertThat(forward).as("forward, answer ahead: chance is 0.125").isLessThan(0.3);
        assertThat(bidirectional).isGreaterThan(forward + 0.15);
        double cheating = value(csv, "next_character,bidirectional lstm,3,");
        double honest = value(csv, "next_character,forward lstm,3,");
        assertThat(cheating).as("it reads the next character").isGreaterThan(honest);
        assertThat(r.out()).contains("parameters: forward", "must be forward-only");
        assertPng(dir.resolve("bidirectional.png"));
        assertPng(dir.resolve("bidirectional-lm.png"));
    }

    @Test
    void memoryScoresEveryCellAtEveryLengthAgainstTheBaseline(@TempDir Path dir) throws Exception {
        CliTesting.Result r = CliTesting.run("explain", "memory", "--lengths", "4,8", "--hidden", "8",
                "--max-steps", "20", "--max-minutes", "1", "--quick", "--out", dir.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        List<String> csv = Files.readAllLines(dir.resolve("memory.csv"));
        assertThat(csv).hasSize(1 + 3 * 2);
        for (String cell : List.of("rnn_tanh", "lstm", "gru")) {
            assertThat(value(csv, "relative_loss," + cell + ",8,")).isPositive();
        }
        assertThat(r.out()).contains("The longest T each cell learnt");
        assertPng(dir.resolve("memory.png"));
    }

    @Test
    void aBadLookaheadIsRefusedBeforeAnythingIsWritten(@TempDir Path dir) {
        CliTesting.Result r = CliTesting.run("explain", "bidirectional", "--length", "4", "--lookahead", "4",
                "--out", dir.resolve("x").toString());
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).contains("--lookahead from 1 to --length");
        assertThat(dir.resolve("x")).doesNotExist();
    }

    /** The y of the CSV row that starts with {@code prefix} ("figure,curve,x,"). */
    private static double value(List<String> csv, String prefix) {
        String row = csv.stream().filter(line -> line.startsWith(prefix)).findFirst()
                .orElseThrow(() -> new AssertionError("no row " + prefix + " in " + csv));
        return Double.parseDouble(row.substring(prefix.length()));
    }

    private static void assertPng(Path file) throws Exception {
        assertThat(Files.readAllBytes(file)).startsWith((byte) 0x89, (byte) 'P', (byte) 'N', (byte) 'G');
    }
}
