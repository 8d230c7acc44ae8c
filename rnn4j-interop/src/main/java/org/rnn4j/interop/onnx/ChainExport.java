package org.rnn4j.interop.onnx;

import static org.rnn4j.interop.onnx.OnnxExport.floatsAttr;
import static org.rnn4j.interop.onnx.OnnxExport.intAttr;
import static org.rnn4j.interop.onnx.OnnxExport.intsAttr;
import static org.rnn4j.interop.onnx.OnnxExport.stringAttr;
import static org.rnn4j.interop.onnx.OnnxExport.stringsAttr;
import static org.rnn4j.interop.onnx.OnnxExport.valueInfo;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.rnn4j.interop.onnx.proto.Onnx.AttributeProto;
import org.rnn4j.interop.onnx.proto.Onnx.GraphProto;
import org.rnn4j.interop.onnx.proto.Onnx.NodeProto;
import org.rnn4j.interop.onnx.proto.Onnx.TensorProto;
import org.rnn4j.models.chain.DenseStage;
import org.rnn4j.models.chain.DropoutStage;
import org.rnn4j.models.chain.EmbeddingStage;
import org.rnn4j.models.chain.LayerChain;
import org.rnn4j.models.chain.MaskingStage;
import org.rnn4j.models.chain.RecurrentStage;
import org.rnn4j.models.chain.Signature;
import org.rnn4j.models.chain.Stage;
import org.rnn4j.nn.Parameter;
import org.rnn4j.nn.recurrent.MergeMode;
import org.rnn4j.tensor.GateActivation;

/**
 * The ONNX graph (opset 14) of a {@link LayerChain}: what {@code LayerChain.predict} computes, which is what Keras's
 * {@code model.predict} computes, for any batch and any number of steps.
 *
 * <pre>
 * input   input    (batch, time, F) float, or (batch, time) int64 token ids when the first stage is an Embedding
 * output  output   (batch, time, W) or (batch, W), as the last stage gives it
 * </pre>
 *
 * <p>Stage by stage: Embedding → {@code Gather} of its weight; Dense → {@code MatMul} + {@code Add} and the
 * activation's op ({@code Relu}, {@code Tanh}, {@code Sigmoid}, {@code Softmax} over the last axis); Dropout →
 * nothing; a recurrent stage → one {@code RNN}/{@code LSTM}/{@code GRU} node (time-major, Transposes around it),
 * the GRU with {@code linear_before_reset} 1 for Keras's {@code reset_after=True} and 0 for {@code reset_after=False};
 * a Bidirectional's two halves merged by {@code Reshape} (concat) or {@code Slice} + {@code Add}/{@code Mul}
 * (sum, mul, ave = (f + b) · 0.5); {@code go_backwards} reverses the steps (a {@code Slice} with step −1) and runs
 * forward, which is how Keras computes it, so the outputs come in the order computed.
 *
 * <p><b>Masks.</b> Keras's mask (Embedding {@code mask_zero}: id ≠ 0; Masking: some feature ≠ mask_value) may have
 * any pattern: padding on the right, on the left or inside a row. A masked step keeps the state, so a row's states
 * are those of its valid steps run alone, in order. ONNX's {@code sequence_lens} says only "the first n steps", so
 * the graph first moves each row's valid steps to its front, in order (a stable sort of the steps by "masked, then
 * index": {@code TopK} of {@code t + T·(1 − m_t)}, smallest first, then {@code GatherElements}), runs the node with
 * {@code sequence_lens} = n, the row's count of valid steps, and maps the outputs back: with c_t = Σ_{s≤t} m_s
 * ({@code CumSum}), step t's output is the output of compact step c_t − 1, the last valid step up to t. That is
 * Keras's output at a valid step, and at a masked one its repeat of the previous output; it is multiplied by
 * min(c_t, 1) (zeros before the first valid step) or, with {@code zero_output_for_mask} and in a Bidirectional that
 * returns sequences, by m_t (zeros at every masked step). Without {@code return_sequences} the output is the node's
 * {@code Y_h}, the state after each row's last valid step; with {@code zero_output_for_mask}, times m at the last
 * step computed (input step T−1, or 0 for {@code go_backwards}): Keras's last output is that step's output, zeros
 * when it is masked. A row with no valid step has n = 0 and zeros throughout, as in Keras. The exactness rests on one fact: the compacted run performs the same cell steps on the same values.
 *
 * <p>A stage that ONNX cannot compute exactly (today none of the stages a Keras import makes; a future cell or a
 * parameter these nodes do not have) is refused with one line naming it, never exported with other numbers.
 */
