package org.rnn4j.serve;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.rnn4j.nn.recurrent.CellType;
import org.rnn4j.nn.recurrent.PyTorchStates;
import org.rnn4j.nn.recurrent.RecurrentLayer;
import org.rnn4j.nn.recurrent.RecurrentOutput;
import org.rnn4j.tensor.SequenceMask;
import org.rnn4j.tensor.Tensor;
import org.rnn4j.tensor.Workspace;

/**
 * A bare recurrent layer (an rnn4j model file or a PyTorch state_dict): {@code input} (B, T, F) and optional
 * {@code lengths} (B) in; {@code output} (B, T, D·H) and the final states {@code h_n} (and {@code c_n} for an LSTM),
 * (L·D, B, H) in PyTorch's order, out: what {@code rnn4j predict} writes, computed by the same call.
 */
public final class RecurrentServedModel extends ServedModel {
    private final RecurrentLayer layer;

    public RecurrentServedModel(String name, Path file, RecurrentLayer layer) {
        super(name, file);
        this.layer = layer;
    }

    RecurrentLayer layer() {
        return layer;
    }

    @Override
    String kind() {
        return "recurrent model";
    }

    @Override
    public String describe() {
        return layer.describe();
    }

    @Override
    String routes() {
        return "POST /v2/models/" + name() + "/infer or /v1/models/" + name() + "/sessions";
    }

    private int stateRows() {
        return layer.config().numLayers() * layer.config().directions();
    }

    @Override
    boolean infers() {
        return true;
    }

    @Override
    List<Port> inputs() {
        return List.of(new Port("input", "FP32", -1, -1, layer.inputSize()), new Port("lengths", "INT32", -1));
    }

    @Override
    List<Port> outputs() {
        List<Port> out = new ArrayList<>(List.of(new Port("output", "FP32", -1, -1, layer.outputSize()),
                new Port("h_n", "FP32", stateRows(), -1, layer.hiddenSize())));
        if (layer.cellType() == CellType.LSTM) {
            out.add(new Port("c_n", "FP32", stateRows(), -1, layer.hiddenSize()));
        }
        return out;
    }

    @Override
    Map<String, Tensor> infer(Map<String, InferTensor> inputs) {
        InferTensor input = required(inputs, "input").requireDatatype("input", "FP32");
        requireSequence(input, layer.inputSize());
        int batch = input.shape()[0];
        int steps = input.shape()[1];
        SequenceMask mask = null;
        InferTensor lengths = inputs.get("lengths");
        if (lengths != null) {
            mask = SequenceMask.fromLengths(lengths(lengths, batch, steps), steps);
        }
        Tensor x = input.toTensor();
        Map<String, Tensor> out = new LinkedHashMap<>();
        // Inside a scope, the pass's working tensors go back to this thread's pool; the results are copied out.
        try (Workspace.Scope scope = Workspace.scope()) {
            RecurrentOutput result = layer.infer(x, mask, null);
            out.put("output", copy(result.sequence()));
            out.put("h_n", copy(PyTorchStates.stack(result.finalStates(), 0)));
            if (layer.cellType() == CellType.LSTM) {
                out.put("c_n", copy(PyTorchStates.stack(result.finalStates(), 1)));
            }
        }
        return out;
    }

    static Tensor copy(Tensor t) {
        return Tensor.of(t.toArray(), t.shape());
    }

    /**
     * (B) whole numbers, each in 0..T: row b is padded after its first lengths[b] steps. A batch or a T of -1 is
     * not checked here (an ONNX graph checks them against its own layout).
     */
    static int[] lengths(InferTensor t, int batch, int steps) {
        t.requireDatatype("lengths", "INT32", "INT64");
        if (t.shape().length != 1 || batch >= 0 && t.shape()[0] != batch) {
            throw ApiException.badRequest(t.where() + ".shape: expected (" + batch + "), one length per input row,"
                    + " got " + Arrays.toString(t.shape()));
        }
        int[] lengths = new int[t.shape()[0]];
        for (int b = 0; b < lengths.length; b++) {
            double v = t.values()[b];
            if (v < 0 || steps >= 0 && v > steps) {
                throw ApiException.badRequest(t.where() + ".data[" + b + "]: length " + (long) v + " is outside 0.."
                        + steps + " (T = " + steps + ")");
            }
            lengths[b] = (int) v;
        }
        return lengths;
    }
}
