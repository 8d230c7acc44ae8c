package org.rnn4j.interop.onnx;

import org.rnn4j.interop.onnx.proto.Onnx.AttributeProto;
import org.rnn4j.interop.onnx.proto.Onnx.TensorProto.DataType;

/** The ops that make values: Constant, ConstantOfShape, Range, and Cast between floats and integers (and booleans). */
final class ValueOps {
    private ValueOps() {
    }

    /** The value of the node's one value attribute: a tensor, or value_float(s) / value_int(s). */
    static OnnxValue constant(OnnxNode node) {
        AttributeProto a;
        if ((a = node.attribute("value")) != null) {
            return OnnxTensors.read(a.getT(), node.describe() + " value");
        }
        if ((a = node.attribute("value_float")) != null) {
            return OnnxValue.ofFloats(new float[] {a.getF()});
        }
        if ((a = node.attribute("value_floats")) != null) {
            float[] v = new float[a.getFloatsCount()];
            for (int i = 0; i < v.length; i++) {
                v[i] = a.getFloats(i);
            }
            return OnnxValue.ofFloats(v, v.length);
        }
        if ((a = node.attribute("value_int")) != null) {
            return OnnxValue.ofInts(new long[] {a.getI()});
        }
        if ((a = node.attribute("value_ints")) != null) {
            return OnnxValue.vector(node.intsAttribute("value_ints"));
        }
        throw node.problem("has no value, value_float(s) or value_int(s) attribute (sparse and string constants"
                + " are not supported)");
    }

    /** A tensor of the given shape filled with the value attribute's one element (float 0 by default). */
    static OnnxValue constantOfShape(OnnxNode node, OnnxValue shapeInput) {
        long[] dims = shapeInput.ints();
        int[] shape = new int[dims.length];
        for (int i = 0; i < dims.length; i++) {
            if (dims[i] < 0 || dims[i] > Integer.MAX_VALUE) {
                throw node.problem("shape has dimension " + dims[i]);
            }
            shape[i] = (int) dims[i];
        }
        int n = OnnxValue.elementCount(shape);
        AttributeProto a = node.attribute("value");
        OnnxValue fill = a == null ? OnnxValue.ofFloats(new float[] {0f}, 1)
                : OnnxTensors.read(a.getT(), node.describe() + " value");
        if (fill.size() != 1) {
            throw node.problem("value must hold one element, got " + fill.shapeString());
        }
        if (fill.isFloat()) {
            float[] v = new float[n];
            java.util.Arrays.fill(v, fill.floats()[0]);
            return OnnxValue.ofFloats(v, shape);
        }
        long[] v = new long[n];
        java.util.Arrays.fill(v, fill.ints()[0]);
        return OnnxValue.ofInts(v, shape);
    }

    /** To a float or integer type: a float becomes an integer by truncation toward zero, as the spec says. */
    static OnnxValue cast(OnnxNode node, OnnxValue x) {
        DataType to = DataType.forNumber((int) node.intAttribute("to", -1));
        boolean toFloat = switch (to == null ? DataType.UNDEFINED : to) {
            case FLOAT, DOUBLE, FLOAT16, BFLOAT16 -> true;
            case INT64, INT32, INT16, INT8, UINT8, UINT16, UINT32, UINT64, BOOL -> false;
            default -> throw node.problem("a cast to " + to + " is not supported");
        };
        if (toFloat) {
            if (x.isFloat()) {
                return x;
            }
            float[] v = new float[x.size()];
            for (int i = 0; i < v.length; i++) {
                v[i] = x.ints()[i];
            }
            return OnnxValue.ofFloats(v, x.shape());
        }
        if (!x.isFloat()) {
            return x;
        }
        long[] v = new long[x.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = (long) x.floats()[i];
        }
        return OnnxValue.ofInts(v, x.shape());
    }

    /** start, start + delta, … below limit (above it for a negative delta): ⌈(limit − start) / delta⌉ elements. */
    static OnnxValue range(OnnxNode node, OnnxValue start, OnnxValue limit, OnnxValue delta) {
        if (start.size() != 1 || limit.size() != 1 || delta.size() != 1
                || start.isFloat() != limit.isFloat() || start.isFloat() != delta.isFloat()) {
            throw node.problem("start, limit and delta must be scalars of one type");
        }
        double from = start.number(0);
        double step = delta.number(0);
        if (step == 0) {
            throw node.problem("delta is 0");
        }
        int n = (int) Math.max(0, Math.ceil((limit.number(0) - from) / step));
        if (start.isFloat()) {
            float[] v = new float[n];
            for (int i = 0; i < n; i++) {
                v[i] = (float) (from + i * step);
            }
            return OnnxValue.ofFloats(v, n);
        }
        long[] v = new long[n];
        for (int i = 0; i < n; i++) {
            v[i] = (long) from + i * (long) step;
        }
        return OnnxValue.ofInts(v, n);
    }
}