final class ChainExport {
    private static final long INT64_MIN = Long.MIN_VALUE;

    private final LayerChain chain;
    private final GraphProto.Builder graph = GraphProto.newBuilder().setName("rnn4j_layer_chain");
    private final Set<String> constants = new HashSet<>();
    private final Map<String, MaskPlan> plans = new HashMap<>();

    /**
     * How a recurrent node reads a mask m (B, T) float 0/1, computed once per mask.
     *
     * @param lengths (B) int32, n = Σ_t m_t
     * @param order   (B, T) int64, the steps with the valid ones first, in order
     * @param back    (B, T) int64, max(c_t − 1, 0): the compact step whose output step t shows
     * @param seen    (B, T) float, min(c_t, 1): whether a valid step came at or before t
     */
    private record MaskPlan(String mask, String lengths, String order, String back, String seen) {
    }

    private ChainExport(LayerChain chain) {
        this.chain = chain;
    }

    static GraphProto graph(LayerChain chain) {
        return new ChainExport(chain).build();
    }

    private GraphProto build() {
        if (chain.takesTokens()) {
            graph.addInput(valueInfo("input", TensorProto.DataType.INT64_VALUE, "batch", "time"));
        } else {
            graph.addInput(valueInfo("input", TensorProto.DataType.FLOAT_VALUE, "batch", "time", chain.inputSize()));
        }
        String x = "input";
        String mask = null;
        List<Stage> stages = chain.stages();
        for (int i = 0; i < stages.size(); i++) {
            Stage stage = stages.get(i);
            String at = "s" + i;
            if (stage instanceof EmbeddingStage e) {
                x = node("Gather", at + "_embedding", List.of(weight(at + "_weight", stage, "weight", false), x),
                        intAttr("axis", 0));                                                // (B, T, E)
                if (e.spec().maskZero()) {
                    mask = embeddingMask(at);
                }
            } else if (stage instanceof MaskingStage m) {
                mask = maskingMask(at, x, m.spec().maskValue());
                x = node("Mul", at + "_masked", List.of(x, unsqueeze(at + "_mask_column", mask, 2)));
            } else if (stage instanceof RecurrentStage r) {
                x = recurrent(at, r, x, mask);
                if (!r.spec().returnSequences()) {
                    mask = null;                                                          // Keras: the mask ends
                }
            } else if (stage instanceof DenseStage d) {
                x = dense(at, d, x);
            } else if (!(stage instanceof DropoutStage)) {                                // Dropout: nothing
                throw new IllegalArgumentException("stage " + i + " (" + stage.describe() + ") has no ONNX export");
            }
            checkAllParametersUsed(i, stage);
        }
        node("Identity", "output", List.of(x));
        Signature out = chain.outputSignature();
        graph.addOutput(out.sequence()
                ? valueInfo("output", TensorProto.DataType.FLOAT_VALUE, "batch", "time", out.width())
                : valueInfo("output", TensorProto.DataType.FLOAT_VALUE, "batch", out.width()));
        return graph.build();
    }

    // ------------------------------------------------------------------------------------------------ masks

    /** m = (ids ≠ 0) as float (B, T). */
    private String embeddingMask(String at) {
        String equal = node("Equal", at + "_is_padding", List.of("input", scalarInt("zero_int64", 0)));
        String not = node("Not", at + "_is_token", List.of(equal));
        return node("Cast", at + "_mask", List.of(not), intAttr("to", TensorProto.DataType.FLOAT_VALUE));
    }

