package org.rnn4j.interop.onnx;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.rnn4j.interop.keras.KerasImport;
import org.rnn4j.interop.onnx.proto.Onnx.ModelProto;
import org.rnn4j.io.Safetensors;
import org.rnn4j.models.chain.LayerChain;
import org.rnn4j.tensor.Tensor;

/**
 * Keras → rnn4j → ONNX, for every committed Keras golden model (golden/keras, by generate_keras.py): the export of
 * the {@code .keras} (and of the legacy {@code .h5}) is the committed golden/keras_onnx file node for node, rnn4j's
 * own ONNX reader gives Keras's numbers on it, and ONNX Runtime's committed outputs on it (by
 * generate_keras_onnx.py) are Keras's numbers: the round trip Keras → rnn4j → ONNX → ONNX Runtime.
 */
class ChainExportTest {
    private static final String REGENERATE = "regenerate with: mvn -B -ntp -o -q package -DskipTests &&"
            + " KERAS_BACKEND=jax /work/venv-peers/bin/python tools/golden/generate_keras_onnx.py";

    static Stream<String> cases() throws IOException {
        try (Stream<Path> files = Files.list(folder("keras"))) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".safetensors"))
                    .map(n -> n.substring(0, n.length() - ".safetensors".length())).sorted().toList().stream();
        }
    }

    private static Path folder(String name) {
        try {
            return Path.of(ChainExportTest.class.getResource("/golden/" + name).toURI());
        } catch (URISyntaxException | NullPointerException e) {
            throw new AssertionError("golden/" + name + " is missing; " + REGENERATE, e);
        }
    }

    /** Keras's input and model.predict of a case. */
    private static Map<String, Tensor> keras(String name) {
        return Safetensors.read(folder("keras").resolve(name + ".safetensors")).tensors();
    }

    /** ONNX Runtime's outputs on the committed export, and the extra masks' Keras outputs. */
    private static Map<String, Tensor> ort(String name) {
        Path file = folder("keras_onnx").resolve(name + "_ort.safetensors");
        assertThat(file).as("%s; %s", file, REGENERATE).exists();
        return Safetensors.read(file).tensors();
    }

    private static Path committed(String name) {
        return folder("keras_onnx").resolve(name + ".onnx");
    }

    private static LayerChain chain(String name) {
        return KerasImport.read(folder("keras").resolve(name + ".keras")).chain();
    }

    private static void assertSameGraph(ModelProto fresh, ModelProto committed) {
        assertThat(fresh.getOpsetImportList()).isEqualTo(committed.getOpsetImportList());
        assertThat(fresh.getIrVersion()).isEqualTo(committed.getIrVersion());
        assertThat(fresh.getGraph().getNodeList()).as(REGENERATE).isEqualTo(committed.getGraph().getNodeList());
        assertThat(fresh.getGraph().getInputList()).isEqualTo(committed.getGraph().getInputList());
        assertThat(fresh.getGraph().getOutputList()).isEqualTo(committed.getGraph().getOutputList());
        assertThat(fresh.getGraph().getInitializerList()).isEqualTo(committed.getGraph().getInitializerList());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void exportIsTheCommittedOnnxFileNodeForNode(String name) {
        assertSameGraph(OnnxExport.toModel(chain(name)), OnnxModel.parse(committed(name)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void theLegacyH5ExportsTheSameGraph(String name, @TempDir Path dir) throws IOException {
        Path gz = folder("keras").resolve(name + ".h5.gz");
        if (!Files.exists(gz)) {
            return;                                       // Keras cannot read its own .h5 of this model back
        }
        Path h5 = dir.resolve(name + ".h5");
        try (InputStream in = new GZIPInputStream(Files.newInputStream(gz))) {
            Files.copy(in, h5);
        }
        assertSameGraph(OnnxExport.toModel(KerasImport.read(h5).chain()), OnnxModel.parse(committed(name)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void rnn4jsOnnxReaderGivesKerasNumbersOnTheExport(String name) {
        OnnxModel model = OnnxModel.load(committed(name));
        Map<String, Tensor> keras = keras(name);
        Map<String, Tensor> ort = ort(name);
        OnnxGolden.assertClose(name + " rnn4j's ONNX reader vs Keras", run(model, keras.get("input")),
                keras.get("output"));
        OnnxGolden.assertClose(name + " rnn4j's ONNX reader vs ONNX Runtime, 2 rows, 3 steps",
                run(model, ort.get("input.short")), ort.get("output.short"));
        if (ort.containsKey("input.extra")) {
            OnnxGolden.assertClose(name + " rnn4j's ONNX reader vs Keras, empty and left-padded rows",
                    run(model, ort.get("input.extra")), ort.get("keras.output.extra"));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void onnxRuntimesOutputsOnTheExportAreKerasNumbers(String name) {
        Map<String, Tensor> keras = keras(name);
        Map<String, Tensor> ort = ort(name);
        assertThat(ort.get("input").toArray()).containsExactly(keras.get("input").toArray());
        OnnxGolden.assertClose(name + " ONNX Runtime vs Keras", ort.get("output"), keras.get("output"));
        if (ort.containsKey("input.extra")) {
            OnnxGolden.assertClose(name + " ONNX Runtime vs Keras, empty and left-padded rows",
                    ort.get("output.extra"), ort.get("keras.output.extra"));
        }
    }

    /** Not the export, but the masks the Keras goldens lack, on rnn4j's own chain: its numbers are Keras's too. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void theChainGivesKerasNumbersOnEmptyAndLeftPaddedRows(String name) {
        Map<String, Tensor> ort = ort(name);
        if (ort.containsKey("input.extra")) {
            OnnxGolden.assertClose(name + " LayerChain.predict vs Keras, empty and left-padded rows",
                    chain(name).predict(ort.get("input.extra")), ort.get("keras.output.extra"));
        }
    }

    @Test
    void tokenIdsAreAnInt64InputAndTheAxesAreDynamic() {
        ModelProto model = OnnxExport.toModel(chain("embedding_mask_zero"));
        var input = model.getGraph().getInput(0);
        assertThat(input.getName()).isEqualTo("input");
        assertThat(input.getType().getTensorType().getElemType())
                .isEqualTo(org.rnn4j.interop.onnx.proto.Onnx.TensorProto.DataType.INT64_VALUE);
        assertThat(input.getType().getTensorType().getShape().getDimList())
                .extracting(d -> d.getDimParam()).containsExactly("batch", "time");
        assertThat(model.getGraph().getOutput(0).getType().getTensorType().getShape().getDimList())
                .extracting(d -> d.hasDimParam() ? d.getDimParam() : String.valueOf(d.getDimValue()))
                .containsExactly("batch", "time", "3");
    }

    @Test
    void aResetBeforeGruIsAGruNodeWithLinearBeforeResetZero() {
        List<Long> values = OnnxExport.toModel(chain("gru_reset_before")).getGraph().getNodeList().stream()
                .filter(n -> n.getOpType().equals("GRU")).flatMap(n -> n.getAttributeList().stream())
                .filter(a -> a.getName().equals("linear_before_reset")).map(a -> a.getI()).toList();
        assertThat(values).containsExactly(0L);
        assertThat(OnnxExport.toModel(chain("gru_reset_after")).getGraph().getNodeList().stream()
                .filter(n -> n.getOpType().equals("GRU")).flatMap(n -> n.getAttributeList().stream())
                .filter(a -> a.getName().equals("linear_before_reset")).map(a -> a.getI()).toList())
                .containsExactly(1L);
    }

    @Test
    void writesTheFileAtomically(@TempDir Path dir) {
        LayerChain chain = chain("stacked");
        Path out = dir.resolve("m.onnx");
        OnnxExport.write(chain, out);
        assertThat(OnnxModel.parse(out)).isEqualTo(OnnxExport.toModel(chain));
        assertThat(dir.toFile().list()).containsExactly("m.onnx");
    }

    private static Tensor run(OnnxModel model, Tensor x) {
        return model.run(Map.of("input", x)).get("output");
    }
}
