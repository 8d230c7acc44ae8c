package org.rnn4j.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.rnn4j.nn.Parameter;
import org.rnn4j.nn.recurrent.CellType;
import org.rnn4j.nn.recurrent.PyTorchStates;
import org.rnn4j.nn.recurrent.RecurrentConfig;
import org.rnn4j.nn.recurrent.RecurrentLayer;
import org.rnn4j.nn.recurrent.RecurrentOutput;
import org.rnn4j.tensor.Tensor;
import org.rnn4j.testing.Golden;

/**
 * A plain PyTorch state_dict of one nn.RNN, nn.LSTM or nn.GRU, saved as safetensors without any rnn4j metadata,
 * loads with {@link ModelFile#load}: the architecture is inferred from the names and shapes, a wrapping module's
 * prefix ("rnn.") is stripped, and the loaded layer computes what PyTorch computed. The files come from
 * {@code tools/golden/generate.py}; each {@code *_io.safetensors} holds PyTorch's input, output and final states
 * from a zero initial state.
 */
class PyTorchStateDictTest {
    private static final double OUTPUT_TOLERANCE = 1e-5;

    @TempDir
    Path dir;

    static Stream<Arguments> stateDicts() {
        return Stream.of(
                Arguments.of("lstm_state_dict", ModelFile.ImportOptions.DEFAULT,
                        new RecurrentConfig(CellType.LSTM, 4, 6, 2, true, 0f)),
                Arguments.of("gru_bias_false", ModelFile.ImportOptions.DEFAULT,
                        new RecurrentConfig(CellType.GRU, 3, 5, 1, false, 0f)),
                Arguments.of("rnn_relu_state_dict", new ModelFile.ImportOptions(true),
                        new RecurrentConfig(CellType.RNN_RELU, 3, 4, 1, false, 0f)),
                // nn.LSTM(4, 6, num_layers=2, bidirectional=True, proj_size=3): H from weight_hr (P, H)
                Arguments.of("lstm_proj_state_dict", ModelFile.ImportOptions.DEFAULT,
                        new RecurrentConfig(CellType.LSTM, 4, 6, 2, true, 0f, 3)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stateDicts")
    void architectureIsInferredFromTheTensors(String name, ModelFile.ImportOptions options, RecurrentConfig expected) {
        ModelFile.Loaded loaded = ModelFile.load(Golden.file("pytorch/" + name + ".safetensors"), options);

        assertThat(loaded.layer().config()).isEqualTo(expected);
        assertThat(loaded.importedFromPyTorch()).isTrue();
        assertThat(loaded.provenance()).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stateDicts")
    void loadedLayerComputesWhatPyTorchComputed(String name, ModelFile.ImportOptions options, RecurrentConfig expected) {
        RecurrentLayer layer = ModelFile.load(Golden.file("pytorch/" + name + ".safetensors"), options).layer();
        Path io = Golden.file("pytorch/" + name + "_io.safetensors");
        Map<String, Tensor> t = Safetensors.read(io).tensors();

        RecurrentOutput out = layer.forward(t.get("input"), null, null).output();

        Golden.assertClose(io, "output", out.sequence(), t.get("output"), OUTPUT_TOLERANCE);
        Golden.assertClose(io, "h_n", PyTorchStates.stack(out.finalStates(), 0), t.get("h_n"), OUTPUT_TOLERANCE);
        if (expected.cell() == CellType.LSTM) {
            Golden.assertClose(io, "c_n", PyTorchStates.stack(out.finalStates(), 1), t.get("c_n"), OUTPUT_TOLERANCE);
        }
    }

    @Test
    void wrappingModulesPrefixIsStrippedAndFormatPtMetadataIsIgnored() {
        Path file = Golden.file("pytorch/lstm_state_dict.safetensors");
        SafetensorsHeader header = Safetensors.readHeader(file);
        Map<String, Tensor> stored = Safetensors.read(file).tensors();

        RecurrentLayer layer = ModelFile.load(file).layer();

        assertThat(header.metadata()).containsExactly(Map.entry("format", "pt"));
        assertThat(header.tensors().keySet()).allMatch(n -> n.startsWith("rnn."));
        assertThat(layer.parameters()).hasSize(16);
        for (Parameter p : layer.parameters()) {
            assertThat(p.value().toArray()).as(p.name()).containsExactly(stored.get("rnn." + p.name()).toArray());
        }
    }

    @Test
    void biasFalseLoadsWithZeroBiases() {
        Path file = Golden.file("pytorch/gru_bias_false.safetensors");

        RecurrentLayer layer = ModelFile.load(file).layer();

        assertThat(Safetensors.readHeader(file).metadata()).isEmpty();
        assertThat(Safetensors.readHeader(file).tensors()).containsOnlyKeys("weight_ih_l0", "weight_hh_l0");
        assertThat(layer.parameters()).extracting(Parameter::name)
                .containsExactly("weight_ih_l0", "weight_hh_l0", "bias_ih_l0", "bias_hh_l0");
        for (Parameter p : layer.parameters()) {
            if (p.name().startsWith("bias")) {
                assertThat(p.value().toArray()).as(p.name()).containsOnly(0f);
            } else {
                assertThat(p.value().toArray()).as(p.name()).doesNotContain(0f);
            }
        }
    }

    @Test
    void simpleRnnIsTanhUnlessTheReluOptionSaysOtherwise() {
        Path file = Golden.file("pytorch/rnn_relu_state_dict.safetensors");

        assertThat(ModelFile.load(file).layer().config().cell()).isEqualTo(CellType.RNN_TANH);
        assertThat(ModelFile.load(file, new ModelFile.ImportOptions(true)).layer().config().cell())
                .isEqualTo(CellType.RNN_RELU);
    }

    @Test
    void tensorWithAnUnrelatedNameIsRefusedByName() {
        Map<String, Tensor> tensors = new LinkedHashMap<>(
                Safetensors.read(Golden.file("pytorch/gru_bias_false.safetensors")).tensors());
        tensors.put("fc.weight", Tensor.zeros(2, 5));
        Path file = dir.resolve("with_head.safetensors");
        Safetensors.write(file, tensors);

        assertRefused(file, ModelFile.ImportOptions.DEFAULT,
                "tensor 'fc.weight': is not a parameter of nn.RNN, nn.LSTM or nn.GRU");
    }

    @Test
    void twoRecurrentModulesInOneFileAreRefused() {
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        tensors.put("encoder.weight_ih_l0", Tensor.zeros(4, 3));
        tensors.put("encoder.weight_hh_l0", Tensor.zeros(4, 4));
        tensors.put("decoder.weight_ih_l0", Tensor.zeros(4, 3));
        tensors.put("decoder.weight_hh_l0", Tensor.zeros(4, 4));
        Path file = dir.resolve("seq2seq.safetensors");
        Safetensors.write(file, tensors);

        assertRefused(file, ModelFile.ImportOptions.DEFAULT,
                "tensor 'decoder.weight_ih_l0': has prefix 'decoder.' but other tensors have 'encoder.'");
    }

    @Test
    void aProjectionWiderThanItsHiddenStateIsRefused() {
        // weight_hr (P, H) with P = H = 6 and weight_hh (4H, P): PyTorch itself wants P < H
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        tensors.put("bias_hh_l0", Tensor.zeros(24));
        tensors.put("bias_ih_l0", Tensor.zeros(24));
        tensors.put("weight_hh_l0", Tensor.zeros(24, 6));
        tensors.put("weight_hr_l0", Tensor.zeros(6, 6));
        tensors.put("weight_ih_l0", Tensor.zeros(24, 4));
        Path file = dir.resolve("lstm_proj.safetensors");
        Safetensors.write(file, tensors);

        assertRefused(file, ModelFile.ImportOptions.DEFAULT, "tensor 'weight_hr_l0': has shape [6, 6], expected (P, H)"
                + " with P < H of an LSTM with projection, for weight_hh_l0 [24, 6] (4*H, P)");
    }

    @Test
    void reluOptionOnAnLstmIsRefused() {
        assertRefused(Golden.file("pytorch/lstm_state_dict.safetensors"), new ModelFile.ImportOptions(true),
                "the relu option applies to a simple RNN, but this is a lstm state_dict");
    }

    @Test
    void gateCountOfNoKnownCellIsRefused() {
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        tensors.put("weight_ih_l0", Tensor.zeros(10, 3));
        tensors.put("weight_hh_l0", Tensor.zeros(10, 5));
        Path file = dir.resolve("two_gates.safetensors");
        Safetensors.write(file, tensors);

        assertRefused(file, ModelFile.ImportOptions.DEFAULT,
                "tensor 'weight_hh_l0': has 10 rows for 5 hidden units: 2 gates is none of RNN (1), GRU (3), LSTM (4)");
    }

    @Test
    void missingLayerIsRefused() {
        Map<String, Tensor> tensors = new LinkedHashMap<>(
                Safetensors.read(Golden.file("pytorch/gru_bias_false.safetensors")).tensors());
        tensors.put("weight_ih_l2", Tensor.zeros(15, 5));
        tensors.put("weight_hh_l2", Tensor.zeros(15, 5));
        Path file = dir.resolve("gap.safetensors");
        Safetensors.write(file, tensors);

        assertRefused(file, ModelFile.ImportOptions.DEFAULT, "layers [0, 2] are not numbered 0..2");
    }

    @Test
    void emptyFileIsNotAStateDict() {
        Path file = dir.resolve("empty.safetensors");
        Safetensors.write(file, Map.of());

        assertRefused(file, ModelFile.ImportOptions.DEFAULT,
                "holds no tensors, so it is not a PyTorch RNN/LSTM/GRU state_dict");
    }

    @Test
    void stateDictCutInHalfIsRefused() throws IOException {
        byte[] whole = Files.readAllBytes(Golden.file("pytorch/lstm_state_dict.safetensors"));
        Path file = Files.write(dir.resolve("cut.safetensors"), Arrays.copyOf(whole, whole.length / 2));

        assertRefused(file, ModelFile.ImportOptions.DEFAULT, "reach past the end of the data region");
    }

    private static void assertRefused(Path file, ModelFile.ImportOptions options, String problem) {
        assertThatThrownBy(() -> ModelFile.load(file, options))
                .isInstanceOf(FileFormatException.class)
                .hasMessageStartingWith(file + ": ")
                .hasMessageContaining(problem);
    }
}
