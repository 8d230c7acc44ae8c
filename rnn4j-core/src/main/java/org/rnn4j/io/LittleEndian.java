package org.rnn4j.io;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import org.rnn4j.tensor.Tensor;

/** Writes little-endian numbers, the byte order of both safetensors and NumPy's {@code '<f4'}. */
final class LittleEndian {
    private static final int CHUNK_FLOATS = 1 << 14; // 64 KiB at a time: bounded memory for any tensor size

    private LittleEndian() {
    }

    static void writeLong(OutputStream out, long value) throws IOException {
        out.write(ByteBuffer.allocate(Long.BYTES).order(ByteOrder.LITTLE_ENDIAN).putLong(value).array());
    }

    static void writeInt(OutputStream out, int value) throws IOException {
        out.write(ByteBuffer.allocate(Integer.BYTES).order(ByteOrder.LITTLE_ENDIAN).putInt(value).array());
    }

    static void writeShort(OutputStream out, int value) throws IOException {
        out.write(ByteBuffer.allocate(Short.BYTES).order(ByteOrder.LITTLE_ENDIAN).putShort((short) value).array());
    }

    /** The tensor's elements in row-major order, four little-endian bytes each. */
    static void writeFloats(OutputStream out, Tensor tensor) throws IOException {
        ByteBuffer bytes = ByteBuffer.allocate(CHUNK_FLOATS * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        FloatBuffer floats = bytes.asFloatBuffer(); // a little-endian view: the bulk copy below swaps bytes if needed
        for (int done = 0, n = tensor.size(); done < n; ) {
            int count = Math.min(CHUNK_FLOATS, n - done);
            tensor.writeTo(done, floats, count);
            out.write(bytes.array(), 0, count * Float.BYTES);
            done += count;
        }
    }
}
