package org.rnn4j.interop.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.rnn4j.interop.onnx.proto.Onnx.ModelProto;
import org.rnn4j.io.ModelFile;
import org.rnn4j.nn.Parameter;
import org.rnn4j.nn.recurrent.CellType;
import org.rnn4j.nn.recurrent.PyTorchStates;
import org.rnn4j.nn.recurrent.RecurrentConfig;
import org.rnn4j.nn.recurrent.RecurrentLayer;
import org.rnn4j.nn.recurrent.RecurrentOutput;
import org.rnn4j.nn.recurrent.RecurrentState;
import org.rnn4j.tensor.SequenceMask;
import org.rnn4j.tensor.Tensor;

/**
 * rnn4j → ONNX: the export of each committed model file (PyTorch state_dicts and rnn4j files) is the committed ONNX
 * file node for node, {@code predict}'s numbers are ONNX Runtime's on it, and the ONNX file read back by rnn4j gives
 * PyTorch's numbers (the round trip PyTorch → rnn4j → ONNX → rnn4j).
 */
class OnnxExportTest {

    static Stream<String> cases() {
        return Stream.of("rnn_tanh", "rnn_relu", "lstm", "gru")
                .flatMap(cell -> Stream.of(cell + "_l1_uni", cell + "_l2_bi"));
    }

