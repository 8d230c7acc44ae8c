package org.rnn4j.interop.onnx;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.SplittableRandom;
import org.rnn4j.nn.Parameter;
import org.rnn4j.nn.recurrent.Bidirectional;
import org.rnn4j.nn.recurrent.CellType;
import org.rnn4j.nn.recurrent.HiddenState;
import org.rnn4j.nn.recurrent.LstmState;
import org.rnn4j.nn.recurrent.MergeMode;
import org.rnn4j.nn.recurrent.Recurrent;
import org.rnn4j.nn.recurrent.RecurrentCell;
import org.rnn4j.nn.recurrent.RecurrentOutput;
import org.rnn4j.nn.recurrent.RecurrentState;
import org.rnn4j.nn.recurrent.SequenceLayer;
import org.rnn4j.tensor.GateActivation;
import org.rnn4j.tensor.SequenceMask;
import org.rnn4j.tensor.Tensor;

/**
 * ONNX's {@code RNN}, {@code LSTM} and {@code GRU} nodes, run by rnn4j's own recurrent layers (the one time loop of
 * {@link Recurrent}, oneDNN where it runs): the node's weights, in ONNX's gate order, become an rnn4j cell's
 * parameters in PyTorch's order (see {@link GateOrder}).
 *
 * <pre>
 * inputs   X (T, B, F)  [layout 1: (B, T, F)]     W (D, G·H, F)     R (D, G·H, H)     B (D, 2·G·H) = [Wb, Rb]
 *          sequence_lens (B)   initial_h (D, B, H)   initial_c (D, B, H)  [layout 1: (B, D, H)]   P (peepholes)
 * outputs  Y (T, D, B, H)  [layout 1: (B, T, D, H)]   Y_h (D, B, H)   Y_c (D, B, H)
 * D = 2 for direction=bidirectional (forward first), else 1; G = 1 RNN, 3 GRU, 4 LSTM
 * </pre>
 *
 * Supported: every direction, sequence_lens (padded steps output zeros, each row's Y_h is its state at its own
 * last step, and the reverse direction starts there), initial states, layout 0 and 1, the default activations
 * (and Relu for RNN), HardSigmoid as an LSTM's or GRU's gate function f (with its activation_alpha and
 * activation_beta), GRU's linear_before_reset=1 (PyTorch's GRU). Refused, each with one line: clip,
 * input_forget=1, peepholes, other activations. linear_before_reset=0 is rnn4j's reset-before GRU.
 */
final class RecurrentNodeOp implements OnnxOp {
    private final String opType;
    private final int gates;

    RecurrentNodeOp(String opType) {
        this.opType = opType;
        this.gates = switch (opType) {
            case "RNN" -> 1;
            case "GRU" -> 3;
            case "LSTM" -> 4;
            default -> throw new IllegalArgumentException("not a recurrent op: " + opType);
        };
    }

    @Override
    public void check(OnnxNode node) {
        if (node.has("clip")) {
            throw node.problem("attribute clip is not supported");
        }
        if (node.intAttribute("input_forget", 0) != 0) {
            throw node.problem("attribute input_forget=1 is not supported");
        }
        node.allowOnly(switch (opType) {
            case "LSTM" -> Set.of("activations", "activation_alpha", "activation_beta", "direction", "hidden_size",
                    "layout", "input_forget");
            case "GRU" -> Set.of("activations", "activation_alpha", "activation_beta", "direction", "hidden_size",
                    "layout", "linear_before_reset");
            default -> Set.of("activations", "direction", "hidden_size", "layout");
        });
        if (opType.equals("LSTM") && node.hasInput(7)) {
            throw node.problem("input P (peephole weights) is not supported");
        }
        if (node.intAttribute("hidden_size", 0) < 1) {
            throw node.problem("attribute hidden_size is missing");
        }
        long layout = node.intAttribute("layout", 0);
        if (layout != 0 && layout != 1) {
            throw node.problem("attribute layout=" + layout + " is not 0 or 1");
        }
        directions(node);
        cellType(node);
        gateActivation(node);
    }

