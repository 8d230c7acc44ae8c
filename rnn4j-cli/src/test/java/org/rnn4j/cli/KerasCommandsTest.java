package org.rnn4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnn4j.io.Npy;
import org.rnn4j.io.Safetensors;
import org.rnn4j.io.SafetensorsFile;
import org.rnn4j.tensor.Tensor;

/**
 * predict, convert and inspect on Keras models: two of rnn4j-interop's golden models, copied under
 * src/test/resources/keras (tools/golden/generate_keras.py writes them; see tools/golden/README.md).
 */
class KerasCommandsTest {
    @TempDir
    Path dir;

    private static Path resource(String name) throws URISyntaxException {
        return Path.of(KerasCommandsTest.class.getResource("/keras/" + name).toURI());
    }

    private static SafetensorsFile golden(String name) throws URISyntaxException {
        return Safetensors.read(resource(name + ".safetensors"));
    }

    /** The golden token ids (B, T) as NumPy's default int64 .npy. */
    private Path tokenIds(Tensor ids) {
        long[] values = new long[ids.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = (long) ids.get(i);
        }
        Path file = dir.resolve("ids.npy");
        CliTesting.writeInt64Npy(file, ids.shape(), values);
        return file;
    }

    private Path h5(String name) throws IOException, URISyntaxException {
        Path out = dir.resolve(name + ".h5");
        try (InputStream in = new GZIPInputStream(Files.newInputStream(resource(name + ".h5.gz")))) {
            Files.copy(in, out);
        }
        return out;
    }

    private static void assertKerasNumbers(Path file, Tensor expected) {
        Tensor actual = Npy.readFloat32(file);
        assertThat(actual.shape()).containsExactly(expected.shape());
        double maxDiff = 0;
        double maxRef = 0;
        for (int i = 0; i < expected.size(); i++) {
            maxDiff = Math.max(maxDiff, Math.abs(actual.get(i) - expected.get(i)));
            maxRef = Math.max(maxRef, Math.abs(expected.get(i)));
        }
        assertThat(maxDiff / maxRef).as("max relative difference from Keras's model.predict").isLessThan(1e-5);
    }

    @Test
    void predictRunsAKerasArchiveOnInt64TokenIdsAndWritesModelPredictsOutput() throws Exception {
        SafetensorsFile golden = golden("embedding_mask_zero");
        Path y = dir.resolve("y.npy");

        CliTesting.Result run = CliTesting.run("predict", "--model", resource("embedding_mask_zero.keras"),
                "--input", tokenIds(golden.tensors().get("input")), "--output", y);

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("(3, 5) -> ").contains("(3, 5, 3)");
        assertKerasNumbers(y, golden.tensors().get("output"));
    }

