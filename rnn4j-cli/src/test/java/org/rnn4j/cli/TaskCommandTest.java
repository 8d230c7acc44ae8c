package org.rnn4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Smoke tests: tiny versions of the long-memory experiments learn, and bad options are refused up front. */
class TaskCommandTest {

    private static double lastValue(String out, String key) {
        String[] lines = out.strip().split("\n");
        String last = lines[lines.length - 1];
        for (String field : last.split(" ")) {
            if (field.startsWith(key + "=")) {
                return Double.parseDouble(field.substring(key.length() + 1));
            }
        }
        throw new AssertionError("no " + key + "= on the last line: " + last);
    }

    @Test
    void anLstmOnAShortAddingProblemBeatsTheBaselineAndEndsWithTestMse() {
        CliTesting.Result r = CliTesting.run("task", "adding", "--cell", "lstm", "--length", "6", "--hidden", "16",
                "--batch", "32", "--lr", "0.01", "--max-steps", "300", "--validate-every", "100", "--test-size", "200");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("step 100").contains("validation  epoch 1  step 100  loss");
        assertThat(lastValue(r.out(), "test_mse")).isLessThan(0.05); // baseline 0.167
    }

    @Test
    void aGruOnAShortCopyTaskLowersItsLossBelowTheBaseline() {
        CliTesting.Result r = CliTesting.run("task", "copy", "--cell", "gru", "--delay", "3", "--hidden", "32",
                "--batch", "32", "--lr", "0.01", "--max-steps", "300", "--validate-every", "100", "--test-size", "100");
        assertThat(r.exitCode()).as(r.err()).isZero();
        double baseline = 10 * Math.log(8) / 23;
        assertThat(lastValue(r.out(), "test_loss")).isLessThan(baseline);
        assertThat(lastValue(r.out(), "test_accuracy")).as("answer steps right, against 1/8 for a uniform guess")
                .isGreaterThan(1.0 / 8);
    }

    @Test
    void anIrnnTrainsOnTheAddingProblemAndIdentityIsRefusedForAGatedCell() {
        CliTesting.Result irnn = CliTesting.run("task", "adding", "--cell", "rnn_relu", "--recurrent-init", "identity",
                "--length", "6", "--hidden", "16", "--batch", "32", "--lr", "0.001", "--max-steps", "100",
                "--validate-every", "50", "--test-size", "100");
        assertThat(irnn.exitCode()).as(irnn.err()).isZero();
        assertThat(lastValue(irnn.out(), "test_mse")).isFinite();
        CliTesting.Result gated = CliTesting.run("task", "copy", "--cell", "lstm", "--recurrent-init", "identity");
        assertThat(gated.exitCode()).isEqualTo(1);
        assertThat(gated.err().strip())
                .isEqualTo("rnn4j: --recurrent-init identity (IRNN) applies to rnn_relu or rnn_tanh, not to lstm");
        CliTesting.Result unknown = CliTesting.run("task", "adding", "--recurrent-init", "xavier");
        assertThat(unknown.err().strip())
                .isEqualTo("rnn4j: --recurrent-init must be default, orthogonal or identity, got 'xavier'");
    }

    private static String[] adding(String maxSteps, String... more) {
        String[] base = {"task", "adding", "--cell", "gru", "--length", "6", "--hidden", "8", "--batch", "16",
                "--lr", "0.01", "--max-steps", maxSteps, "--validate-every", "20", "--test-size", "50"};
        String[] all = java.util.Arrays.copyOf(base, base.length + more.length);
        System.arraycopy(more, 0, all, base.length, more.length);
        return all;
    }

    @Test
    void aRunStoppedAndResumedFromItsCheckpointEndsExactlyAsAnUninterruptedRun(@TempDir Path dir) throws Exception {
        CliTesting.Result whole = CliTesting.run((Object[]) adding("60"));
        Path checkpoints = dir.resolve("run");
        Path log = dir.resolve("log.csv");
        CliTesting.Result first = CliTesting.run((Object[]) adding("40", "--checkpoint-dir", checkpoints.toString(),
                "--log-csv", log.toString()));
        CliTesting.Result resumed = CliTesting.run((Object[]) adding("60", "--checkpoint-dir", checkpoints.toString(),
                "--resume", "--log-csv", log.toString()));

        assertThat(first.exitCode()).as(first.err()).isZero();
        assertThat(resumed.exitCode()).as(resumed.err()).isZero();
        assertThat(resumed.out()).contains("resuming at step 40");
        assertThat(lastValue(resumed.out(), "test_mse")).isEqualTo(lastValue(whole.out(), "test_mse"));
        assertThat(Files.readAllLines(log)).first().isEqualTo("step,epoch,seconds,learning_rate,train_loss,val_loss,"
                + "val_accuracy");
        assertThat(Files.readAllLines(log)).hasSize(1 + 6); // a training row and a validation row per 20 steps
    }

    @Test
    void aFreshRunNeverOverwritesACheckpointAndResumeNeedsOne(@TempDir Path dir) {
        Path checkpoints = dir.resolve("run");
        assertThat(CliTesting.run((Object[]) adding("20", "--checkpoint-dir", checkpoints.toString())).exitCode())
                .isZero();
        CliTesting.Result again = CliTesting.run((Object[]) adding("20", "--checkpoint-dir", checkpoints.toString()));
        assertThat(again.exitCode()).isEqualTo(1);
        assertThat(again.err().strip()).isEqualTo("rnn4j: " + checkpoints.resolve("checkpoint.safetensors")
                + " already holds a checkpoint: continue that run with --resume, or choose another --checkpoint-dir");

        CliTesting.Result nothing = CliTesting.run((Object[]) adding("20", "--checkpoint-dir",
                dir.resolve("empty").toString(), "--resume"));
        assertThat(nothing.exitCode()).isEqualTo(1);
        assertThat(nothing.err()).contains("nothing to resume: ").contains("does not exist");
    }

    @Test
    void aNegativeLearningRateIsRefusedBeforeTrainingWithTheOptionNamed() {
        CliTesting.Result r = CliTesting.run("task", "adding", "--lr", "-0.1");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err().strip()).isEqualTo("rnn4j: --lr must be a positive number, got -0.1");
        assertThat(r.out()).doesNotContain("step");
    }

    @Test
    void badValuesAreNamedByTheirFlagAndAnOldSpellingByTheNewOne() {
        assertThat(CliTesting.run("task", "copy", "--validate-every", "0").err().strip())
                .isEqualTo("rnn4j: --validate-every must be at least 1, got 0");
        assertThat(CliTesting.run("task", "adding", "--clip-norm", "-1").err().strip())
                .isEqualTo("rnn4j: --clip-norm must be 0 (off) or positive, got -1.0");
        assertThat(CliTesting.run("task", "adding", "--clip", "-1").err().strip())
                .isEqualTo("rnn4j: --clip-norm must be 0 (off) or positive, got -1.0");
        assertThat(CliTesting.run("task", "adding", "--resume").err().strip())
                .isEqualTo("rnn4j: --resume needs --checkpoint-dir: the folder of the run to continue");
    }

    @Test
    void anUnknownCellIsRefused() {
        CliTesting.Result r = CliTesting.run("task", "copy", "--cell", "transformer");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err().strip()).isEqualTo("rnn4j: --cell transformer: expected rnn, rnn_relu, lstm, gru or gru_reset_before");
    }
}
