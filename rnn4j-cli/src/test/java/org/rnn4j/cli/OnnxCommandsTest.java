package org.rnn4j.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnn4j.io.ModelFile;
import org.rnn4j.io.Npy;
import org.rnn4j.io.Provenance;
import org.rnn4j.nn.recurrent.CellType;
import org.rnn4j.nn.recurrent.RecurrentConfig;
import org.rnn4j.nn.recurrent.RecurrentLayer;
import org.rnn4j.tensor.Tensor;

/** {@code rnn4j export --format onnx}, and {@code rnn4j predict} on the ONNX file it wrote. */
class OnnxCommandsTest {
    @TempDir
    Path dir;

    private Path saveGru() {
        Path file = dir.resolve("gru.safetensors");
        RecurrentLayer layer = new RecurrentLayer(new RecurrentConfig(CellType.GRU, 4, 5, 2, true, 0f),
                new SplittableRandom(3));
        ModelFile.save(file, layer, Provenance.now(3L, null, "OnnxCommandsTest"));
        return file;
    }

    @Test
    void predictOnTheExportGivesPredictsNumbers() {
        Path model = saveGru();
        Path onnx = dir.resolve("gru.onnx");
        CliTesting.Result export = CliTesting.run("export", "--model", model, "--format", "onnx", "--out", onnx);
        assertThat(export.exitCode()).as(export.err()).isZero();
        assertThat(export.out()).startsWith("Gru(input 4, hidden 5, layers 2, bidirectional): ");

        Path x = dir.resolve("x.npy");
        Npy.write(x, CliTesting.uniform(5, 3, 6, 4));
        Path lengths = dir.resolve("lengths.npy");
        CliTesting.writeInt64Npy(lengths, 6, 2, 4);
        Path fromRnn4j = dir.resolve("y1.npy");
        Path fromOnnx = dir.resolve("y2.npy");
        assertThat(CliTesting.run("predict", "--model", model, "--input", x, "--lengths", lengths, "--output",
                fromRnn4j, "-q").exitCode()).isZero();
        CliTesting.Result predict = CliTesting.run("predict", "--model", onnx, "--input", x, "--lengths", lengths,
                "--output", fromOnnx);
        assertThat(predict.exitCode()).as(predict.err()).isZero();
        assertThat(predict.out()).startsWith("ONNX GRU graph: ");
        Tensor a = Npy.readFloat32(fromRnn4j);
        Tensor b = Npy.readFloat32(fromOnnx);
        assertThat(b.shape()).containsExactly(3, 6, 10);
        for (int i = 0; i < a.size(); i++) {
            assertThat(b.get(i)).as("element %d", i).isCloseTo(a.get(i), within(1e-6f));
        }
    }

    @Test
    void anExistingOutIsReplacedOnlyWithOverwrite() throws IOException {
        Path model = saveGru();
        Path onnx = dir.resolve("gru.onnx");
        Files.writeString(onnx, "old");
        CliTesting.Result refused = CliTesting.run("export", "--model", model, "--format", "onnx", "--out", onnx);
        assertThat(refused.exitCode()).isEqualTo(1);
        assertThat(Files.readString(onnx)).isEqualTo("old");
        assertThat(CliTesting.run("export", "--model", model, "--format", "onnx", "--out", onnx, "--overwrite", "-q")
                .exitCode()).isZero();
        assertThat(Files.size(onnx)).isGreaterThan(1000);
    }

    @Test
    void anotherFormatIsRefused() {
        CliTesting.Result result = CliTesting.run("export", "--model", saveGru(), "--format", "tflite", "--out",
                dir.resolve("m.tflite"));
        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err().strip()).isEqualTo("rnn4j: --format tflite is not supported; the one format is onnx");
    }

    @Test
    void anOnnxFileCutShortIsOneLineAndExitOne() throws IOException {
        Path onnx = dir.resolve("gru.onnx");
        assertThat(CliTesting.run("export", "--model", saveGru(), "--format", "onnx", "--out", onnx, "-q")
                .exitCode()).isZero();
        byte[] whole = Files.readAllBytes(onnx);
        Files.write(onnx, Arrays.copyOf(whole, whole.length - 100));
        Path x = dir.resolve("x.npy");
        Npy.write(x, CliTesting.uniform(5, 3, 6, 4));
        CliTesting.Result result = CliTesting.run("predict", "--model", onnx, "--input", x, "--output",
                dir.resolve("y.npy"));
        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err().strip()).startsWith("rnn4j: " + onnx + ": is not a complete ONNX model")
                .doesNotContain("\n");
        assertThat(dir.resolve("y.npy")).doesNotExist();
    }

    @Test
    void stateOutputsDoNotApplyToAnOnnxGraph() {
        Path onnx = dir.resolve("gru.onnx");
        CliTesting.run("export", "--model", saveGru(), "--format", "onnx", "--out", onnx, "-q");
        Path x = dir.resolve("x.npy");
        Npy.write(x, CliTesting.uniform(5, 3, 6, 4));
        CliTesting.Result result = CliTesting.run("predict", "--model", onnx, "--input", x, "--output",
                dir.resolve("y.npy"), "--state-output", dir.resolve("h.npy"));
        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err().strip()).isEqualTo("rnn4j: " + onnx + ": --state-output does not apply to an ONNX"
                + " model, whose first output is what --output gets");
    }
}