    @Test
    void predictRunsALegacyH5OnFloatFeatures() throws Exception {
        SafetensorsFile golden = golden("lstm_softmax");
        Path x = dir.resolve("x.npy");
        Npy.write(x, golden.tensors().get("input"));
        Path y = dir.resolve("y.npy");

        CliTesting.Result run = CliTesting.run("predict", "--model", h5("lstm_softmax"), "--input", x, "--output", y,
                "--quiet");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).isEmpty();
        assertKerasNumbers(y, golden.tensors().get("output"));
    }

    @Test
    void convertWritesAnRnn4jFileThatPredictsTheSameAndInspectShowsItsChainAndOrigin() throws Exception {
        SafetensorsFile golden = golden("embedding_mask_zero");
        Path model = dir.resolve("m.safetensors");

        CliTesting.Result convert = CliTesting.run("convert", resource("embedding_mask_zero.keras"), "--out", model);
        assertThat(convert.exitCode()).as(convert.err()).isZero();
        assertThat(convert.out()).contains("a layer chain of 3 stages");

        Path y = dir.resolve("y.npy");
        CliTesting.Result predict = CliTesting.run("predict", "--model", model, "--input",
                tokenIds(golden.tensors().get("input")), "--output", y);
        assertThat(predict.exitCode()).as(predict.err()).isZero();
        assertKerasNumbers(y, golden.tensors().get("output"));

        CliTesting.Result inspect = CliTesting.run("inspect", model);
        assertThat(inspect.exitCode()).as(inspect.err()).isZero();
        assertThat(inspect.out()).contains("Embedding(10, 4, mask_zero)").contains("GRU(5), sequences")
                .contains("TimeDistributed(Dense(5 -> 3, softmax))").contains("source_format  keras")
                .contains("keras_version  3.15.1").contains("gru_variant    reset_after")
                .contains("source_file    embedding_mask_zero.keras").contains("command");
    }

    @Test
    void inspectShowsAKerasModelAsTheChainItImportsTo() throws Exception {
        CliTesting.Result inspect = CliTesting.run("inspect", h5("lstm_softmax"));

        assertThat(inspect.exitCode()).as(inspect.err()).isZero();
        assertThat(inspect.out()).contains("a Keras HDF5 (.h5) file").contains("LSTM(5), sequences")
                .contains("Dense(5 -> 3, softmax)").contains("Output: (B, T, 3)");
    }

    @Test
    void convertKeepsAnExistingFileWithoutOverwrite() throws Exception {
        Path model = dir.resolve("m.safetensors");
        Files.writeString(model, "keep me");

        CliTesting.Result run = CliTesting.run("convert", resource("embedding_mask_zero.keras"), "--out", model);

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err().strip()).contains("exists: pass --overwrite").doesNotContain("\n");
        assertThat(Files.readString(model)).isEqualTo("keep me");
    }

    @Test
    void predictRefusesLengthsForAKerasModelInOneLine() throws Exception {
        SafetensorsFile golden = golden("embedding_mask_zero");
        Path lengths = dir.resolve("lengths.npy");
        CliTesting.writeInt64Npy(lengths, 5, 3, 4);

        CliTesting.Result run = CliTesting.run("predict", "--model", resource("embedding_mask_zero.keras"),
                "--input", tokenIds(golden.tensors().get("input")), "--output", dir.resolve("y.npy"),
                "--lengths", lengths);

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err().strip()).startsWith("rnn4j: --lengths applies to a bare recurrent model")
                .contains("own Masking or Embedding layer").doesNotContain("\n");
    }

    @Test
    void predictRefusesFloatFeaturesForAnEmbeddingModel() throws Exception {
        Path x = dir.resolve("x.npy");
        Npy.write(x, CliTesting.uniform(1, 3, 5, 4));

        CliTesting.Result run = CliTesting.run("predict", "--model", resource("embedding_mask_zero.keras"),
                "--input", x, "--output", dir.resolve("y.npy"));

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err().strip()).contains("expected token ids of shape (B, T)").doesNotContain("\n");
    }

    @Test
    void aTruncatedKerasArchiveIsOneLineAndExitOne() throws Exception {
        byte[] whole = Files.readAllBytes(resource("embedding_mask_zero.keras"));
        Path cut = dir.resolve("cut.keras");
        Files.write(cut, java.util.Arrays.copyOf(whole, whole.length / 2));

        CliTesting.Result run = CliTesting.run("inspect", cut);

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err().strip()).startsWith("rnn4j: ").contains("cut.keras").doesNotContain("\n");
    }

    @Test
    void exportWritesAKerasArchiveAsOnnxWhosePredictionOnInt64TokenIdsIsKerasOutput() throws Exception {
        SafetensorsFile golden = golden("embedding_mask_zero");
        Path onnx = dir.resolve("m.onnx");

        CliTesting.Result export = CliTesting.run("export", "--model", resource("embedding_mask_zero.keras"),
                "--format", "onnx", "--out", onnx);
        assertThat(export.exitCode()).as(export.err()).isZero();
        assertThat(export.out()).startsWith("3 layers (a Keras 3 .keras archive): ").contains("ONNX opset 14");

        Path y = dir.resolve("y.npy");
        CliTesting.Result predict = CliTesting.run("predict", "--model", onnx, "--input",
                tokenIds(golden.tensors().get("input")), "--output", y, "-q");
        assertThat(predict.exitCode()).as(predict.err()).isZero();
        assertKerasNumbers(y, golden.tensors().get("output"));
    }

    @Test
    void exportWritesALegacyH5AsOnnxWithKerasNumbers() throws Exception {
        SafetensorsFile golden = golden("lstm_softmax");
        Path onnx = dir.resolve("m.onnx");
        assertThat(CliTesting.run("export", "--model", h5("lstm_softmax"), "--format", "onnx", "--out", onnx, "-q")
                .exitCode()).isZero();
        Path x = dir.resolve("x.npy");
        Npy.write(x, golden.tensors().get("input"));
        Path y = dir.resolve("y.npy");
        assertThat(CliTesting.run("predict", "--model", onnx, "--input", x, "--output", y, "-q").exitCode()).isZero();
        assertKerasNumbers(y, golden.tensors().get("output"));
    }

    @Test
    void exportRefusesReluForAKerasModelInOneLine() throws Exception {
        Path keras = resource("embedding_mask_zero.keras");
        CliTesting.Result run = CliTesting.run("export", "--model", keras, "--format", "onnx", "--out",
                dir.resolve("m.onnx"), "--relu");
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err().strip()).isEqualTo("rnn4j: " + keras + ": --relu applies only to a plain PyTorch"
                + " state_dict; this is a Keras 3 .keras archive, whose layers say their activations");
        assertThat(dir.resolve("m.onnx")).doesNotExist();
    }
}
