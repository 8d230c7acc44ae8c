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
                new Port("h_n", "FP32", stateRows(), -1, layer.config().stateWidth(0))));
        if (layer.cellType() == CellType.LSTM) {
            out.add(new Port("c_n", "FP32", stateRows(), -1, layer.hiddenSize()));
        }
        return out;
    }

    /** One request's input, checked: x (b, T, F) and each row's length (null: all T). */
    record Rows(Tensor x, int[] lengths) {
        int batch() {
            return x.dim(0);
        }

        int steps() {
            return x.dim(1);
        }
    }

    Rows rows(Map<String, InferTensor> inputs) {
        InferTensor input = required(inputs, "input").requireDatatype("input", "FP32");
        requireSequence(input, layer.inputSize());
        int batch = input.shape()[0];
        int steps = input.shape()[1];
        InferTensor lengths = inputs.get("lengths");
        return new Rows(input.toTensor(), lengths == null ? null : lengths(lengths, batch, steps));
    }

    @Override
    Map<String, Tensor> infer(Map<String, InferTensor> inputs) {
        return inferAll(List.of(rows(inputs))).get(0);
    }

    /**
     * Several requests of the same T in one forward pass: their rows side by side along B (with each row's length,
     * when any request gave lengths), then each request's rows of the output and of the states cut out again. A
     * row's numbers do not depend on the other rows of its batch.
     */
    List<Map<String, Tensor>> inferAll(List<Rows> requests) {
        int steps = requests.get(0).steps();
        int features = layer.inputSize();
        int total = requests.stream().mapToInt(Rows::batch).sum();
        boolean masked = requests.stream().anyMatch(r -> r.lengths() != null);
        float[] xs = new float[total * steps * features];
        int[] lengths = new int[total];
        int row = 0;
        for (Rows r : requests) {
            System.arraycopy(r.x().toArray(), 0, xs, row * steps * features, r.batch() * steps * features);
            for (int b = 0; b < r.batch(); b++) {
                lengths[row + b] = r.lengths() == null ? steps : r.lengths()[b];
            }
            row += r.batch();
        }
        Tensor x = requests.size() == 1 ? requests.get(0).x() : Tensor.of(xs, total, steps, features);
        SequenceMask mask = masked ? SequenceMask.fromLengths(lengths, steps) : null;
        List<Map<String, Tensor>> out = new ArrayList<>();
        // Inside a scope, the pass's working tensors go back to this thread's pool; the results are copied out.
        try (Workspace.Scope scope = Workspace.scope()) {
            RecurrentOutput result = layer.infer(x, mask, null);
            Tensor sequence = result.sequence();                                        // (B, T, D·H)
            Tensor h = PyTorchStates.stack(result.finalStates(), 0);                     // (L·D, B, H)
            Tensor c = layer.cellType() == CellType.LSTM ? PyTorchStates.stack(result.finalStates(), 1) : null;
            row = 0;
            for (Rows r : requests) {
                Map<String, Tensor> one = new LinkedHashMap<>();
                one.put("output", batchRows(sequence, 0, row, r.batch()));
                one.put("h_n", batchRows(h, 1, row, r.batch()));
                if (c != null) {
                    one.put("c_n", batchRows(c, 1, row, r.batch()));
                }
                out.add(one);
                row += r.batch();
            }
        }
        return out;
    }

    /** A copy of rows [from, from + count) of axis {@code axis} (0 or 1) of a rank-3 tensor. */
    private static Tensor batchRows(Tensor t, int axis, int from, int count) {
        float[] all = t.toArray();
        int[] shape = t.shape().clone();
        int inner = shape[2] * (axis == 0 ? shape[1] : 1);
        int outer = axis == 0 ? 1 : shape[0];
        int stride = shape[axis] * inner;
        shape[axis] = count;
        float[] part = new float[outer * count * inner];
        for (int o = 0; o < outer; o++) {
            System.arraycopy(all, o * stride + from * inner, part, o * count * inner, count * inner);
        }
        return Tensor.of(part, shape);
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
