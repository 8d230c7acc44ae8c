package org.rnn4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

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
                "--batch", "32", "--lr", "0.01", "--max-steps", "300", "--eval-every", "100", "--test-size", "200");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("step    100");
        assertThat(lastValue(r.out(), "test_mse")).isLessThan(0.05); // baseline 0.167
    }

    @Test
    void aGruOnAShortCopyTaskLowersItsLossBelowTheBaseline() {
        CliTesting.Result r = CliTesting.run("task", "copy", "--cell", "gru", "--delay", "3", "--hidden", "32",
                "--batch", "32", "--lr", "0.01", "--max-steps", "300", "--eval-every", "100", "--test-size", "100");
        assertThat(r.exitCode()).as(r.err()).isZero();
        double baseline = 10 * Math.log(8) / 23;
        assertThat(lastValue(r.out(), "test_loss")).isLessThan(baseline);
        assertThat(lastValue(r.out(), "test_accuracy")).isBetween(0.0, 1.0);
    }

    @Test
    void aNegativeLearningRateIsRefusedBeforeTrainingWithTheOptionNamed() {
        CliTesting.Result r = CliTesting.run("task", "adding", "--lr", "-0.1");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err().strip()).isEqualTo("rnn4j: --lr must be a positive number, got -0.1");
        assertThat(r.out()).doesNotContain("step");
    }

    @Test
    void anUnknownCellIsRefused() {
        CliTesting.Result r = CliTesting.run("task", "copy", "--cell", "transformer");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).contains("unknown cell type 'transformer'");
    }
}