    private static RecurrentLayer load(String name) {
        boolean relu = name.equals("rnn_relu_l1_uni");  // a plain state_dict cannot say relu
        return ModelFile.load(OnnxGolden.file("export/" + name + ".safetensors"), new ModelFile.ImportOptions(relu))
                .layer();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void exportIsTheCommittedOnnxFileNodeForNode(String name) {
        ModelProto fresh = OnnxExport.toModel(load(name));
        ModelProto committed = OnnxModel.parse(OnnxGolden.file("export/" + name + ".onnx"));
        assertThat(fresh.getOpsetImportList()).isEqualTo(committed.getOpsetImportList());
        assertThat(fresh.getIrVersion()).isEqualTo(committed.getIrVersion());
        assertThat(fresh.getGraph().getNodeList()).isEqualTo(committed.getGraph().getNodeList());
        assertThat(fresh.getGraph().getInputList()).isEqualTo(committed.getGraph().getInputList());
        assertThat(fresh.getGraph().getOutputList()).isEqualTo(committed.getGraph().getOutputList());
        assertThat(fresh.getGraph().getInitializerList()).isEqualTo(committed.getGraph().getInitializerList());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void predictGivesOnnxRuntimesNumbersOnTheExport(String name) {
        Map<String, Tensor> golden = OnnxGolden.tensors("export/" + name + "_ort.safetensors");
        RecurrentLayer layer = load(name);
        RecurrentOutput plain = layer.infer(golden.get("input"), null, null);
        OnnxGolden.assertClose(name + " output", plain.sequence(), golden.get("output"));
        OnnxGolden.assertClose(name + " h_n", PyTorchStates.stack(plain.finalStates(), 0), golden.get("h_n"));

        Tensor x = golden.get("input");
        List<RecurrentState> initial = PyTorchStates.unstack(golden.get("h0"), golden.get("c0"), layer.stateCount(),
                x.dim(0), layer.hiddenSize());
        SequenceMask mask = SequenceMask.fromLengths(OnnxGolden.ints(golden.get("lengths")), x.dim(1));
        RecurrentOutput stateful = layer.infer(x, mask, initial);
        OnnxGolden.assertClose(name + " output with state", stateful.sequence(), golden.get("output.with_state"));
        OnnxGolden.assertClose(name + " h_n with state", PyTorchStates.stack(stateful.finalStates(), 0),
                golden.get("h_n.with_state"));
        if (golden.containsKey("c0")) {
            OnnxGolden.assertClose(name + " c_n", PyTorchStates.stack(plain.finalStates(), 1), golden.get("c_n"));
            OnnxGolden.assertClose(name + " c_n with state", PyTorchStates.stack(stateful.finalStates(), 1),
                    golden.get("c_n.with_state"));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void theOnnxFileReadBackGivesPyTorchsNumbers(String name) {
        Map<String, Tensor> golden = OnnxGolden.tensors("export/" + name + "_ort.safetensors");
        OnnxModel model = OnnxModel.load(OnnxGolden.file("export/" + name + ".onnx"));
        Map<String, Tensor> out = model.run(Map.of("input", golden.get("input")));
        OnnxGolden.assertClose(name + " output vs PyTorch", out.get("output"), golden.get("torch.output"));
        OnnxGolden.assertClose(name + " h_n vs PyTorch", out.get("h_n"), golden.get("torch.h_n"));
        OnnxGolden.assertClose(name + " ONNX Runtime vs PyTorch", golden.get("output"), golden.get("torch.output"));

        Map<String, Tensor> feeds = new LinkedHashMap<>();
        feeds.put("input", golden.get("input"));
        feeds.put("h0", golden.get("h0"));
        feeds.put("sequence_lens", golden.get("lengths"));
        if (golden.containsKey("c0")) {
            feeds.put("c0", golden.get("c0"));
        }
        Map<String, Tensor> stateful = model.run(feeds);
        for (String output : model.outputNames()) {
            OnnxGolden.assertClose(name + " " + output + " with state", stateful.get(output),
                    golden.get(output + ".with_state"));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void theExportConvertsBackToTheSameLayer(String name) {
        RecurrentLayer original = load(name);
        RecurrentLayer back = OnnxImport.toRecurrentLayer(OnnxGolden.file("export/" + name + ".onnx"));
        assertThat(back.config()).isEqualTo(original.config());
        for (int i = 0; i < original.parameters().size(); i++) {
            Parameter p = original.parameters().get(i);
            Parameter q = back.parameters().get(i);
            assertThat(q.name()).isEqualTo(p.name());
            assertThat(q.value().toArray()).as(p.name()).containsExactly(p.value().toArray());
        }
    }

    @Test
    void anLstmWithProjectionIsRefusedInOneLineAndNothingIsWritten(@TempDir Path dir) {
        RecurrentLayer layer = new RecurrentLayer(new RecurrentConfig(CellType.LSTM, 4, 6, 1, false, 0f, 3),
                new SplittableRandom(1));
        Path out = dir.resolve("m.onnx");

        assertThatThrownBy(() -> OnnxExport.write(layer, out)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Lstm(input 4, hidden 6, proj 3): an LSTM with proj_size has no ONNX operator");
        assertThat(dir.toFile().list()).isEmpty();
    }

    @Test
    void writesTheFileAtomicallyAndItReadsBack(@TempDir Path dir) {
        RecurrentLayer layer = load("lstm_l2_bi");
        Path out = dir.resolve("m.onnx");
        OnnxExport.write(layer, out);
        assertThat(OnnxModel.parse(out)).isEqualTo(OnnxExport.toModel(layer));
        assertThat(dir.toFile().list()).containsExactly("m.onnx");
    }

    /**
     * No tool exports a reset-before GRU from PyTorch; the proof is transitive: rnn4j's reading of a
     * {@code linear_before_reset=0} node is checked against ONNX Runtime ({@code OnnxModelTest}), and the export
     * of such a layer, read back, gives the layer's own numbers.
     */
    @Test
    void aResetBeforeGruExportsWithLinearBeforeResetZeroAndReadsBackToItsNumbers(@TempDir Path dir) {
        RecurrentLayer layer = new RecurrentLayer(RecurrentConfig.of(CellType.GRU_RESET_BEFORE, 3, 4).withLayers(2)
                .withBidirectional(true), new SplittableRandom(7));
        ModelProto exported = OnnxExport.toModel(layer);
        assertThat(exported.getGraph().getNodeList()).filteredOn(n -> n.getOpType().equals("GRU")).hasSize(2)
                .allSatisfy(n -> assertThat(n.getAttributeList()).anySatisfy(a -> {
                    assertThat(a.getName()).isEqualTo("linear_before_reset");
                    assertThat(a.getI()).isZero();
                }));
        Tensor x = Tensor.zeros(2, 5, 3);
        SplittableRandom rng = new SplittableRandom(3);
        for (int i = 0; i < x.size(); i++) {
            x.set(i, (float) rng.nextDouble(-1, 1));
        }
        Path file = dir.resolve("gru_reset_before.onnx");
        OnnxExport.write(layer, file);
        Map<String, Tensor> out = OnnxModel.load(file).run(Map.of("input", x));
        RecurrentOutput expected = layer.infer(x, null, null);
        OnnxGolden.assertClose("output", out.get("output"), expected.sequence());
        OnnxGolden.assertClose("h_n", out.get("h_n"), PyTorchStates.stack(expected.finalStates(), 0));
    }

    @Test
    void stateFedBackAsH0AndC0ContinuesTheSequence() {
        OnnxModel model = OnnxModel.load(OnnxGolden.file("export/lstm_l1_uni.onnx"));
        Tensor x = OnnxGolden.tensors("export/lstm_l1_uni_ort.safetensors").get("input");   // (3, 4, 3)
        Map<String, Tensor> whole = model.run(Map.of("input", x));
        Map<String, Tensor> first = model.run(Map.of("input", steps(x, 0, 2)));
        Map<String, Tensor> second = model.run(Map.of("input", steps(x, 2, 4), "h0", first.get("h_n"),
                "c0", first.get("c_n")));
        OnnxGolden.assertClose("h_n after two halves", second.get("h_n"), whole.get("h_n"));
        OnnxGolden.assertClose("c_n after two halves", second.get("c_n"), whole.get("c_n"));
    }

    /** x[:, from:to, :] */
    private static Tensor steps(Tensor x, int from, int to) {
        int b = x.dim(0);
        int f = x.dim(2);
        Tensor out = Tensor.zeros(b, to - from, f);
        for (int i = 0; i < b; i++) {
            out.write(i * (to - from) * f, x, (i * x.dim(1) + from) * f, (to - from) * f);
        }
        return out;
    }
}