    /** 1 or 2, from the direction attribute. */
    static int directions(OnnxNode node) {
        String direction = node.stringAttribute("direction", "forward");
        return switch (direction) {
            case "forward", "reverse" -> 1;
            case "bidirectional" -> 2;
            default -> throw node.problem("attribute direction=" + direction
                    + " is not forward, reverse or bidirectional");
        };
    }

    /** The rnn4j cell the node's activations and options describe; the same for both directions. */
    CellType cellType(OnnxNode node) {
        int d = directions(node);
        List<String> activations = node.stringsAttribute("activations");
        List<String> defaults = switch (opType) {
            case "LSTM" -> List.of("sigmoid", "tanh", "tanh");
            case "GRU" -> List.of("sigmoid", "tanh");
            default -> List.of("tanh");
        };
        if (activations != null && activations.size() != d * defaults.size()) {
            throw node.problem("attribute activations has " + activations.size() + " entries, expected "
                    + d * defaults.size() + " (" + defaults.size() + " per direction)");
        }
        if (opType.equals("RNN")) {
            String first = activations == null ? "tanh" : activations.get(0).toLowerCase(Locale.ROOT);
            for (String a : activations == null ? List.of("tanh") : activations) {
                if (!a.equalsIgnoreCase(first)) {
                    throw node.problem("activations " + activations + " differ between directions, which is not"
                            + " supported");
                }
            }
            return switch (first) {
                case "tanh" -> CellType.RNN_TANH;
                case "relu" -> CellType.RNN_RELU;
                default -> throw node.problem("activation " + activations.get(0) + " is not supported (Tanh and"
                        + " Relu are)");
            };
        }
        if (activations != null) {
            for (int i = 0; i < activations.size(); i++) {
                String expected = defaults.get(i % defaults.size());
                boolean gate = i % defaults.size() == 0;
                if (!activations.get(i).equalsIgnoreCase(expected)
                        && !(gate && activations.get(i).equalsIgnoreCase("HardSigmoid"))) {
                    throw node.problem("activation " + activations.get(i) + " is not supported (" + opType
                            + " takes its default activations " + String.join(", ", defaults)
                            + ", or HardSigmoid for the gates)");
                }
            }
        }
        if (opType.equals("LSTM")) {
            return CellType.LSTM;
        }
        // linear_before_reset=1 is PyTorch's GRU; ONNX's default 0 applies r before the hidden product
        return node.intAttribute("linear_before_reset", 0) != 0 ? CellType.GRU : CellType.GRU_RESET_BEFORE;
    }

    /**
     * The function f of an LSTM's or GRU's gates, the first activation of each direction: Sigmoid, or HardSigmoid
     * min(max(α x + β, 0), 1). activation_alpha and activation_beta are consumed in the order of the activations, one
     * value by each activation that takes one (of those rnn4j accepts, only HardSigmoid does); a HardSigmoid without
     * a value takes the HardSigmoid op's default, α 0.2, β 0.5. Both directions must have the same gates.
     */
    GateActivation gateActivation(OnnxNode node) {
        if (opType.equals("RNN")) {
            return GateActivation.SIGMOID; // no gates; check() refuses activation_alpha/beta on an RNN node
        }
        float[] alphas = node.floatsAttribute("activation_alpha");
        float[] betas = node.floatsAttribute("activation_beta");
        List<String> activations = node.stringsAttribute("activations");
        if (activations == null) {
            if ((alphas != null && alphas.length > 0) || (betas != null && betas.length > 0)) {
                throw node.problem("attributes activation_alpha/activation_beta have values, but the default"
                        + " activations take none");
            }
            return GateActivation.SIGMOID;
        }
        int perDirection = opType.equals("LSTM") ? 3 : 2;
        int usedAlphas = 0;
        int usedBetas = 0;
        GateActivation first = null;
        for (int i = 0; i < activations.size(); i += perDirection) {
            GateActivation gate = GateActivation.SIGMOID;
            if (activations.get(i).equalsIgnoreCase("HardSigmoid")) {
                float alpha = alphas != null && usedAlphas < alphas.length ? alphas[usedAlphas++] : 0.2f;
                float beta = betas != null && usedBetas < betas.length ? betas[usedBetas++] : 0.5f;
                try {
                    gate = GateActivation.hardSigmoid(alpha, beta);
                } catch (IllegalArgumentException e) {
                    throw node.problem("HardSigmoid: " + e.getMessage());
                }
            }
            if (first != null && !first.equals(gate)) {
                throw node.problem("gates " + first.describe() + " and " + gate.describe() + " differ between"
                        + " directions, which is not supported");
            }
            first = gate;
        }
        if ((alphas != null && usedAlphas < alphas.length) || (betas != null && usedBetas < betas.length)) {
            throw node.problem("attributes activation_alpha/activation_beta have " + (alphas == null ? 0 : alphas.length)
                    + "/" + (betas == null ? 0 : betas.length) + " values, but its activations " + activations
                    + " take " + usedAlphas + "/" + usedBetas);
        }
        return first;
    }