    /** m_t = max_f (x_tf ≠ v) as float (B, T). */
    private String maskingMask(String at, String x, float maskValue) {
        String value = at + "_mask_value";
        addConstant(value, () -> OnnxTensors.floats(value, new float[] {maskValue}));
        String equal = node("Equal", at + "_is_mask_value", List.of(x, value));
        String not = node("Not", at + "_differs", List.of(equal));
        String differs = node("Cast", at + "_differs_float", List.of(not),
                intAttr("to", TensorProto.DataType.FLOAT_VALUE));
        return node("ReduceMax", at + "_mask", List.of(differs), intsAttr("axes", 2), intAttr("keepdims", 0));
    }

    private MaskPlan plan(String mask) {
        MaskPlan known = plans.get(mask);
        if (known != null) {
            return known;
        }
        String p = mask;
        String sum = node("ReduceSum", p + "_count", List.of(mask, ints("axis1", 1)), intAttr("keepdims", 0));
        String lengths = node("Cast", p + "_lengths", List.of(sum), intAttr("to", TensorProto.DataType.INT32_VALUE));
        String count = node("CumSum", p + "_cumsum", List.of(mask, scalarInt("axis1_scalar", 1)));    // c (B, T)
        // key_t = t + T·(1 − m_t): the valid steps first, each group in order (the keys are distinct).
        String masked = node("Sub", p + "_masked", List.of(scalarFloat("one", 1f), mask));
        String shift = node("Mul", p + "_shift", List.of(masked, timeFloat()));
        String key = node("Add", p + "_key", List.of(steps(), shift));
        String order = p + "_order";
        graph.addNode(NodeProto.newBuilder().setOpType("TopK").setName(order)
                .addAllInput(List.of(key, timeVector())).addAllOutput(List.of(p + "_sorted_keys", order))
                .addAttribute(intAttr("axis", 1)).addAttribute(intAttr("largest", 0))
                .addAttribute(intAttr("sorted", 1)));
        String before = node("Sub", p + "_cumsum_minus_one", List.of(count, scalarFloat("one", 1f)));
        String clipped = node("Relu", p + "_back_float", List.of(before));
        String back = node("Cast", p + "_back", List.of(clipped), intAttr("to", TensorProto.DataType.INT64_VALUE));
        String seen = node("Min", p + "_seen", List.of(count, scalarFloat("one", 1f)));
        MaskPlan plan = new MaskPlan(mask, lengths, order, back, seen);
        plans.put(mask, plan);
        return plan;
    }

    /** v (B, T, ·) with its steps in {@code index}'s order along axis 1: out[b, k] = v[b, index[b, k]]. */
    private String gatherSteps(String name, String v, String index) {
        String shape = node("Shape", name + "_shape", List.of(v));
        String column = unsqueeze(name + "_index_column", index, 2);
        String expanded = node("Expand", name + "_index", List.of(column, shape));
        return node("GatherElements", name, List.of(v, expanded), intAttr("axis", 1));
    }

    /** v[:, ::-1], along the time axis. */
    private String reverseSteps(String name, String v) {
        return node("Slice", name, List.of(v, ints("minus_one", -1), ints("int64_min", INT64_MIN), ints("axis1", 1),
                ints("minus_one", -1)));
    }

    // ------------------------------------------------------------------------------------------------ stages

