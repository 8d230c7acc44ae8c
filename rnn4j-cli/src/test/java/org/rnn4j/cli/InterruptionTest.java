package org.rnn4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ctrl-C during training loses nothing: the run stops after its current step, writes the model with the best
 * weights so far and its summary, and exits 130 (SIGTERM: 143). Run as a separate process, since a signal goes to
 * a whole JVM.
 */
@DisabledOnOs(OS.WINDOWS) // no SIGINT to send there
class InterruptionTest {
    private static final Path SLICE = Path.of("src", "test", "resources", "text", "austen-slice.txt").toAbsolutePath();
    @TempDir
    Path dir;

    /** train-lm in its own JVM, for long enough that only a signal ends it. */
    private Process startTraining(Path model) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"),
                "org.rnn4j.cli.Rnn4jCommand", "train-lm", "--text", SLICE.toString(), "--out", model.toString(),
                "--hidden", "32", "--embedding", "16", "--layers", "1", "--batch", "8", "--bptt", "32",
                "--max-epochs", "1000", "--max-minutes", "5", "--validate-every", "5", "--lr", "0.01"));
        return new ProcessBuilder(command).redirectErrorStream(true).start();
    }

    /** Reads the process's output until a line contains {@code marker}; returns everything read. */
    private static String readUntil(BufferedReader output, String marker) throws IOException {
        StringBuilder seen = new StringBuilder();
        for (String line = output.readLine(); line != null; line = output.readLine()) {
            seen.append(line).append('\n');
            if (line.contains(marker)) {
                break;
            }
        }
        return seen.toString();
    }

    private static void signal(Process process, String name) throws IOException, InterruptedException {
        new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).start().waitFor();
    }

    private static String rest(BufferedReader output) throws IOException {
        StringBuilder seen = new StringBuilder();
        for (String line = output.readLine(); line != null; line = output.readLine()) {
            seen.append(line).append('\n');
        }
        return seen.toString();
    }

    /** What an interrupted training run left: its exit status and what it printed after the signal. */
    private record Interrupted(int exitCode, String output) {
    }

    /**
     * Trains into {@code model}, sends {@code signal} once a validation has run (so there are best weights to
     * keep) and waits for the process to end.
     */
    private Interrupted trainAndSignal(Path model, String signal) throws Exception {
        Process training = startTraining(model);
        try (BufferedReader output = new BufferedReader(new InputStreamReader(training.getInputStream(),
                StandardCharsets.UTF_8))) {
            readUntil(output, "validation loss");
            signal(training, signal); // Process.destroy() would close the output it still writes
            String after = rest(output);
            assertThat(training.waitFor(60, TimeUnit.SECONDS)).as("ended after SIG" + signal).isTrue();
            return new Interrupted(training.exitValue(), after);
        } finally {
            training.destroyForcibly();
        }
    }

    @Test
    void ctrlCWritesTheBestModelSoFarAndExits130() throws Exception {
        Path model = dir.resolve("austen.safetensors");
        Interrupted run = trainAndSignal(model, "INT");

        assertThat(run.exitCode()).isEqualTo(130);
        assertThat(run.output()).contains("interrupted: finishing this step").containsPattern("stopped +interrupted")
                .contains("val_loss=");
        assertThat(model).exists();
        assertThat(CliTesting.run("generate", "--model", model, "--prime", "It", "--length", "10").exitCode())
                .as("the written model loads").isZero();
    }

    @Test
    void sigtermStopsTheSameWayAndExits143() throws Exception {
        Path model = dir.resolve("austen.safetensors");
        Interrupted run = trainAndSignal(model, "TERM");

        assertThat(run.exitCode()).isEqualTo(143);
        assertThat(run.output()).containsPattern("stopped +interrupted");
        assertThat(model).exists();
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).as("no temporary file left")
                    .noneMatch(name -> name.contains(".tmp"));
        }
    }
}