    @Override
    public List<OnnxValue> run(OnnxNode node, List<OnnxValue> inputs) {
        boolean batchFirst = node.intAttribute("layout", 0) == 1;
        int d = directions(node);
        int h = (int) node.intAttribute("hidden_size", 0);
        int gh = gates * h;
        OnnxValue x = input(node, inputs, 0, "X");
        if (x == null || x.rank() != 3 || !x.isFloat()) {
            throw node.problem("input X must be a float tensor " + (batchFirst ? "(B, T, F)" : "(T, B, F)")
                    + ", got " + (x == null ? "none" : x.shapeString()));
        }
        int steps = batchFirst ? x.dim(1) : x.dim(0);
        int batch = batchFirst ? x.dim(0) : x.dim(1);
        int features = x.dim(2);
        OnnxValue w = requireShape(node, input(node, inputs, 1, "W"), "W", d, gh, features);
        OnnxValue r = requireShape(node, input(node, inputs, 2, "R"), "R", d, gh, h);
        OnnxValue b = input(node, inputs, 3, "B");
        if (b != null) {
            requireShape(node, b, "B", d, 2 * gh);
        }
        SequenceMask mask = mask(node, input(node, inputs, 4, "sequence_lens"), batch, steps);
        OnnxValue h0 = state(node, input(node, inputs, 5, "initial_h"), "initial_h", d, batch, h, batchFirst);
        OnnxValue c0 = opType.equals("LSTM")
                ? state(node, input(node, inputs, 6, "initial_c"), "initial_c", d, batch, h, batchFirst) : null;

        CellType type = cellType(node);
        GateActivation gate = gateActivation(node);
        List<Recurrent> directionLayers = new ArrayList<>();
        for (int k = 0; k < d; k++) {
            boolean reverse = k == 1 || node.stringAttribute("direction", "forward").equals("reverse");
            RecurrentCell<?> cell = type.newCell(features, h, gate, reverse ? "_reverse" : "", new SplittableRandom(0));
            load(cell, w, r, b, k, h);
            directionLayers.add(new Recurrent(cell, reverse));
        }
        SequenceLayer layer = d == 2
                ? new Bidirectional(directionLayers.get(0), directionLayers.get(1), MergeMode.CONCAT)
                : directionLayers.get(0);

        Tensor xs = (batchFirst ? x : ShapeOps.permute(x, 1, 0, 2)).toTensor();   // (B, T, F)
        List<RecurrentState> initial = new ArrayList<>();
        for (int k = 0; k < d; k++) {
            Tensor hk = stateOf(h0, k, d, batch, h, batchFirst);
            // An LSTM's state is (h, c) whether or not the node gives initial_c (zeros when it does not).
            initial.add(opType.equals("LSTM") ? new LstmState(hk, stateOf(c0, k, d, batch, h, batchFirst))
                    : new HiddenState(hk));
        }
        RecurrentOutput out = layer.infer(xs, mask, initial);
        OnnxValue sequence = OnnxValue.of(out.sequence()).reshaped(batch, steps, d, h);           // (B, T, D, H)
        OnnxValue y = batchFirst ? sequence : ShapeOps.permute(sequence, 1, 2, 0, 3); // (T, D, B, H)
        OnnxValue yh = stacked(out.finalStates(), 0, batchFirst);
        OnnxValue yc = opType.equals("LSTM") ? stacked(out.finalStates(), 1, batchFirst) : null;
        return Arrays.asList(y, yh, yc);
    }

