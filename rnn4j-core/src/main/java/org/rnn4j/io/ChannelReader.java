package org.rnn4j.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import org.rnn4j.tensor.Tensor;

/**
 * Reads exactly the bytes asked for from a file at given positions, little-endian.
 *
 * <p>Array data goes through one reused 1 MiB buffer, so reading a tensor never needs a second copy of it in
 * memory. A short read means the file shrank after its size was checked, and is reported as such.
 */
final class ChannelReader {
    static final int CHUNK_BYTES = 1 << 20; // a multiple of every element size (1, 2, 4, 8 bytes)

    private final FileChannel channel;
    private final Path file;
    private ByteBuffer chunk;

    ChannelReader(FileChannel channel, Path file) {
        this.channel = channel;
        this.file = file;
    }

    long size() throws IOException {
        return channel.size();
    }

    /** {@code length} bytes from {@code position}, as a little-endian buffer ready to read. */
    ByteBuffer read(long position, int length, String what) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
        readFully(buffer, position, what);
        return buffer.flip();
    }

    /**
     * Passes {@code count} elements of {@code elementBytes} each, starting at {@code position}, to {@code decoder}
     * in chunks; the decoder is told the index of the chunk's first element.
     */
    void readElements(long position, long count, int elementBytes, String what, ChunkDecoder decoder) throws IOException {
        if (chunk == null) {
            chunk = ByteBuffer.allocateDirect(CHUNK_BYTES).order(ByteOrder.LITTLE_ENDIAN);
        }
        int perChunk = CHUNK_BYTES / elementBytes;
        for (long done = 0; done < count; ) {
            int n = (int) Math.min(perChunk, count - done);
            chunk.clear().limit(n * elementBytes);
            readFully(chunk, position + done * elementBytes, what);
            chunk.flip();
            decoder.decode(chunk, done, n);
            done += n;
        }
    }

    /** Fills {@code into} with little-endian float32 values starting at {@code position}. */
    void readFloats(long position, Tensor into, String what) throws IOException {
        readElements(position, into.size(), Float.BYTES, what,
                (bytes, first, n) -> into.readFrom((int) first, bytes.asFloatBuffer(), n));
    }

    private void readFully(ByteBuffer buffer, long position, String what) throws IOException {
        long at = position;
        while (buffer.hasRemaining()) {
            int n = channel.read(buffer, at);
            if (n < 0) {
                throw new FileFormatException(file, "file ended at byte " + at + " while reading " + what
                        + " (was it truncated or changed while being read?)");
            }
            at += n;
        }
    }

    /** Converts one chunk of raw little-endian elements. */
    @FunctionalInterface
    interface ChunkDecoder {
        void decode(ByteBuffer chunk, long firstElement, int count);
    }
}
