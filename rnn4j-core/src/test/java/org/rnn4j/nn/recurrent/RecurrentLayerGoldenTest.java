package org.rnn4j.nn.recurrent;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.rnn4j.io.Safetensors;
import org.rnn4j.io.SafetensorsFile;
import org.rnn4j.nn.Parameter;
import org.rnn4j.tensor.SequenceMask;
import org.rnn4j.tensor.Tensor;
import org.rnn4j.testing.Golden;

/**
 * Outputs, final states and every gradient agree with PyTorch's nn.RNN / nn.LSTM / nn.GRU, read from the golden
 * files that {@code tools/golden/generate.py} writes: every cell, 1 and 2 layers, uni- and bidirectional, with
 * and without variable lengths (PyTorch packed sequences); also nn.LSTM(proj_size=3) ({@code lstm_proj_*}, from
 * {@code tools/golden/generate_lstm_projection.py}), whose h is P wide and whose weight_hr has its gradient too.
 */
class RecurrentLayerGoldenTest {
    private static final double OUTPUT_TOLERANCE = 1e-5;
    private static final double GRADIENT_TOLERANCE = 1e-4;

    static Stream<Path> goldenFiles() throws IOException {
        return Golden.files("recurrent");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("goldenFiles")
    void matchesPyTorch(Path file) throws IOException {
        SafetensorsFile golden = Safetensors.read(file);
        Map<String, Tensor> t = golden.tensors();
        JsonNode config = new ObjectMapper().readTree(golden.metadata().get("config"));
        CellType cell = CellType.fromId(config.get("cell").asText());
        int hidden = config.get("hidden_size").asInt();
        int projSize = config.path("proj_size").asInt(0);
        RecurrentLayer layer = new RecurrentLayer(new RecurrentConfig(cell, config.get("input_size").asInt(), hidden,
                config.get("num_layers").asInt(), config.get("bidirectional").asBoolean(), 0f, projSize),
                new SplittableRandom(0));
        int hWidth = projSize > 0 ? projSize : hidden;
        for (Parameter p : layer.parameters()) {
            p.value().copyFrom(t.get(p.name()));
        }
        Tensor x = t.get("input");
        int batch = x.dim(0);
        SequenceMask mask = null;
        if (config.hasNonNull("lengths")) {
            int[] lengths = new int[batch];
            for (int b = 0; b < batch; b++) {
                lengths[b] = config.get("lengths").get(b).asInt();
            }
            mask = SequenceMask.fromLengths(lengths, x.dim(1));
        }
        boolean lstm = cell == CellType.LSTM;
        List<RecurrentState> initial = PyTorchStates.unstack(t.get("h0"), lstm ? t.get("c0") : null,
                layer.stateCount(), batch, hWidth, hidden);

        SequenceLayer.Trace trace = layer.forward(x, mask, initial);
        RecurrentOutput out = trace.output();
        Golden.assertClose(file, "output", out.sequence(), t.get("output"), OUTPUT_TOLERANCE);
        Golden.assertClose(file, "h_n", PyTorchStates.stack(out.finalStates(), 0), t.get("h_n"), OUTPUT_TOLERANCE);
        if (lstm) {
            Golden.assertClose(file, "c_n", PyTorchStates.stack(out.finalStates(), 1), t.get("c_n"), OUTPUT_TOLERANCE);
        }

        List<RecurrentState> dFinal = PyTorchStates.unstack(t.get("probe.h_n"), lstm ? t.get("probe.c_n") : null,
                layer.stateCount(), batch, hWidth, hidden);
        SequenceGradients grads = layer.backward(trace, t.get("probe.output"), dFinal);
        Golden.assertClose(file, "grad.input", grads.input(), t.get("grad.input"), GRADIENT_TOLERANCE);
        Golden.assertClose(file, "grad.h0", PyTorchStates.stack(grads.initialStates(), 0), t.get("grad.h0"), GRADIENT_TOLERANCE);
        if (lstm) {
            Golden.assertClose(file, "grad.c0", PyTorchStates.stack(grads.initialStates(), 1), t.get("grad.c0"),
                    GRADIENT_TOLERANCE);
        }
        List<String> checked = new ArrayList<>();
        for (Parameter p : layer.parameters()) {
            Golden.assertClose(file, "grad." + p.name(), p.grad(), t.get("grad." + p.name()), GRADIENT_TOLERANCE);
            checked.add(p.name());
        }
        assertThat(checked).hasSize((projSize > 0 ? 5 : 4) * layer.stateCount());
    }
}