    private static OnnxValue input(OnnxNode node, List<OnnxValue> inputs, int slot, String name) {
        return slot < inputs.size() ? inputs.get(slot) : null;
    }

    private static OnnxValue requireShape(OnnxNode node, OnnxValue v, String name, int... shape) {
        if (v == null) {
            throw node.problem("input " + name + " is missing");
        }
        if (!v.isFloat() || !Arrays.equals(v.shape(), shape)) {
            throw node.problem("input " + name + " has shape " + v.shapeString() + ", expected "
                    + org.rnn4j.tensor.Shapes.format(shape) + " for its hidden_size, direction and input X");
        }
        return v;
    }

    private static SequenceMask mask(OnnxNode node, OnnxValue lengths, int batch, int steps) {
        if (lengths == null) {
            return null;
        }
        if (lengths.isFloat() || lengths.rank() != 1 || lengths.dim(0) != batch) {
            throw node.problem("input sequence_lens must be integers (B,) = (" + batch + "), got "
                    + lengths.shapeString());
        }
        int[] values = new int[batch];
        for (int i = 0; i < batch; i++) {
            long v = lengths.ints()[i];
            if (v < 0 || v > steps) {
                throw node.problem("sequence_lens[" + i + "] = " + v + " is outside [0, " + steps + "]");
            }
            values[i] = (int) v;
        }
        return SequenceMask.fromLengths(values, steps);
    }

    private static OnnxValue state(OnnxNode node, OnnxValue s, String name, int d, int batch, int h,
                                   boolean batchFirst) {
        if (s == null) {
            return null;
        }
        int[] expected = batchFirst ? new int[] {batch, d, h} : new int[] {d, batch, h};
        return requireShape(node, s, name, expected);
    }

    /** Direction k's (B, H) slice of a (D, B, H) or (B, D, H) state; zeros when the node has none. */
    private static Tensor stateOf(OnnxValue s, int k, int d, int batch, int h, boolean batchFirst) {
        if (s == null) {
            return Tensor.zeros(batch, h);
        }
        OnnxValue timeMajor = batchFirst ? ShapeOps.permute(s, 1, 0, 2) : s;       // (D, B, H)
        float[] v = Arrays.copyOfRange(timeMajor.floats(), k * batch * h, (k + 1) * batch * h);
        return Tensor.of(v, batch, h);
    }

    /** The part-th tensor (h or c) of each direction's final state, (D, B, H) or for layout 1 (B, D, H). */
    private static OnnxValue stacked(List<RecurrentState> states, int part, boolean batchFirst) {
        int d = states.size();
        Tensor first = states.get(0).tensors().get(part);
        int batch = first.dim(0);
        int h = first.dim(1);
        float[] v = new float[d * batch * h];
        for (int k = 0; k < d; k++) {
            states.get(k).tensors().get(part).read(0, v, k * batch * h, batch * h);
        }
        OnnxValue timeMajor = OnnxValue.ofFloats(v, d, batch, h);
        return batchFirst ? ShapeOps.permute(timeMajor, 1, 0, 2) : timeMajor;
    }

    /** Direction k of W, R and B, reordered into the cell's PyTorch-named parameters. */
    private void load(RecurrentCell<?> cell, OnnxValue w, OnnxValue r, OnnxValue b, int k, int h) {
        int gh = gates * h;
        int features = w.dim(2);
        int[] sourceBlock = GateOrder.onnxBlockOfPyTorchGate(gates);
        for (Parameter p : cell.parameters()) {
            String name = p.name();
            float[] values;
            if (name.startsWith("weight_ih")) {
                values = GateOrder.reorder(w.floats(), k * gh * features, gates, h * features, sourceBlock);
            } else if (name.startsWith("weight_hh")) {
                values = GateOrder.reorder(r.floats(), k * gh * h, gates, h * h, sourceBlock);
            } else if (b == null) {
                values = new float[gh];
            } else {
                int offset = k * 2 * gh + (name.startsWith("bias_ih") ? 0 : gh);                  // [Wb, Rb]
                values = GateOrder.reorder(b.floats(), offset, gates, h, sourceBlock);
            }
            p.value().copyFrom(Tensor.of(values, p.value().shape()));
        }
    }
}