    private String recurrent(String at, RecurrentStage stage, String x, String mask) {
        RecurrentStage.Spec spec = stage.spec();
        String op = switch (spec.cell()) {
            case RNN_TANH, RNN_RELU -> "RNN";
            case LSTM -> "LSTM";
            case GRU, GRU_RESET_BEFORE -> "GRU";
        };
        int d = spec.bidirectional() ? 2 : 1;
        int h = spec.hiddenSize();
        OnnxExport.addRecurrentWeights(graph, "_" + at, spec.cell().gates(), spec.inputSize(), h,
                directionSuffixes(spec),
                name -> find(stage, name).value().toArray());

        // go_backwards: Keras reads the steps (and the mask) reversed and keeps the outputs in the order computed.
        String input = spec.goBackwards() ? reverseSteps(at + "_reversed", x) : x;
        String stageMask = mask != null && spec.goBackwards() ? reverseSteps(at + "_mask_reversed", mask) : mask;
        MaskPlan plan = stageMask == null ? null : plan(stageMask);
        if (plan != null) {
            input = gatherSteps(at + "_compact", input, plan.order());
        }
        String timeMajor = node("Transpose", at + "_time_major", List.of(input), intsAttr("perm", 1, 0, 2));

        List<AttributeProto> attributes = new ArrayList<>();
        attributes.add(intAttr("hidden_size", h));
        attributes.add(stringAttr("direction", d == 2 ? "bidirectional" : "forward"));
        if (spec.cell().id().equals("rnn_relu")) {
            attributes.add(stringsAttr("activations", d == 2 ? List.of("Relu", "Relu") : List.of("Relu")));
        }
        GateActivation gate = spec.gateActivation();
        if (!gate.isSigmoid()) {
            // f = HardSigmoid in each direction, its α and β given for every one (never left to a default)
            List<String> perDirection = op.equals("LSTM") ? List.of("HardSigmoid", "Tanh", "Tanh")
                    : List.of("HardSigmoid", "Tanh");
            List<String> activations = new ArrayList<>(perDirection);
            if (d == 2) {
                activations.addAll(perDirection);
            }
            attributes.add(stringsAttr("activations", activations));
            attributes.add(floatsAttr("activation_alpha", d == 2 ? List.of(gate.alpha(), gate.alpha())
                    : List.of(gate.alpha())));
            attributes.add(floatsAttr("activation_beta", d == 2 ? List.of(gate.beta(), gate.beta())
                    : List.of(gate.beta())));
        }
        if (op.equals("GRU")) {
            attributes.add(intAttr("linear_before_reset", spec.cell().id().equals("gru_reset_before") ? 0 : 1));
        }
        String y = at + "_y";
        String yh = at + "_y_h";
        graph.addNode(NodeProto.newBuilder().setOpType(op).setName(at + "_" + op)
                .addAllInput(List.of(timeMajor, "W_" + at, "R_" + at, "B_" + at, plan == null ? "" : plan.lengths()))
                .addAllOutput(List.of(y, yh)).addAllAttribute(attributes));

        if (!spec.returnSequences()) {
            // Y_h (D, B, H): each direction's state after the row's last valid step, Keras's last output.
            if (spec.bidirectional()) {
                return merge(at + "_last", yh, 0, spec.mergeMode(), false);
            }
            String last = node("Squeeze", at + "_last", List.of(yh, ints("axis0", 0)));           // (B, H)
            if (plan == null || !spec.zeroOutputForMask()) {
                return last;
            }
            // zero_output_for_mask: y = Y_h · m[:, T−1] of the stage's mask, the one the node reads (reversed
            // for go_backwards, so its last step is input step 0): zeros where the last step computed is masked,
            // Keras's last output being that step's. (A Bidirectional never zeroes here: Keras forces
            // zero_output_for_mask to return_sequences in both its halves.)
            String lastStep = node("Slice", at + "_last_step_valid", List.of(plan.mask(), ints("minus_one", -1),
                    ints("int64_max", Long.MAX_VALUE), ints("axis1", 1)));                          // (B, 1)
            return node("Mul", at + "_last_output", List.of(last, lastStep));
        }
        String batchFirst = node("Transpose", at + "_batch_first", List.of(y), intsAttr("perm", 2, 0, 1, 3));
        String sequence = spec.bidirectional() ? merge(at + "_merged", batchFirst, 2, spec.mergeMode(), true)
                : node("Reshape", at + "_sequence", List.of(batchFirst, ints("merge_last_two", 0, 0, -1)));
        if (plan == null) {
            return sequence;                                                                    // (B, T, D·H)
        }
        String shown = gatherSteps(at + "_uncompact", sequence, plan.back());
        boolean zeros = spec.bidirectional() || spec.zeroOutputForMask();
        String factor = unsqueeze(at + "_output_factor", zeros ? plan.mask() : plan.seen(), 2);
        return node("Mul", at + "_output", List.of(shown, factor));
    }

