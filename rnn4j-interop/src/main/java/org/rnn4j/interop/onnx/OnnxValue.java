package org.rnn4j.interop.onnx;

import java.util.Arrays;
import org.rnn4j.tensor.Shapes;
import org.rnn4j.tensor.Tensor;

/**
 * A value flowing through an ONNX graph: a float32 array (the data) or an integer array (shapes, indices, axes,
 * lengths), each with its shape, row-major. The glue around recurrent nodes moves small shape vectors and reorders
 * elements; it never needs a third element type, and int32 and int64 share the integer kind (every value that the
 * supported ops compute fits either).
 *
 * <p>Values are immutable: an op makes a new one.
 */
final class OnnxValue {
    private final int[] shape;
    private final float[] floats;  // null for an integer value
    private final long[] ints;     // null for a float value

    private OnnxValue(int[] shape, float[] floats, long[] ints) {
        this.shape = shape.clone();
        this.floats = floats;
        this.ints = ints;
        int expected = elementCount(shape);
        int actual = floats != null ? floats.length : ints.length;
        if (expected != actual) {
            throw new IllegalArgumentException("shape " + Shapes.format(shape) + " holds " + expected
                    + " elements, got " + actual);
        }
    }

    static OnnxValue ofFloats(float[] values, int... shape) {
        return new OnnxValue(shape, values, null);
    }

    static OnnxValue ofInts(long[] values, int... shape) {
        return new OnnxValue(shape, null, values);
    }

    static OnnxValue of(Tensor tensor) {
        return ofFloats(tensor.toArray(), tensor.shape());
    }

    /** A 1-D integer value, e.g. a shape. */
    static OnnxValue vector(long... values) {
        return ofInts(values, values.length);
    }

    boolean isFloat() {
        return floats != null;
    }

    int[] shape() {
        return shape.clone();
    }

    int rank() {
        return shape.length;
    }

    int dim(int axis) {
        return shape[axis];
    }

    int size() {
        return floats != null ? floats.length : ints.length;
    }

    /** The float data (not a copy: callers must not change it). */
    float[] floats() {
        if (floats == null) {
            throw new IllegalStateException("an integer value has no float data");
        }
        return floats;
    }

    /** The integer data (not a copy: callers must not change it). */
    long[] ints() {
        if (ints == null) {
            throw new IllegalStateException("a float value has no integer data");
        }
        return ints;
    }

    Tensor toTensor() {
        return Tensor.of(floats(), shape);
    }

    /** The same data under another shape with as many elements. */
    OnnxValue reshaped(int... newShape) {
        return new OnnxValue(newShape, floats, ints);
    }

    /** A new value of the same kind: {@code out[i] = this[source[i]]} (flat row-major indices). */
    OnnxValue pick(int[] newShape, int[] source) {
        if (floats != null) {
            float[] out = new float[source.length];
            for (int i = 0; i < out.length; i++) {
                out[i] = floats[source[i]];
            }
            return ofFloats(out, newShape);
        }
        long[] out = new long[source.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = ints[source[i]];
        }
        return ofInts(out, newShape);
    }

    /** Element i as a double, whatever the kind. */
    double number(int i) {
        return floats != null ? floats[i] : ints[i];
    }

    String shapeString() {
        return Shapes.format(shape);
    }

    static int elementCount(int[] shape) {
        long n = 1;
        for (int d : shape) {
            n *= d;
            if (n > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("shape " + Shapes.format(shape) + " is too large");
            }
        }
        return (int) n;
    }

    /** Row-major strides of a shape. */
    static int[] strides(int[] shape) {
        int[] s = new int[shape.length];
        int stride = 1;
        for (int i = shape.length - 1; i >= 0; i--) {
            s[i] = stride;
            stride *= shape[i];
        }
        return s;
    }

    @Override
    public String toString() {
        return (isFloat() ? "float" : "int") + shapeString() + (size() <= 8
                ? " " + (isFloat() ? Arrays.toString(floats) : Arrays.toString(ints)) : "");
    }
}
