package org.rnn4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BenchCommandTest {

    @Test
    void aTinyTrainingRunPrintsItsPhasesAndTheMachineReadableLastLine() {
        CliTesting.Result r = CliTesting.run("bench", "--cell", "gru", "--input", "4", "--hidden", "8", "--batch", "2",
                "--steps", "3", "--seconds", "0.05", "--warmup", "0", "--phases");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).containsPattern("phases_ms forward=\\S+ loss=\\S+ backward=\\S+ update=\\S+");
        assertThat(r.out().strip()).containsPattern("tokens_per_s=\\d+ gflops=\\S+$");
    }

    @Test
    void everyCellIsAccepted() {
        for (String cell : new String[] {"rnn", "rnn_relu", "lstm", "gru", "gru_reset_before"}) {
            CliTesting.Result r = CliTesting.run("bench", "--cell", cell, "--input", "4", "--hidden", "8", "--batch",
                    "2", "--steps", "3", "--seconds", "0.02", "--warmup", "0");
            assertThat(r.exitCode()).as(cell + ": " + r.err()).isZero();
            assertThat(r.out().strip()).as(cell).containsPattern("tokens_per_s=\\d+ gflops=\\S+$");
        }
    }

    @Test
    void streamingReportsMicrosecondsPerStep() {
        CliTesting.Result r = CliTesting.run("bench", "--mode", "stream", "--input", "4", "--hidden", "8", "--steps",
                "5", "--seconds", "0.05", "--warmup", "0");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out().strip()).containsPattern("us_per_step=\\S+$");
    }

    @Test
    void aNegativeWarmUpIsRefused() {
        CliTesting.Result r = CliTesting.run("bench", "--warmup", "-1");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err().strip()).isEqualTo("rnn4j: --warmup must be 0 or more seconds, got -1.0");
    }
}