    /**
     * The two directions of {@code v} (size 2 on {@code axis}: (T→B, T, 2, H) or (2, B, H)) merged as Keras's
     * merge_mode: concat puts forward before backward on the feature axis.
     */
    private String merge(String name, String v, int axis, MergeMode mode, boolean sequence) {
        if (mode == MergeMode.CONCAT) {
            if (sequence) {
                return node("Reshape", name, List.of(v, ints("merge_last_two", 0, 0, -1)));      // (B, T, 2H)
            }
            String rows = node("Transpose", name + "_rows", List.of(v), intsAttr("perm", 1, 0, 2));
            return node("Reshape", name, List.of(rows, ints("rows_by_features", 0, -1))); // (B, 2H)
        }
        String axisName = "axis" + axis;
        String forward = node("Slice", name + "_forward", List.of(v, ints("zero", 0), ints("one_int64", 1),
                ints(axisName, axis)));
        String backward = node("Slice", name + "_backward", List.of(v, ints("one_int64", 1), ints("two", 2),
                ints(axisName, axis)));
        String merged = switch (mode) {
            case SUM, AVE -> node("Add", name + "_sum", List.of(forward, backward));
            case MUL -> node("Mul", name + "_product", List.of(forward, backward));
            case CONCAT -> throw new IllegalStateException("handled above");
        };
        if (mode == MergeMode.AVE) {
            merged = node("Mul", name + "_average", List.of(merged, scalarFloat("half", 0.5f)));   // (f + b) / 2
        }
        return node("Squeeze", name, List.of(merged, ints(axisName, axis)));
    }

    /** rnn4j's names of the directions' parameters: a go_backwards layer's one direction reads from the end. */
    private static List<String> directionSuffixes(RecurrentStage.Spec spec) {
        return spec.bidirectional() ? List.of("_l0", "_l0_reverse")
                : List.of(spec.goBackwards() ? "_l0_reverse" : "_l0");
    }

    /** y = act(x · Wᵀ + b): MatMul with the weight transposed to (in, out), Add, the activation's op. */
    private String dense(String at, DenseStage stage, String x) {
        DenseStage.Spec spec = stage.spec();
        String product = node("MatMul", at + "_matmul", List.of(x, weight(at + "_kernel", stage, "weight", true)));
        String sum = node("Add", at + "_add", List.of(product, weight(at + "_bias", stage, "bias", false)));
        return switch (spec.activation()) {
            case LINEAR -> sum;
            case RELU -> node("Relu", at + "_relu", List.of(sum));
            case TANH -> node("Tanh", at + "_tanh", List.of(sum));
            case SIGMOID -> node("Sigmoid", at + "_sigmoid", List.of(sum));
            case SOFTMAX -> node("Softmax", at + "_softmax", List.of(sum), intAttr("axis", -1));
        };
    }

    // ------------------------------------------------------------------------------------------------ parameters

    /** The stage's parameter {@code name} as an initializer; a 2-D one transposed when asked. */
    private String weight(String initializer, Stage stage, String name, boolean transpose) {
        Parameter p = find(stage, name);
        float[] v = p.value().toArray();
        int[] shape = p.value().shape();
        if (transpose) {
            int rows = shape[0];
            int cols = shape[1];
            float[] t = new float[v.length];
            for (int r = 0; r < rows; r++) {
                for (int c = 0; c < cols; c++) {
                    t[c * rows + r] = v[r * cols + c];
                }
            }
            v = t;
            shape = new int[] {cols, rows};
        }
        graph.addInitializer(OnnxTensors.floats(initializer, v, shape));
        return initializer;
    }

