package org.rnn4j.interop.onnx;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.rnn4j.interop.onnx.proto.Onnx.GraphProto;
import org.rnn4j.interop.onnx.proto.Onnx.ModelProto;
import org.rnn4j.interop.onnx.proto.Onnx.NodeProto;
import org.rnn4j.interop.onnx.proto.Onnx.OperatorSetIdProto;
import org.rnn4j.interop.onnx.proto.Onnx.TensorProto;
import org.rnn4j.interop.onnx.proto.Onnx.TensorShapeProto;
import org.rnn4j.interop.onnx.proto.Onnx.TypeProto;
import org.rnn4j.interop.onnx.proto.Onnx.ValueInfoProto;
import org.rnn4j.io.FileFormatException;
import org.rnn4j.tensor.Shapes;
import org.rnn4j.tensor.Tensor;

/**
 * An ONNX model run by rnn4j: a small interpreter over the graph's nodes in their (topological) order, with the
 * recurrent nodes run by rnn4j's recurrent layers and the glue around them by {@link ShapeOps},
 * {@link ValueOps} and {@link ArithmeticOps}.
 *
 * <p>Loading checks everything that can be checked without data: the file parses, every node's op and attributes
 * are supported, every initializer's data fits its dims, every node reads names that exist. Running feeds the
 * graph's inputs as the graph declares them (a bare recurrent node is time-major) and returns its outputs exactly
 * as ONNX Runtime would. Every problem is a {@link FileFormatException} of one line naming the file and the node.
 */
public final class OnnxModel {
    private static final Set<String> RECURRENT = Set.of("RNN", "LSTM", "GRU");

    private final Path file;
    private final GraphProto graph;
    private final List<OnnxNode> nodes = new ArrayList<>();
    private final List<OnnxOp> ops = new ArrayList<>();
    private final Map<String, OnnxValue> initializers = new LinkedHashMap<>();

    /** A graph input as the graph declares it. */
    public record Input(String name, boolean isFloat, String shape, boolean hasDefault) {
    }

    private OnnxModel(Path file, ModelProto model) {
        this.file = file;
        if (!model.hasGraph()) {
            throw new FileFormatException(file, "has no graph (is the file cut short?)");
        }
        this.graph = model.getGraph();
        int opset = defaultOpset(model);
        try {
            for (TensorProto t : graph.getInitializerList()) {
                initializers.put(t.getName(), OnnxTensors.read(t, "initializer '" + t.getName() + "'"));
            }
            Set<String> known = new java.util.HashSet<>(initializers.keySet());
            graph.getInputList().forEach(i -> known.add(i.getName()));
            for (int i = 0; i < graph.getNodeCount(); i++) {
                NodeProto proto = graph.getNode(i);
                OnnxNode node = new OnnxNode(proto, i, opset);
                OnnxOp op = OnnxOps.of(node, proto.getDomain());
                op.check(node);
                for (String in : proto.getInputList()) {
                    if (!in.isEmpty() && !known.contains(in)) {
                        throw node.problem("reads '" + in + "', which no earlier node, input or initializer makes");
                    }
                }
                known.addAll(proto.getOutputList());
                nodes.add(node);
                ops.add(op);
            }
            if (graph.getOutputCount() == 0) {
                throw new OnnxException("the graph has no outputs");
            }
            for (ValueInfoProto out : graph.getOutputList()) {
                if (!known.contains(out.getName())) {
                    throw new OnnxException("graph output '" + out.getName() + "' is made by no node");
                }
            }
        } catch (OnnxException e) {
            throw new FileFormatException(file, e.getMessage());
        }
        if (inputs().isEmpty()) {
            throw new FileFormatException(file, "the graph has no inputs to feed");
        }
    }

    /** Reads and checks an ONNX file; nothing in it is executed but the supported operators. */
    public static OnnxModel load(Path file) {
        return new OnnxModel(file, parse(file));
    }

