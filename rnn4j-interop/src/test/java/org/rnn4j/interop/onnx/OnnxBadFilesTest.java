package org.rnn4j.interop.onnx;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnn4j.interop.onnx.proto.Onnx.AttributeProto;
import org.rnn4j.interop.onnx.proto.Onnx.GraphProto;
import org.rnn4j.interop.onnx.proto.Onnx.ModelProto;
import org.rnn4j.interop.onnx.proto.Onnx.NodeProto;
import org.rnn4j.interop.onnx.proto.Onnx.TensorProto;
import org.rnn4j.io.FileFormatException;
import org.rnn4j.tensor.Tensor;

/**
 * A file rnn4j cannot run exactly is refused in one line that names the file, the node and the option, when it is
 * loaded: never other numbers. Each case is a committed golden graph with one thing changed.
 */
class OnnxBadFilesTest {
    @TempDir
    Path dir;

    private Path changed(String golden, UnaryOperator<GraphProto.Builder> change) throws IOException {
        ModelProto.Builder model = OnnxModel.parse(OnnxGolden.file(golden)).toBuilder();
        change.apply(model.getGraphBuilder());
        Path file = dir.resolve("m.onnx");
        Files.write(file, model.build().toByteArray());
        return file;
    }

    private static NodeProto.Builder withAttribute(NodeProto node, AttributeProto.Builder attribute) {
        return node.toBuilder().addAttribute(attribute);
    }

    private Path lstmWith(AttributeProto.Builder attribute) throws IOException {
        return changed("node/lstm_forward.onnx", g -> g.setNode(0, withAttribute(g.getNode(0), attribute)));
    }

    private static void assertRefused(Path file, String problem) {
        assertThatThrownBy(() -> OnnxModel.load(file)).isInstanceOf(FileFormatException.class)
                .hasMessage(file + ": " + problem);
    }

    @Test
    void aFileCutShort() throws IOException {
        byte[] whole = Files.readAllBytes(OnnxGolden.file("export/lstm_l2_bi.onnx"));
        Path file = dir.resolve("cut.onnx");
        Files.write(file, Arrays.copyOf(whole, whole.length / 2));
        assertThatThrownBy(() -> OnnxModel.load(file)).isInstanceOf(FileFormatException.class)
                .hasMessageStartingWith(file + ": is not a complete ONNX model (cut short or damaged: ")
                .hasMessageNotContaining("\n");
    }

    @Test
    void clip() throws IOException {
        Path file = lstmWith(AttributeProto.newBuilder().setName("clip").setType(AttributeProto.AttributeType.FLOAT)
                .setF(3f));
        assertRefused(file, "node 'LSTM_0' (LSTM): attribute clip is not supported");
    }

    @Test
    void inputForget() throws IOException {
        Path file = lstmWith(AttributeProto.newBuilder().setName("input_forget")
                .setType(AttributeProto.AttributeType.INT).setI(1));
        assertRefused(file, "node 'LSTM_0' (LSTM): attribute input_forget=1 is not supported");
    }

    @Test
    void peepholes() throws IOException {
        Path file = changed("node/lstm_forward.onnx", g -> {
            g.addInitializer(OnnxTensors.floats("P", new float[12], 1, 12));
            return g.setNode(0, g.getNode(0).toBuilder().addInput("P"));  // slot 7
        });
        assertRefused(file, "node 'LSTM_0' (LSTM): input P (peephole weights) is not supported");
    }

    @Test
    void anUnsupportedActivation() throws IOException {
        AttributeProto.Builder activations = AttributeProto.newBuilder().setName("activations")
                .setType(AttributeProto.AttributeType.STRINGS);
        for (String a : new String[] {"Softsign", "Tanh", "Tanh"}) {
            activations.addStrings(com.google.protobuf.ByteString.copyFromUtf8(a));
        }
        assertRefused(lstmWith(activations), "node 'LSTM_0' (LSTM): activation Softsign is not supported (LSTM"
                + " takes its default activations sigmoid, tanh, tanh, or HardSigmoid for the gates)");
    }

    @Test
    void activationAlphaValuesThatNoActivationTakes() throws IOException {
        Path file = changed("node/lstm_forward.onnx", g -> g.setNode(0, g.getNode(0).toBuilder()
                .addAttribute(strings("activations", "HardSigmoid", "Tanh", "Tanh"))
                .addAttribute(floats("activation_alpha", 0.2f, 0.3f))));
        assertRefused(file, "node 'LSTM_0' (LSTM): attributes activation_alpha/activation_beta have 2/0 values, but"
                + " its activations [HardSigmoid, Tanh, Tanh] take 1/0");
    }

