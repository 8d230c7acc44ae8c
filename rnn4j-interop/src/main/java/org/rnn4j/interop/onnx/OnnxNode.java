package org.rnn4j.interop.onnx;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.rnn4j.interop.onnx.proto.Onnx.AttributeProto;
import org.rnn4j.interop.onnx.proto.Onnx.NodeProto;

/** One node of a graph with typed access to its attributes; every message it makes names the node. */
final class OnnxNode {
    private final NodeProto proto;
    private final int index;
    private final int opset;

    OnnxNode(NodeProto proto, int index, int opset) {
        this.proto = proto;
        this.index = index;
        this.opset = opset;
    }

    String opType() {
        return proto.getOpType();
    }

    /** The default ONNX domain's opset the graph imports: some ops moved attributes to inputs (Squeeze at 13). */
    int opset() {
        return opset;
    }

    /** "node 'LSTM_3' (LSTM)", or "node 4 (LSTM)" for a node without a name. */
    String describe() {
        return "node " + (proto.getName().isEmpty() ? String.valueOf(index) : "'" + proto.getName() + "'")
                + " (" + proto.getOpType() + ")";
    }

    OnnxException problem(String what) {
        return new OnnxException(describe() + ": " + what);
    }

    /** Input names; an optional input left out is "" (or beyond the end). */
    List<String> inputs() {
        return proto.getInputList();
    }

    List<String> outputs() {
        return proto.getOutputList();
    }

    boolean hasInput(int slot) {
        return slot < proto.getInputCount() && !proto.getInput(slot).isEmpty();
    }

    boolean has(String attribute) {
        return find(attribute) != null;
    }

    /** Refuses every attribute not in {@code known}: an option this reader does not know must not be ignored. */
    void allowOnly(Set<String> known) {
        for (AttributeProto a : proto.getAttributeList()) {
            if (!known.contains(a.getName())) {
                throw problem("attribute " + a.getName() + " is not supported");
            }
        }
    }

    long intAttribute(String name, long fallback) {
        AttributeProto a = find(name);
        return a == null ? fallback : a.getI();
    }

    float floatAttribute(String name, float fallback) {
        AttributeProto a = find(name);
        return a == null ? fallback : a.getF();
    }

    String stringAttribute(String name, String fallback) {
        AttributeProto a = find(name);
        return a == null ? fallback : a.getS().toStringUtf8();
    }

    /** The ints of a list attribute, or null when the node has none. */
    long[] intsAttribute(String name) {
        AttributeProto a = find(name);
        if (a == null) {
            return null;
        }
        long[] v = new long[a.getIntsCount()];
        for (int i = 0; i < v.length; i++) {
            v[i] = a.getInts(i);
        }
        return v;
    }

    /** The floats of a list attribute, or null when the node has none. */
    float[] floatsAttribute(String name) {
        AttributeProto a = find(name);
        if (a == null) {
            return null;
        }
        float[] v = new float[a.getFloatsCount()];
        for (int i = 0; i < v.length; i++) {
            v[i] = a.getFloats(i);
        }
        return v;
    }

    /** The strings of a list attribute, lower-cased, or null when the node has none. */
    List<String> stringsAttribute(String name) {
        AttributeProto a = find(name);
        if (a == null) {
            return null;
        }
        List<String> out = new ArrayList<>();
        a.getStringsList().forEach(s -> out.add(s.toStringUtf8()));
        return out;
    }

    AttributeProto attribute(String name) {
        return find(name);
    }

    private AttributeProto find(String name) {
        for (AttributeProto a : proto.getAttributeList()) {
            if (a.getName().equals(name)) {
                return a;
            }
        }
        return null;
    }

    /** An axis in [-rank, rank) made non-negative. */
    int axis(long axis, int rank, String what) {
        if (axis < -rank || axis >= rank) {
            throw problem(what + " " + axis + " is out of range for rank " + rank);
        }
        return (int) (axis < 0 ? axis + rank : axis);
    }

    static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }
}