    private static Parameter find(Stage stage, String name) {
        for (Parameter p : stage.parameters()) {
            if (p.name().equals(name)) {
                return p;
            }
        }
        throw new IllegalArgumentException(stage.describe() + " has no parameter " + name
                + ", which its ONNX node needs: it cannot be exported to ONNX");
    }

    /**
     * Every parameter of a stage must have gone into the graph: a parameter the ONNX nodes have no place for (a
     * projection, a peephole) would otherwise be dropped and the numbers would change.
     */
    private void checkAllParametersUsed(int index, Stage stage) {
        Set<String> used = new HashSet<>();
        if (stage instanceof EmbeddingStage) {
            used.add("weight");
        } else if (stage instanceof DenseStage) {
            used.addAll(List.of("weight", "bias"));
        } else if (stage instanceof RecurrentStage r) {
            for (String s : directionSuffixes(r.spec())) {
                used.addAll(List.of("weight_ih" + s, "weight_hh" + s, "bias_ih" + s, "bias_hh" + s));
            }
        }
        for (Parameter p : stage.parameters()) {
            if (!used.contains(p.name())) {
                throw new IllegalArgumentException("stage " + index + " (" + stage.describe() + "): parameter '"
                        + p.name() + "' has no place in ONNX's nodes, so the stage cannot be exported exactly");
            }
        }
    }

    // ------------------------------------------------------------------------------------------------ sizes, helpers

    /** T as an int64 vector (1), for TopK's K. */
    private String timeVector() {
        String shape = inputShape();
        if (constants.add("time")) {
            node("Gather", "time", List.of(shape, ints("axis1", 1)), intAttr("axis", 0));
        }
        return "time";
    }

    /** T as a float scalar. */
    private String timeFloat() {
        String shape = inputShape();
        if (constants.add("time_float")) {
            node("Gather", "time_scalar", List.of(shape, scalarInt("axis1_scalar", 1)), intAttr("axis", 0));
            node("Cast", "time_float", List.of("time_scalar"), intAttr("to", TensorProto.DataType.FLOAT_VALUE));
        }
        return "time_float";
    }

    /** 0, 1, …, T−1 as floats (T). */
    private String steps() {
        String limit = timeFloat();
        if (constants.add("steps")) {
            node("Range", "steps", List.of(scalarFloat("zero_float", 0f), limit, scalarFloat("one", 1f)));
        }
        return "steps";
    }

    private String inputShape() {
        if (constants.add("input_shape")) {
            node("Shape", "input_shape", List.of("input"));
        }
        return "input_shape";
    }

    private String unsqueeze(String name, String v, long axis) {
        return node("Unsqueeze", name, List.of(v, ints("axis" + axis, axis)));
    }

    /** Adds a node whose one output is named as the node, and returns that name. */
    private String node(String opType, String name, List<String> inputs, AttributeProto... attributes) {
        graph.addNode(NodeProto.newBuilder().setOpType(opType).setName(name).addAllInput(inputs).addOutput(name)
                .addAllAttribute(List.of(attributes)));
        return name;
    }

    /** An int64 vector initializer, added once. */
    private String ints(String name, long... values) {
        addConstant(name, () -> OnnxTensors.int64s(name, values, values.length));
        return name;
    }

    private String scalarInt(String name, long value) {
        addConstant(name, () -> OnnxTensors.int64s(name, new long[] {value}));
        return name;
    }

    private String scalarFloat(String name, float value) {
        addConstant(name, () -> OnnxTensors.floats(name, new float[] {value}));
        return name;
    }

    private void addConstant(String name, java.util.function.Supplier<TensorProto> tensor) {
        if (constants.add(name)) {
            graph.addInitializer(tensor.get());
        }
    }
}