    private static AttributeProto strings(String name, String... values) {
        AttributeProto.Builder b = AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.STRINGS);
        for (String v : values) {
            b.addStrings(com.google.protobuf.ByteString.copyFromUtf8(v));
        }
        return b.build();
    }

    private static AttributeProto floats(String name, float... values) {
        AttributeProto.Builder b = AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.FLOATS);
        for (float v : values) {
            b.addFloats(v);
        }
        return b.build();
    }

    @Test
    void aHardSigmoidWithoutAPositiveSlope() throws IOException {
        Path file = changed("node/lstm_forward.onnx", g -> g.setNode(0, g.getNode(0).toBuilder()
                .addAttribute(strings("activations", "HardSigmoid", "Tanh", "Tanh"))
                .addAttribute(floats("activation_alpha", 0f))));
        assertRefused(file, "node 'LSTM_0' (LSTM): HardSigmoid: a hard sigmoid needs a positive, finite slope alpha"
                + " and a finite beta, got alpha 0.0, beta 0.5");
    }

    @Test
    void gatesThatDifferBetweenDirections() throws IOException {
        Path file = changed("node/lstm_bidirectional.onnx", g -> g.setNode(0, g.getNode(0).toBuilder()
                .addAttribute(strings("activations", "HardSigmoid", "Tanh", "Tanh", "Sigmoid", "Tanh", "Tanh"))));
        assertRefused(file, "node 'LSTM_0' (LSTM): gates hard_sigmoid(alpha 0.2, beta 0.5) and sigmoid differ"
                + " between directions, which is not supported");
    }

    @Test
    void activationAlphaValuesWithTheDefaultActivations() throws IOException {
        Path file = changed("node/gru_forward.onnx", g -> g.setNode(0, g.getNode(0).toBuilder()
                .addAttribute(floats("activation_alpha", 0.2f))));
        assertRefused(file, "node 'GRU_0' (GRU): attributes activation_alpha/activation_beta have values, but the"
                + " default activations take none");
    }

    @Test
    void hardSigmoidGatesCannotBecomeAnRnn4jRecurrentModelFile() {
        Path file = OnnxGolden.file("node/lstm_hard_sigmoid_bidirectional.onnx");
        assertThatThrownBy(() -> OnnxImport.toRecurrentLayer(file)).hasMessageContaining("gates hard_sigmoid(alpha");
    }

    @Test
    void anOperatorThatIsNotSupported() throws IOException {
        Path file = changed("node/rnn_forward.onnx", g -> g.setNode(0, g.getNode(0).toBuilder().setOpType("Scan")
                .clearAttribute()));
        assertThatThrownBy(() -> OnnxModel.load(file)).isInstanceOf(FileFormatException.class)
                .hasMessageStartingWith(file + ": node 'RNN_0' (Scan): operator Scan is not supported (rnn4j runs RNN,"
                        + " LSTM, GRU and the ops exporters put around them: ");
    }

    @Test
    void anInitializerWhoseDataDoesNotFitItsDims() throws IOException {
        Path file = changed("node/gru_forward.onnx", g -> {
            TensorProto w = g.getInitializer(0);
            return g.setInitializer(0, w.toBuilder().setDims(1, 13));            // W (1, 12, 3) claims (1, 13, 3)
        });
        assertRefused(file, "initializer 'W' holds 36 values, but its dims (1, 13, 3) need 39");
    }

    @Test
    void aWeightOfTheWrongShapeForTheNode() throws IOException {
        Path file = changed("node/gru_forward.onnx", g -> g.setInitializer(0,
                OnnxTensors.floats("W", new float[1 * 12 * 2], 1, 12, 2)));      // F = 2, but X has 3 features
        OnnxModel model = OnnxModel.load(file);
        Tensor x = OnnxGolden.tensors("node/gru_forward_ort.safetensors").get("X");
        assertThatThrownBy(() -> model.predict(x, new int[] {4, 2, 3})).isInstanceOf(FileFormatException.class)
                .hasMessage(file + ": node 'GRU_0' (GRU): input W has shape (1, 12, 2), expected (1, 12, 3) for its"
                        + " hidden_size, direction and input X");
    }

    @Test
    void aNodeReadingANameNothingMakes() throws IOException {
        Path file = changed("node/rnn_forward.onnx", g -> g.setNode(0, g.getNode(0).toBuilder().setInput(1, "W2")));
        assertRefused(file, "node 'RNN_0' (RNN): reads 'W2', which no earlier node, input or initializer makes");
    }

    @Test
    void anInputOfTheWrongShape() {
        Path file = OnnxGolden.file("node/rnn_forward.onnx");
        OnnxModel model = OnnxModel.load(file);
        assertThatThrownBy(() -> model.predict(Tensor.zeros(4, 3, 5), null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(file + ": input 'X' has shape (time, batch, 3), got (4, 3, 5)");
    }
}