    static ModelProto parse(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            CodedInputStream coded = CodedInputStream.newInstance(in);
            coded.setSizeLimit(Integer.MAX_VALUE);
            return ModelProto.parseFrom(coded);
        } catch (InvalidProtocolBufferException e) {
            throw new FileFormatException(file, "is not a complete ONNX model (cut short or damaged: "
                    + e.getMessage() + ")", e);
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": " + e.getMessage(), e);
        }
    }

    private int defaultOpset(ModelProto model) {
        for (OperatorSetIdProto o : model.getOpsetImportList()) {
            if (o.getDomain().isEmpty() || o.getDomain().equals("ai.onnx")) {
                if (o.getVersion() < 7) {
                    throw new FileFormatException(file, "opset " + o.getVersion() + " is older than 7, the first"
                            + " whose RNN, LSTM and GRU rnn4j reads");
                }
                return (int) o.getVersion();
            }
        }
        throw new FileFormatException(file, "imports no opset of the default ONNX domain (is the file cut short?)");
    }

    public Path file() {
        return file;
    }

    /** The inputs a caller feeds, in the graph's order: those without an initializer, then those with one. */
    public List<Input> inputs() {
        List<Input> required = new ArrayList<>();
        List<Input> optional = new ArrayList<>();
        for (ValueInfoProto v : graph.getInputList()) {
            boolean hasDefault = initializers.containsKey(v.getName());
            (hasDefault ? optional : required).add(new Input(v.getName(), isFloat(v.getType()),
                    shapeOf(v.getType()), hasDefault));
        }
        required.addAll(optional);
        return required;
    }

    /** The name of the input that takes sequence lengths, or null: one named sequence_lens, else a recurrent
     * node's sequence_lens slot fed straight from a graph input. */
    public String sequenceLengthsInput() {
        for (Input in : inputs()) {
            if (in.name().equals("sequence_lens")) {
                return in.name();
            }
        }
        Set<String> graphInputs = new java.util.HashSet<>();
        inputs().forEach(i -> graphInputs.add(i.name()));
        for (OnnxNode node : nodes) {
            if (RECURRENT.contains(node.opType()) && node.hasInput(4) && graphInputs.contains(node.inputs().get(4))) {
                return node.inputs().get(4);
            }
        }
        return null;
    }

    public List<String> outputNames() {
        return graph.getOutputList().stream().map(ValueInfoProto::getName).toList();
    }

    /** The op types of the nodes, in order: what {@code inspect} and messages show. */
    public List<String> opTypes() {
        return nodes.stream().map(OnnxNode::opType).toList();
    }

    /**
     * Runs the graph on its first input and, when given, sequence lengths; returns its first output.
     *
     * @param x       fed to the graph's first input, in the shape the graph declares
     * @param lengths (B,) for the graph's sequence_lens input, or null
     */
    public Tensor predict(Tensor x, int[] lengths) {
        Map<String, Tensor> feeds = new LinkedHashMap<>();
        feeds.put(inputs().get(0).name(), x);
        if (lengths != null) {
            String name = sequenceLengthsInput();
            if (name == null) {
                throw new FileFormatException(file, "the graph has no sequence_lens input to take lengths");
            }
            float[] v = new float[lengths.length];
            for (int i = 0; i < v.length; i++) {
                v[i] = lengths[i];
            }
            feeds.put(name, Tensor.of(v, v.length));
        }
        return run(feeds).get(outputNames().get(0));
    }

    /**
     * Runs the graph. Integer inputs are given as tensors of whole numbers; every output comes back as a float
     * tensor, by name, in the graph's order.
     */
    public Map<String, Tensor> run(Map<String, Tensor> feeds) {
        Map<String, OnnxValue> values = new HashMap<>(initializers);
        Map<String, Input> declared = new LinkedHashMap<>();
        inputs().forEach(i -> declared.put(i.name(), i));
        for (Map.Entry<String, Tensor> feed : feeds.entrySet()) {
            Input in = declared.get(feed.getKey());
            if (in == null) {
                throw new IllegalArgumentException(file + ": the graph has no input '" + feed.getKey() + "' (it has "
                        + String.join(", ", declared.keySet()) + ")");
            }
            values.put(in.name(), fed(in, feed.getValue()));
        }
        for (Input in : declared.values()) {
            if (!values.containsKey(in.name())) {
                throw new IllegalArgumentException(file + ": the graph needs input '" + in.name() + "' " + in.shape());
            }
        }
        for (int i = 0; i < nodes.size(); i++) {
            OnnxNode node = nodes.get(i);
            List<OnnxValue> inputs = new ArrayList<>();
            for (String name : node.inputs()) {
                inputs.add(name.isEmpty() ? null : values.get(name));
            }
            List<OnnxValue> outputs;
            try {
                outputs = ops.get(i).run(node, inputs);
            } catch (OnnxException e) {
                throw new FileFormatException(file, e.getMessage());
            } catch (RuntimeException e) {
                throw new FileFormatException(file, node.describe() + ": " + e.getMessage(), e);
            }
            for (int k = 0; k < node.outputs().size(); k++) {
                String name = node.outputs().get(k);
                if (!name.isEmpty()) {
                    if (k >= outputs.size() || outputs.get(k) == null) {
                        throw new FileFormatException(file, node.describe() + ": output " + k + " is not made");
                    }
                    values.put(name, outputs.get(k));
                }
            }
        }
        Map<String, Tensor> result = new LinkedHashMap<>();
        for (String name : outputNames()) {
            OnnxValue v = values.get(name);
            result.put(name, v.isFloat() ? v.toTensor() : Tensor.of(toFloats(v), v.shape()));
        }
        return result;
    }

    private static float[] toFloats(OnnxValue v) {
        float[] out = new float[v.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = v.ints()[i];
        }
        return out;
    }

    /** A feed checked against the input's declared rank and fixed dimensions, converted to its element kind. */
    private OnnxValue fed(Input in, Tensor t) {
        ValueInfoProto info = graph.getInputList().stream().filter(v -> v.getName().equals(in.name()))
                .findFirst().orElseThrow();
        if (info.getType().hasTensorType() && info.getType().getTensorType().hasShape()) {
            TensorShapeProto shape = info.getType().getTensorType().getShape();
            boolean fits = shape.getDimCount() == t.rank();
            for (int i = 0; fits && i < t.rank(); i++) {
                TensorShapeProto.Dimension d = shape.getDim(i);
                fits = !d.hasDimValue() || d.getDimValue() == t.dim(i);
            }
            if (!fits) {
                throw new IllegalArgumentException(file + ": input '" + in.name() + "' has shape " + in.shape()
                        + ", got " + t.shapeString());
            }
        }
        if (in.isFloat()) {
            return OnnxValue.of(t);
        }
        float[] v = t.toArray();
        long[] ints = new long[v.length];
        for (int i = 0; i < v.length; i++) {
            ints[i] = (long) v[i];
        }
        return OnnxValue.ofInts(ints, t.shape());
    }

    private static boolean isFloat(TypeProto type) {
        int elem = type.getTensorType().getElemType();
        return elem == TensorProto.DataType.FLOAT_VALUE || elem == TensorProto.DataType.DOUBLE_VALUE;
    }

    /** "(batch, time, 3)": fixed sizes as numbers, symbolic ones by name, unknown ones as "?". */
    private static String shapeOf(TypeProto type) {
        if (!type.getTensorType().hasShape()) {
            return "(any shape)";
        }
        List<String> dims = new ArrayList<>();
        for (TensorShapeProto.Dimension d : type.getTensorType().getShape().getDimList()) {
            dims.add(d.hasDimValue() ? String.valueOf(d.getDimValue()) : d.hasDimParam() ? d.getDimParam() : "?");
        }
        return "(" + String.join(", ", dims) + ")";
    }

    /** The value an initializer or a Constant node gives a name, or null when it is computed from the inputs. */
    OnnxValue constantValue(String name) {
        OnnxValue v = initializers.get(name);
        if (v != null) {
            return v;
        }
        for (OnnxNode node : nodes) {
            if (node.opType().equals("Constant") && node.outputs().contains(name)) {
                return ValueOps.constant(node);
            }
        }
        return null;
    }

    List<OnnxNode> nodes() {
        return nodes;
    }

    GraphProto graph() {
        return graph;
    }

    static String format(int[] shape) {
        return Shapes.format(shape);
    }

    @Override
    public String toString() {
        return file + " " + Arrays.toString(opTypes().toArray());
    }
}
