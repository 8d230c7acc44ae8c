package org.rnn4j.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/** Every output of a training command is checked before training starts, so a bad path never costs a run. */
class TrainingOutputsTest {
    private static final Path SLICE = Path.of("src", "test", "resources", "text", "austen-slice.txt");
    @TempDir
    Path dir;

    private CliTesting.Result trainLm(Object... more) {
        List<Object> args = new ArrayList<>(List.of("train-lm", "--text", SLICE, "--hidden", "8", "--embedding", "4",
                "--layers", "1", "--max-epochs", "1"));
        args.addAll(List.of(more));
        return CliTesting.run(args.toArray());
    }

    @Test
    void aLogInAFolderThatDoesNotExistIsRefusedBeforeTraining() {
        Path model = dir.resolve("m.safetensors");
        CliTesting.Result r = trainLm("--out", model, "--log-csv", dir.resolve("no/such/log.csv"));

        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err().strip()).startsWith("rnn4j: --log-csv").contains("does not exist").doesNotContain("\n");
        assertThat(r.out()).doesNotContain("epoch");
        assertThat(model).doesNotExist();
    }

    @Test
    void aChartWhoseFolderIsAFileIsRefused() throws Exception {
        Path file = Files.writeString(dir.resolve("notes.txt"), "x");
        CliTesting.Result r = trainLm("--out", dir.resolve("m.safetensors"), "--chart", file.resolve("c.png"));

        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).contains("--chart").contains("does not exist");
    }

    @Test
    void aCheckpointFolderThatIsAFileIsRefused() throws Exception {
        Path file = Files.writeString(dir.resolve("ckpt"), "x");
        CliTesting.Result r = trainLm("--out", dir.resolve("m.safetensors"), "--checkpoint-dir", file);

        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).contains("--checkpoint-dir").contains("is a file, not a folder");
    }

    @Test
    void aReadOnlyFolderIsRefusedBeforeTraining() throws Exception {
        assumeThat(System.getProperty("user.name")).as("root writes into read-only folders").isNotEqualTo("root");
        Path readOnly = Files.createDirectory(dir.resolve("ro"));
        Files.setPosixFilePermissions(readOnly, PosixFilePermissions.fromString("r-xr-xr-x"));
        CliTesting.Result r = trainLm("--out", readOnly.resolve("m.safetensors"));

        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).contains("--out").contains("cannot write in folder");
    }

    @Test
    @EnabledOnOs(OS.LINUX) // /dev/full: every write fails as on a full disk
    void aLogThatFailsDuringTrainingCostsNeitherTheModelNorTheSummary() {
        Path model = dir.resolve("m.safetensors");
        CliTesting.Result r = trainLm("--out", model, "--log-csv", Path.of("/dev/full"), "--quiet");

        assertThat(r.exitCode()).isEqualTo(LateOutputs.MODEL_WRITTEN_OUTPUT_MISSING);
        assertThat(model).isRegularFile();
        assertThat(r.out()).contains("val_loss=");
        assertThat(r.err().strip()).startsWith("rnn4j: could not write the training log /dev/full (No space left")
                .endsWith("the run went on (the model was written)");
    }
}
