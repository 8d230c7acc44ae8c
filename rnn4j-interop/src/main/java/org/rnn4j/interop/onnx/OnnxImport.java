package org.rnn4j.interop.onnx;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.rnn4j.io.FileFormatException;
import org.rnn4j.nn.Parameter;
import org.rnn4j.nn.recurrent.CellType;
import org.rnn4j.nn.recurrent.RecurrentConfig;
import org.rnn4j.nn.recurrent.RecurrentLayer;
import org.rnn4j.tensor.GateActivation;
import org.rnn4j.tensor.Tensor;

/**
 * An ONNX graph that is one recurrent stack turned into an rnn4j {@link RecurrentLayer} (for {@code convert}):
 * what {@code rnn4j export} writes, and what {@code torch.onnx.export} writes for a bare {@code nn.RNN/LSTM/GRU}
 * with {@code batch_first=True}. The graph must have RNN, LSTM or GRU nodes of one kind and size, each forward or
 * bidirectional, fed from the batch-first input through a Transpose, with nothing but glue around them; anything
 * a RecurrentLayer cannot hold (a Dense head, a reverse-only layer) is refused in one line. To run any other
 * supported graph, use {@link OnnxModel}.
 */
public final class OnnxImport {
    private static final Set<String> GLUE = Set.of("Transpose", "Squeeze", "Unsqueeze", "Reshape", "Concat", "Slice",
            "Gather", "Shape", "ConstantOfShape", "Constant", "Identity", "Expand", "Cast", "Min");

    private OnnxImport() {
    }

    public static RecurrentLayer toRecurrentLayer(Path file) {
        OnnxModel model = OnnxModel.load(file);
        try {
            return build(model);
        } catch (OnnxException e) {
            throw new FileFormatException(file, e.getMessage());
        }
    }

    private static RecurrentLayer build(OnnxModel model) {
        List<OnnxNode> recurrent = new ArrayList<>();
        for (OnnxNode node : model.nodes()) {
            if (node.opType().equals("RNN") || node.opType().equals("LSTM") || node.opType().equals("GRU")) {
                recurrent.add(node);
            } else if (!GLUE.contains(node.opType())) {
                throw node.problem("is not part of a recurrent stack (a head such as Gemm or MatMul does not fit in"
                        + " an rnn4j recurrent model file; run the graph with predict instead)");
            }
        }
        if (recurrent.isEmpty()) {
            throw new OnnxException("the graph has no RNN, LSTM or GRU node");
        }
        for (OnnxNode node : recurrent) {
            GateActivation gate = new RecurrentNodeOp(node.opType()).gateActivation(node);
            if (!gate.isSigmoid()) {
                throw node.problem("gates " + gate.describe() + " have no place in an rnn4j recurrent model file,"
                        + " whose layers are PyTorch's (sigmoid gates); run the graph with predict instead");
            }
        }
        OnnxNode first = recurrent.get(0);
        requireBatchFirstInput(model, first);
        RecurrentNodeOp firstOp = new RecurrentNodeOp(first.opType());
        CellType cell = firstOp.cellType(first);
        int d = RecurrentNodeOp.directions(first);
        int h = (int) first.intAttribute("hidden_size", 0);
        List<OnnxValue[]> weights = new ArrayList<>();
        for (OnnxNode node : recurrent) {
            if (!node.opType().equals(first.opType()) || new RecurrentNodeOp(node.opType()).cellType(node) != cell
                    || RecurrentNodeOp.directions(node) != d || node.intAttribute("hidden_size", 0) != h) {
                throw node.problem("differs from " + first.describe() + " in its op, cell, direction or"
                        + " hidden_size; a recurrent stack has one kind of layer");
            }
            if (node.stringAttribute("direction", "forward").equals("reverse")) {
                throw node.problem("direction reverse alone has no rnn4j recurrent layer (bidirectional does)");
            }
            if (node.intAttribute("layout", 0) != 0) {
                throw node.problem("layout=1 is not the form of a recurrent stack (its layers are time-major)");
            }
            OnnxValue w = constant(model, node, 1, "W");
            OnnxValue r = constant(model, node, 2, "R");
            OnnxValue b = node.hasInput(3) ? constant(model, node, 3, "B") : null;
            weights.add(new OnnxValue[] {w, r, b});
        }
        int features = weights.get(0)[0].dim(2);
        RecurrentConfig config = new RecurrentConfig(cell, features, h, recurrent.size(), d == 2, 0f);
        RecurrentLayer layer = new RecurrentLayer(config, new SplittableRandom(0));
        int gates = cell.gates();
        int gh = gates * h;
        int[] sourceBlock = GateOrder.onnxBlockOfPyTorchGate(gates);
        for (int l = 0; l < recurrent.size(); l++) {
            int in = l == 0 ? features : d * h;
            OnnxValue[] wrb = weights.get(l);
            check(recurrent.get(l), wrb[0], "W", d, gh, in);
            check(recurrent.get(l), wrb[1], "R", d, gh, h);
            if (wrb[2] != null) {
                check(recurrent.get(l), wrb[2], "B", d, 2 * gh);
            }
            for (int k = 0; k < d; k++) {
                String suffix = "_l" + l + (k == 1 ? "_reverse" : "");
                set(layer, "weight_ih" + suffix, GateOrder.reorder(wrb[0].floats(), k * gh * in, gates, h * in,
                        sourceBlock));
                set(layer, "weight_hh" + suffix, GateOrder.reorder(wrb[1].floats(), k * gh * h, gates, h * h,
                        sourceBlock));
                set(layer, "bias_ih" + suffix, wrb[2] == null ? new float[gh]
                        : GateOrder.reorder(wrb[2].floats(), k * 2 * gh, gates, h, sourceBlock));
                set(layer, "bias_hh" + suffix, wrb[2] == null ? new float[gh]
                        : GateOrder.reorder(wrb[2].floats(), k * 2 * gh + gh, gates, h, sourceBlock));
            }
        }
        return layer;
    }

    /** The first layer reads Transpose(input, perm=[1, 0, 2]): the graph's input is batch-first (B, T, F). */
    private static void requireBatchFirstInput(OnnxModel model, OnnxNode first) {
        String x = first.inputs().get(0);
        String input = model.inputs().get(0).name();
        for (OnnxNode node : model.nodes()) {
            if (node.opType().equals("Transpose") && node.outputs().contains(x)
                    && node.inputs().get(0).equals(input)
                    && Arrays.equals(node.intsAttribute("perm"), new long[] {1, 0, 2})) {
                return;
            }
        }
        throw first.problem("does not read the graph's input '" + input + "' through Transpose(perm=[1, 0, 2]), so"
                + " the graph is not a batch-first recurrent stack");
    }

    private static OnnxValue constant(OnnxModel model, OnnxNode node, int slot, String what) {
        OnnxValue v = model.constantValue(node.inputs().get(slot));
        if (v == null) {
            throw node.problem("input " + what + " is computed in the graph, not stored: it has no fixed weights");
        }
        return v;
    }

    private static void check(OnnxNode node, OnnxValue v, String what, int... shape) {
        if (!v.isFloat() || !Arrays.equals(v.shape(), shape)) {
            throw node.problem("input " + what + " has shape " + v.shapeString() + ", expected "
                    + OnnxModel.format(shape));
        }
    }

    private static void set(RecurrentLayer layer, String name, float[] values) {
        for (Parameter p : layer.parameters()) {
            if (p.name().equals(name)) {
                p.value().copyFrom(Tensor.of(values, p.value().shape()));
                return;
            }
        }
        throw new IllegalStateException(layer.describe() + " has no parameter " + name);
    }
}
