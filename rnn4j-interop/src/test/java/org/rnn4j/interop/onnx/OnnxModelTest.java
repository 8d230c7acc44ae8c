package org.rnn4j.interop.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.rnn4j.interop.onnx.proto.Onnx.AttributeProto;
import org.rnn4j.interop.onnx.proto.Onnx.ModelProto;
import org.rnn4j.interop.onnx.proto.Onnx.NodeProto;
import org.rnn4j.io.FileFormatException;
import org.rnn4j.tensor.Tensor;

/**
 * ONNX → rnn4j: hand-built RNN, LSTM and GRU nodes in every direction with sequence_lens and initial states, and
 * graphs from {@code torch.onnx.export} with their glue and a Linear head, give ONNX Runtime's outputs.
 */
class OnnxModelTest {

    static Stream<String> nodeCases() {
        return Stream.of("rnn", "lstm", "gru")
                .flatMap(op -> Stream.of(op + "_forward", op + "_reverse", op + "_bidirectional"));
    }

    static Stream<String> allNodeCases() {
        return Stream.concat(nodeCases(), Stream.of("rnn_relu_bidirectional", "gru_minimal"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("allNodeCases")
    void aBareNodeGivesOnnxRuntimesOutputs(String name) {
        assertNodeCase(name);
    }

    @Test
    void aResetBeforeGruNodeGivesOnnxRuntimesOutputs() {
        assertNodeCase("gru_reset_before_bidirectional"); // linear_before_reset=0: rnn4j's gru_reset_before
    }

    /**
     * activations [HardSigmoid, Tanh(, Tanh)] per direction: gates min(max(α x + β, 0), 1), with the node's
     * activation_alpha and activation_beta, or the HardSigmoid op's 0.2 and 0.5 when the node gives none (ONNX
     * Runtime agrees); weights wide enough that some gates clip.
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"lstm_hard_sigmoid_bidirectional", "gru_hard_sigmoid_reverse",
            "gru_reset_before_hard_sigmoid_defaults"})
    void aNodeWithHardSigmoidGatesGivesOnnxRuntimesOutputs(String name) {
        assertNodeCase(name);
    }

    private static void assertNodeCase(String name) {
        Map<String, Tensor> golden = OnnxGolden.tensors("node/" + name + "_ort.safetensors");
        OnnxModel model = OnnxModel.load(OnnxGolden.file("node/" + name + ".onnx"));
        Map<String, Tensor> feeds = new java.util.LinkedHashMap<>();
        feeds.put("X", golden.get("X"));
        if (golden.containsKey("lengths")) {
            feeds.put("sequence_lens", golden.get("lengths"));
        }
        Map<String, Tensor> out = model.run(feeds);
        for (String output : model.outputNames()) {
            OnnxGolden.assertClose(name + " " + output, out.get(output), golden.get(output));
        }
        Tensor y = model.predict(golden.get("X"), golden.containsKey("lengths")
                ? OnnxGolden.ints(golden.get("lengths")) : null);
        OnnxGolden.assertClose(name + " predict", y, golden.get("Y"));
    }

    @Test
    void theLengthsGoToTheSequenceLensInput() {
        OnnxModel model = OnnxModel.load(OnnxGolden.file("node/lstm_forward.onnx"));
        assertThat(model.sequenceLengthsInput()).isEqualTo("sequence_lens");
        assertThat(model.inputs().get(0).name()).isEqualTo("X");
        assertThat(model.inputs().get(0).shape()).isEqualTo("(time, batch, 3)");
        assertThat(OnnxModel.load(OnnxGolden.file("node/gru_minimal.onnx")).sequenceLengthsInput()).isNull();
    }

    static Stream<String> torchCases() {
        return Stream.of("torch_lstm_head", "torch_gru_l2_bi_head", "torch_rnn_relu_bi_head");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("torchCases")
    void aTorchOnnxExportWithItsGlueAndHeadGivesOnnxRuntimesOutput(String name) {
        Map<String, Tensor> golden = OnnxGolden.tensors("import/" + name + "_ort.safetensors");
        OnnxModel model = OnnxModel.load(OnnxGolden.file("import/" + name + ".onnx"));
        OnnxGolden.assertClose(name, model.predict(golden.get("input"), null), golden.get("output"));
    }

    @Test
    void aTorchExportWithAHeadIsNotARecurrentLayerFile() {
        Path file = OnnxGolden.file("import/torch_lstm_head.onnx");
        assertThatThrownBy(() -> OnnxImport.toRecurrentLayer(file)).isInstanceOf(FileFormatException.class)
                .hasMessageStartingWith(file + ": node ").hasMessageContaining("(MatMul): is not part of a recurrent"
                        + " stack");
    }

    /** Layout 1 (batch-first X, Y, states), which ONNX Runtime does not run, is layout 0 transposed. */
    @Test
    void layoutOneIsLayoutZeroTransposed(@TempDir Path dir) throws IOException {
        ModelProto model = OnnxModel.parse(OnnxGolden.file("node/gru_minimal.onnx"));
        NodeProto node = model.getGraph().getNode(0).toBuilder().addAttribute(AttributeProto.newBuilder()
                .setName("layout").setType(AttributeProto.AttributeType.INT).setI(1)).build();
        ModelProto.Builder b = model.toBuilder();
        b.getGraphBuilder().setNode(0, node).getInputBuilder(0).getTypeBuilder().getTensorTypeBuilder()
                .getShapeBuilder().getDimBuilder(0).setDimParam("batch");
        b.getGraphBuilder().getInputBuilder(0).getTypeBuilder().getTensorTypeBuilder().getShapeBuilder()
                .getDimBuilder(1).setDimParam("time");
        b.getGraphBuilder().clearOutput().addOutput(model.getGraph().getOutput(0).toBuilder().clearType())
                .addOutput(model.getGraph().getOutput(1).toBuilder().clearType());
        Path file = dir.resolve("layout1.onnx");
        Files.write(file, b.build().toByteArray());
        Map<String, Tensor> golden = OnnxGolden.tensors("node/gru_minimal_ort.safetensors");
        Tensor xTimeMajor = golden.get("X");                                              // (T, B, F)
        OnnxValue xBatchFirst = ShapeOps.permute(OnnxValue.of(xTimeMajor), 1, 0, 2);       // (B, T, F)
        Map<String, Tensor> out = OnnxModel.load(file).run(Map.of("X", xBatchFirst.toTensor()));
        OnnxGolden.assertClose("Y (B, T, D, H)", out.get("Y"),
                ShapeOps.permute(OnnxValue.of(golden.get("Y")), 2, 0, 1, 3).toTensor());
        OnnxGolden.assertClose("Y_h (B, D, H)", out.get("Y_h"),
                ShapeOps.permute(OnnxValue.of(golden.get("Y_h")), 1, 0, 2).toTensor());
    }
}
