package org.rnn4j.interop.onnx;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.rnn4j.Version;
import org.rnn4j.interop.onnx.proto.Onnx.AttributeProto;
import org.rnn4j.interop.onnx.proto.Onnx.GraphProto;
import org.rnn4j.interop.onnx.proto.Onnx.ModelProto;
import org.rnn4j.interop.onnx.proto.Onnx.NodeProto;
import org.rnn4j.interop.onnx.proto.Onnx.OperatorSetIdProto;
import org.rnn4j.interop.onnx.proto.Onnx.TensorProto;
import org.rnn4j.interop.onnx.proto.Onnx.TensorShapeProto;
import org.rnn4j.interop.onnx.proto.Onnx.TypeProto;
import org.rnn4j.interop.onnx.proto.Onnx.ValueInfoProto;
import org.rnn4j.io.AtomicFiles;
import org.rnn4j.models.chain.LayerChain;
import org.rnn4j.nn.Parameter;
import org.rnn4j.nn.recurrent.RecurrentConfig;
import org.rnn4j.nn.recurrent.CellType;
import org.rnn4j.nn.recurrent.RecurrentLayer;

/**
 * Writes a {@link RecurrentLayer} as an ONNX model (opset 14) that computes what {@code rnn4j predict} computes:
 *
 * <pre>
 * inputs   input          (batch, time, F) float
 *          h0             (L·D, state_batch, H) float, default zeros (L·D, 1, H)     optional
 *          c0             (L·D, state_batch, H) float, default zeros (LSTM only)     optional
 *          sequence_lens  (lens_batch) int32, default [2147483647]: every row full  optional
 * outputs  output         (batch, time, D·H)
 *          h_n, c_n       (L·D, batch, H), PyTorch's order: layer 0 forward, layer 0 backward, layer 1 forward, …
 * </pre>
 *
 * The optional inputs are graph inputs that also have an initializer, which ONNX Runtime lets a caller override.
 * Their defaults have batch 1 and are broadcast ({@code Expand}) to the input's batch, so the graph keeps a dynamic
 * batch with or without them; a caller carrying state feeds h_n and c_n of the previous call as h0 and c0, (L·D, B,
 * H). The lengths are {@code Min(Expand(sequence_lens, B), T)}: the default is every row's full length.
 *
 * <p>One node per layer ({@code RNN}, {@code LSTM}, or {@code GRU} with linear_before_reset=1, PyTorch's GRU),
 * layout 0 (time-major) with a Transpose from the batch-first input and back; the weights in ONNX's gate order
 * ({@link GateOrder}).
 */
public final class OnnxExport {
    static final int OPSET = 14;
    static final int IR_VERSION = 7;
    private static final long INT32_MAX = Integer.MAX_VALUE;

    private OnnxExport() {
    }

    /** Writes the model atomically: a failed write leaves {@code out} as it was. */
    public static void write(RecurrentLayer layer, Path out) {
        ModelProto model = toModel(layer);
        AtomicFiles.write(out, model::writeTo);
    }

