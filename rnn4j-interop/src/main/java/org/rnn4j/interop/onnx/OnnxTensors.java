package org.rnn4j.interop.onnx;

import com.google.protobuf.ByteString;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.rnn4j.interop.onnx.proto.Onnx.TensorProto;
import org.rnn4j.interop.onnx.proto.Onnx.TensorProto.DataType;
import org.rnn4j.tensor.Shapes;

/**
 * {@link TensorProto} to {@link OnnxValue} and back. A tensor's data is either in the typed field of its type
 * ({@code float_data}, {@code int64_data}, …) or, as most writers do, little-endian in {@code raw_data}.
 */
final class OnnxTensors {
    private OnnxTensors() {
    }

    /**
     * @param what how a message names the tensor: "initializer 'W'"
     * @throws OnnxException for an element type other than float, double, int32, int64 or bool, external data, or
     *                       a data length that does not fit the dims
     */
    static OnnxValue read(TensorProto t, String what) {
        if (t.getDataLocation() == TensorProto.DataLocation.EXTERNAL) {
            throw new OnnxException(what + " keeps its data in an external file, which is not supported");
        }
        int[] shape = new int[t.getDimsCount()];
        for (int i = 0; i < shape.length; i++) {
            long d = t.getDims(i);
            if (d < 0 || d > Integer.MAX_VALUE) {
                throw new OnnxException(what + " has dimension " + d);
            }
            shape[i] = (int) d;
        }
        int n = OnnxValue.elementCount(shape);
        DataType type = DataType.forNumber(t.getDataType());
        if (type == null) {
            throw new OnnxException(what + " has unknown element type " + t.getDataType());
        }
        boolean raw = t.hasRawData();
        ByteBuffer bytes = t.getRawData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
        return switch (type) {
            case FLOAT -> {
                int count = raw ? bytes.remaining() / Float.BYTES : t.getFloatDataCount();
                checkCount(what, shape, n, count, raw && bytes.remaining() % Float.BYTES != 0);
                float[] v = new float[n];
                for (int i = 0; i < n; i++) {
                    v[i] = raw ? bytes.getFloat(i * Float.BYTES) : t.getFloatData(i);
                }
                yield OnnxValue.ofFloats(v, shape);
            }
            case DOUBLE -> {
                int count = raw ? bytes.remaining() / Double.BYTES : t.getDoubleDataCount();
                checkCount(what, shape, n, count, raw && bytes.remaining() % Double.BYTES != 0);
                float[] v = new float[n];
                for (int i = 0; i < n; i++) {
                    v[i] = (float) (raw ? bytes.getDouble(i * Double.BYTES) : t.getDoubleData(i));
                }
                yield OnnxValue.ofFloats(v, shape);
            }
            case INT64 -> {
                int count = raw ? bytes.remaining() / Long.BYTES : t.getInt64DataCount();
                checkCount(what, shape, n, count, raw && bytes.remaining() % Long.BYTES != 0);
                long[] v = new long[n];
                for (int i = 0; i < n; i++) {
                    v[i] = raw ? bytes.getLong(i * Long.BYTES) : t.getInt64Data(i);
                }
                yield OnnxValue.ofInts(v, shape);
            }
            case INT32, BOOL -> {
                int width = type == DataType.BOOL ? 1 : Integer.BYTES;
                int count = raw ? bytes.remaining() / width : t.getInt32DataCount();
                checkCount(what, shape, n, count, raw && bytes.remaining() % width != 0);
                long[] v = new long[n];
                for (int i = 0; i < n; i++) {
                    v[i] = raw ? (width == 1 ? bytes.get(i) : bytes.getInt(i * width)) : t.getInt32Data(i);
                }
                yield OnnxValue.ofInts(v, shape);
            }
            default -> throw new OnnxException(what + " has element type " + type
                    + ", which is not supported (float, double, int32, int64 and bool are)");
        };
    }

    private static void checkCount(String what, int[] shape, int expected, int actual, boolean ragged) {
        if (ragged || expected != actual) {
            throw new OnnxException(what + " holds " + actual + " values, but its dims " + Shapes.format(shape)
                    + " need " + expected);
        }
    }

    /** A float32 tensor with its data little-endian in raw_data, as ONNX writers store weights. */
    static TensorProto floats(String name, float[] values, int... shape) {
        ByteBuffer bytes = ByteBuffer.allocate(values.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) {
            bytes.putFloat(v);
        }
        return dims(TensorProto.newBuilder().setName(name).setDataType(DataType.FLOAT_VALUE), shape)
                .setRawData(ByteString.copyFrom(bytes.array())).build();
    }

    static TensorProto int64s(String name, long[] values, int... shape) {
        TensorProto.Builder b = dims(TensorProto.newBuilder().setName(name).setDataType(DataType.INT64_VALUE), shape);
        for (long v : values) {
            b.addInt64Data(v);
        }
        return b.build();
    }

    static TensorProto int32s(String name, int[] values, int... shape) {
        TensorProto.Builder b = dims(TensorProto.newBuilder().setName(name).setDataType(DataType.INT32_VALUE), shape);
        for (int v : values) {
            b.addInt32Data(v);
        }
        return b.build();
    }

    private static TensorProto.Builder dims(TensorProto.Builder b, int[] shape) {
        for (int d : shape) {
            b.addDims(d);
        }
        return b;
    }
}