    /**
     * @throws IllegalArgumentException for an LSTM with proj_size: ONNX's LSTM has no projection, and a graph of
     *                                  glue around it would not be the one node per layer this export promises
     */
    public static ModelProto toModel(RecurrentLayer layer) {
        if (layer.config().projSize() > 0) {
            throw new IllegalArgumentException(layer.describe() + ": an LSTM with proj_size has no ONNX operator");
        }
        return ModelProto.newBuilder().setIrVersion(IR_VERSION).setProducerName("rnn4j")
                .setProducerVersion(Version.VERSION)
                .setDocString(layer.describe() + ", exported by rnn4j: input (batch, time, features) batch-first,"
                        + " as rnn4j predict reads it")
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(OPSET))
                .setGraph(new Builder(layer).graph()).build();
    }

    /**
     * Writes a layer chain (a converted Keras model) atomically, as {@link ChainExport} lays it out: input
     * {@code input} (batch, time, F) float, or (batch, time) int64 token ids before an Embedding, and output
     * {@code output}, what {@code LayerChain.predict} returns.
     *
     * @throws IllegalArgumentException naming the stage, for a stage that ONNX cannot compute exactly
     */
    public static void write(LayerChain chain, Path out) {
        ModelProto model = toModel(chain);
        AtomicFiles.write(out, model::writeTo);
    }

    public static ModelProto toModel(LayerChain chain) {
        return ModelProto.newBuilder().setIrVersion(IR_VERSION).setProducerName("rnn4j")
                .setProducerVersion(Version.VERSION)
                .setDocString(String.join("; ", chain.describe()) + "; exported by rnn4j: the numbers of"
                        + " LayerChain.predict (Keras's model.predict)")
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(OPSET))
                .setGraph(ChainExport.graph(chain)).build();
    }

    /** The graph of one layer; the counter gives each node a readable, unique name. */
    private static final class Builder {
        private final RecurrentLayer layer;
        private final RecurrentConfig config;
        private final String op;
        private final GraphProto.Builder graph = GraphProto.newBuilder().setName("rnn4j");
        private final boolean lstm;

        Builder(RecurrentLayer layer) {
            this.layer = layer;
            this.config = layer.config();
            this.op = switch (config.cell()) {
                case RNN_TANH, RNN_RELU -> "RNN";
                case LSTM -> "LSTM";
                case GRU, GRU_RESET_BEFORE -> "GRU";
            };
            this.lstm = op.equals("LSTM");
        }

        GraphProto graph() {
            int layers = config.numLayers();
            int d = config.directions();
            int h = config.hiddenSize();
            int states = layers * d;
            graph.addInput(valueInfo("input", TensorProto.DataType.FLOAT_VALUE, "batch", "time", config.inputSize()));
            graph.addInput(valueInfo("h0", TensorProto.DataType.FLOAT_VALUE, states, "state_batch", h));
            graph.addInitializer(OnnxTensors.floats("h0", new float[states * h], states, 1, h));
            if (lstm) {
                graph.addInput(valueInfo("c0", TensorProto.DataType.FLOAT_VALUE, states, "state_batch", h));
                graph.addInitializer(OnnxTensors.floats("c0", new float[states * h], states, 1, h));
            }
            graph.addInput(valueInfo("sequence_lens", TensorProto.DataType.INT32_VALUE, "lens_batch"));
            graph.addInitializer(OnnxTensors.int32s("sequence_lens", new int[] {(int) INT32_MAX}, 1));

            // Sizes of this call: B and T from the input, the states' full shape (L·D, B, H).
            constantVector("axis0_index", 0);
            constantVector("axis1_index", 1);
            node("Shape", "input_shape", List.of("input"), List.of("input_shape"));
            node("Gather", "batch", List.of("input_shape", "axis0_index"), List.of("batch"), intAttr("axis", 0));
            node("Gather", "time", List.of("input_shape", "axis1_index"), List.of("time"), intAttr("axis", 0));
            constantVector("state_count", states);
            constantVector("hidden", h);
            node("Concat", "state_shape", List.of("state_count", "batch", "hidden"), List.of("state_shape"),
                    intAttr("axis", 0));
            node("Expand", "h0_expanded", List.of("h0", "state_shape"), List.of("h0_expanded"));
            if (lstm) {
                node("Expand", "c0_expanded", List.of("c0", "state_shape"), List.of("c0_expanded"));
            }
            node("Expand", "lens_expanded", List.of("sequence_lens", "batch"), List.of("lens_expanded"));
            node("Cast", "time_int32", List.of("time"), List.of("time_int32"),
                    intAttr("to", TensorProto.DataType.INT32_VALUE));
            node("Min", "lengths", List.of("lens_expanded", "time_int32"), List.of("lengths"));

            node("Transpose", "input_time_major", List.of("input"), List.of("x_l0"), intsAttr("perm", 1, 0, 2));
            List<String> hn = new ArrayList<>();
            List<String> cn = new ArrayList<>();
            for (int l = 0; l < layers; l++) {
                String y = recurrentNode(l, d, h, hn, cn);                                  // (T, D, B, H)
                if (l + 1 < layers) {
                    node("Transpose", "y_l" + l + "_time_batch", List.of(y), List.of(y + "_tbdh"),
                            intsAttr("perm", 0, 2, 1, 3));                                 // (T, B, D, H)
                    node("Reshape", "x_l" + (l + 1), List.of(y + "_tbdh", "merge_directions"),
                            List.of("x_l" + (l + 1)));                                     // (T, B, D·H)
                } else {
                    node("Transpose", "y_batch_first", List.of(y), List.of(y + "_btdh"),
                            intsAttr("perm", 2, 0, 1, 3));                                 // (B, T, D, H)
                    node("Reshape", "output", List.of(y + "_btdh", "merge_directions"), List.of("output"));
                }
            }
            constantVector("merge_directions", 0, 0, -1);
            stack("h_n", hn);
            graph.addOutput(valueInfo("output", TensorProto.DataType.FLOAT_VALUE, "batch", "time", d * h));
            graph.addOutput(valueInfo("h_n", TensorProto.DataType.FLOAT_VALUE, states, "batch", h));
            if (lstm) {
                stack("c_n", cn);
                graph.addOutput(valueInfo("c_n", TensorProto.DataType.FLOAT_VALUE, states, "batch", h));
            }
            return graph.build();
        }

        /** Layer l: its slice of the initial states, its weights, its node; returns the name of its Y. */
        private String recurrentNode(int l, int d, int h, List<String> hn, List<String> cn) {
            String suffix = "_l" + l;
            constantVector("state_from" + suffix, (long) l * d);
            constantVector("state_to" + suffix, (long) (l + 1) * d);
            node("Slice", "h0" + suffix, List.of("h0_expanded", "state_from" + suffix, "state_to" + suffix,
                    "axis0_index"), List.of("h0" + suffix));
            if (lstm) {
                node("Slice", "c0" + suffix, List.of("c0_expanded", "state_from" + suffix, "state_to" + suffix,
                        "axis0_index"), List.of("c0" + suffix));
            }
            weights(l, d, h);
            List<String> inputs = new ArrayList<>(List.of("x" + suffix, "W" + suffix, "R" + suffix, "B" + suffix,
                    "lengths", "h0" + suffix));
            List<String> outputs = new ArrayList<>(List.of("y" + suffix, "y_h" + suffix));
            if (lstm) {
                inputs.add("c0" + suffix);
                outputs.add("y_c" + suffix);
                cn.add("y_c" + suffix);
            }
            hn.add("y_h" + suffix);
            List<AttributeProto> attributes = new ArrayList<>();
            attributes.add(intAttr("hidden_size", h));
            attributes.add(stringAttr("direction", d == 2 ? "bidirectional" : "forward"));
            if (config.cell().id().equals("rnn_relu")) {
                attributes.add(stringsAttr("activations", d == 2 ? List.of("Relu", "Relu") : List.of("Relu")));
            }
            if (op.equals("GRU")) {
                attributes.add(intAttr("linear_before_reset",
                        config.cell() == CellType.GRU_RESET_BEFORE ? 0 : 1));
            }
            node(op, op + suffix, inputs, outputs, attributes.toArray(AttributeProto[]::new));
            return "y" + suffix;
        }

        /** W (D, G·H, F), R (D, G·H, H), B (D, 2·G·H) of layer l, in ONNX's gate order. */
        private void weights(int l, int d, int h) {
            int in = l == 0 ? config.inputSize() : config.outputSize();
            List<String> suffixes = d == 2 ? List.of("_l" + l, "_l" + l + "_reverse") : List.of("_l" + l);
            addRecurrentWeights(graph, "_l" + l, config.cell().gates(), in, h, suffixes, this::value);
        }

        private float[] value(String name) {
            for (Parameter p : layer.parameters()) {
                if (p.name().equals(name)) {
                    return p.value().toArray();
                }
            }
            throw new IllegalStateException(layer.describe() + " has no parameter " + name);
        }

        /** Concat of the layers' (D, B, H) final states into (L·D, B, H); a one-layer model's is its own. */
        private void stack(String name, List<String> parts) {
            if (parts.size() == 1) {
                node("Identity", name, parts, List.of(name));
            } else {
                node("Concat", name, parts, List.of(name), intAttr("axis", 0));
            }
        }

        private void node(String opType, String name, List<String> inputs, List<String> outputs,
                          AttributeProto... attributes) {
            graph.addNode(NodeProto.newBuilder().setOpType(opType).setName(name).addAllInput(inputs)
                    .addAllOutput(outputs).addAllAttribute(List.of(attributes)));
        }

        private void constantVector(String name, long... values) {
            graph.addInitializer(OnnxTensors.int64s(name, values, values.length));
        }
    }

    /**
     * Adds the initializers W{@code name} (D, G·H, F), R{@code name} (D, G·H, H) and B{@code name} (D, 2·G·H) of one
     * recurrent node, in ONNX's gate order, from rnn4j's (PyTorch's) parameters {@code weight_ih<suffix>},
     * {@code weight_hh<suffix>}, {@code bias_ih<suffix>}, {@code bias_hh<suffix>}, one suffix per direction.
     */
    static void addRecurrentWeights(GraphProto.Builder graph, String name, int gates, int in, int h,
                                    List<String> directionSuffixes, java.util.function.Function<String, float[]> value) {
        int d = directionSuffixes.size();
        int gh = gates * h;
        int[] sourceBlock = GateOrder.pyTorchBlockOfOnnxGate(gates);
        float[] w = new float[d * gh * in];
        float[] r = new float[d * gh * h];
        float[] b = new float[d * 2 * gh];
        for (int k = 0; k < d; k++) {
            String suffix = directionSuffixes.get(k);
            copy(GateOrder.reorder(value.apply("weight_ih" + suffix), 0, gates, h * in, sourceBlock), w, k * gh * in);
            copy(GateOrder.reorder(value.apply("weight_hh" + suffix), 0, gates, h * h, sourceBlock), r, k * gh * h);
            copy(GateOrder.reorder(value.apply("bias_ih" + suffix), 0, gates, h, sourceBlock), b, k * 2 * gh);
            copy(GateOrder.reorder(value.apply("bias_hh" + suffix), 0, gates, h, sourceBlock), b, k * 2 * gh + gh);
        }
        graph.addInitializer(OnnxTensors.floats("W" + name, w, d, gh, in));
        graph.addInitializer(OnnxTensors.floats("R" + name, r, d, gh, h));
        graph.addInitializer(OnnxTensors.floats("B" + name, b, d, 2 * gh));
    }

    private static void copy(float[] from, float[] to, int at) {
        System.arraycopy(from, 0, to, at, from.length);
    }

    static ValueInfoProto valueInfo(String name, int elemType, Object... dims) {
        TensorShapeProto.Builder shape = TensorShapeProto.newBuilder();
        for (Object dim : dims) {
            TensorShapeProto.Dimension.Builder b = TensorShapeProto.Dimension.newBuilder();
            if (dim instanceof String param) {
                b.setDimParam(param);
            } else {
                b.setDimValue(((Number) dim).longValue());
            }
            shape.addDim(b);
        }
        return ValueInfoProto.newBuilder().setName(name).setType(TypeProto.newBuilder().setTensorType(
                TypeProto.Tensor.newBuilder().setElemType(elemType).setShape(shape))).build();
    }

    static AttributeProto intAttr(String name, long value) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INT).setI(value).build();
    }

    static AttributeProto intsAttr(String name, long... values) {
        AttributeProto.Builder b = AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INTS);
        for (long v : values) {
            b.addInts(v);
        }
        return b.build();
    }

    static AttributeProto stringAttr(String name, String value) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.STRING)
                .setS(com.google.protobuf.ByteString.copyFromUtf8(value)).build();
    }

    static AttributeProto floatsAttr(String name, List<Float> values) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.FLOATS)
                .addAllFloats(values).build();
    }

    static AttributeProto stringsAttr(String name, List<String> values) {
        AttributeProto.Builder b = AttributeProto.newBuilder().setName(name)
                .setType(AttributeProto.AttributeType.STRINGS);
        values.forEach(v -> b.addStrings(com.google.protobuf.ByteString.copyFromUtf8(v)));
        return b.build();
    }
}
