package org.rnn4j.data;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;
import org.rnn4j.io.FileFormatException;
import org.rnn4j.tensor.Tensor;

/**
 * Reads the IDX format of LeCun's MNIST files: big-endian 32-bit header fields, then unsigned bytes.
 *
 * <ul>
 *   <li>images: magic {@code 0x00000803}, count, rows, cols, then count·rows·cols pixels, row-major;</li>
 *   <li>labels: magic {@code 0x00000801}, count, then one byte per label.</li>
 * </ul>
 *
 * A file whose name ends in {@code .gz} is gunzipped on the fly. A wrong magic number, a file shorter than its
 * header promises, or bytes left over after the data are a {@link FileFormatException} naming the file.
 */
public final class Idx {
    /** Magic number of an IDX file of unsigned bytes with 3 dimensions (images). */
    public static final int IMAGES_MAGIC = 0x00000803;
    /** Magic number of an IDX file of unsigned bytes with 1 dimension (labels). */
    public static final int LABELS_MAGIC = 0x00000801;

    private Idx() {
    }

    /**
     * Images read from an IDX file: {@code count} images of {@code rows × cols} unsigned bytes, row-major.
     *
     * @param pixels count·rows·cols bytes; read each with {@code Byte.toUnsignedInt}
     */
    public record Images(int count, int rows, int cols, byte[] pixels) {
        public Images {
            Objects.requireNonNull(pixels, "pixels");
            if (count < 0 || rows < 0 || cols < 0 || (long) count * rows * cols != pixels.length) {
                throw new IllegalArgumentException("expected " + count + "·" + rows + "·" + cols + " pixels, got "
                        + pixels.length);
            }
        }

        /** The same images, only the first {@code n} (or all when there are fewer). */
        public Images first(int n) {
            if (n >= count) {
                return this;
            }
            byte[] head = new byte[n * rows * cols];
            System.arraycopy(pixels, 0, head, 0, head.length);
            return new Images(n, rows, cols, head);
        }

        /** Pixel (row r, column c) of image i, 0..255. */
        public int pixel(int i, int r, int c) {
            return Byte.toUnsignedInt(pixels[(i * rows + r) * cols + c]);
        }

        /** The images at {@code indices} as a float batch (B, rows, cols), each pixel scaled from 0..255 to [0, 1]. */
        public Tensor batch(int[] indices) {
            int size = rows * cols;
            float[] values = new float[indices.length * size];
            for (int b = 0; b < indices.length; b++) {
                int i = indices[b];
                if (i < 0 || i >= count) {
                    throw new IndexOutOfBoundsException("image " + i + " of " + count);
                }
                for (int p = 0; p < size; p++) {
                    values[b * size + p] = Byte.toUnsignedInt(pixels[i * size + p]) / 255f;
                }
            }
            return Tensor.of(values, indices.length, rows, cols);
        }
    }

    /** Reads an images file (magic 0x00000803). */
    public static Images readImages(Path file) {
        try (DataInputStream in = open(file)) {
            readHeader(in, file, IMAGES_MAGIC, "IDX images");
            int count = readDimension(in, file, "image count");
            int rows = readDimension(in, file, "rows");
            int cols = readDimension(in, file, "cols");
            long size = (long) count * rows * cols;
            if (size > Integer.MAX_VALUE - 8) {
                throw new FileFormatException(file, count + " images of " + rows + "×" + cols
                        + " are more than one array can hold");
            }
            byte[] pixels = readData(in, file, (int) size, count + " images of " + rows + "×" + cols);
            return new Images(count, rows, cols, pixels);
        } catch (IOException e) {
            throw failure(file, e);
        }
    }

    /** Reads a labels file (magic 0x00000801); each label 0..255. */
    public static int[] readLabels(Path file) {
        try (DataInputStream in = open(file)) {
            readHeader(in, file, LABELS_MAGIC, "IDX labels");
            int count = readDimension(in, file, "label count");
            byte[] bytes = readData(in, file, count, count + " labels");
            int[] labels = new int[count];
            for (int i = 0; i < count; i++) {
                labels[i] = Byte.toUnsignedInt(bytes[i]);
            }
            return labels;
        } catch (IOException e) {
            throw failure(file, e);
        }
    }

    private static DataInputStream open(Path file) throws IOException {
        InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
        if (file.getFileName() != null && file.getFileName().toString().endsWith(".gz")) {
            try {
                raw = new BufferedInputStream(new GZIPInputStream(raw, 1 << 16), 1 << 16);
            } catch (IOException e) {
                raw.close();
                throw e;
            }
        }
        return new DataInputStream(raw);
    }

    private static void readHeader(DataInputStream in, Path file, int expected, String kind) throws IOException {
        int magic;
        try {
            magic = in.readInt();
        } catch (EOFException e) {
            throw new FileFormatException(file, "truncated: no 4-byte magic number (expected "
                    + hex(expected) + ", " + kind + ")");
        }
        if (magic != expected) {
            throw new FileFormatException(file, "expected magic " + hex(expected) + " (" + kind + "), got "
                    + hex(magic) + describe(magic));
        }
    }

    private static int readDimension(DataInputStream in, Path file, String what) throws IOException {
        int value;
        try {
            value = in.readInt();
        } catch (EOFException e) {
            throw new FileFormatException(file, "truncated header: no " + what);
        }
        if (value < 0) {
            throw new FileFormatException(file, what + " must not be negative, got " + value);
        }
        return value;
    }

    private static byte[] readData(DataInputStream in, Path file, int size, String what) throws IOException {
        byte[] data = new byte[size];
        int read = in.readNBytes(data, 0, size);
        if (read < size) {
            throw new FileFormatException(file, "truncated: the header promises " + what + " (" + size
                    + " bytes of data), but only " + read + " follow");
        }
        if (in.read() != -1) {
            throw new FileFormatException(file, "more bytes than the header's " + what + " (" + size
                    + " bytes of data): the count does not match the data");
        }
        return data;
    }

    private static RuntimeException failure(Path file, IOException e) {
        if (e instanceof ZipException || e instanceof EOFException) {
            return new FileFormatException(file, "truncated or corrupt gzip data: " + e.getMessage(), e);
        }
        return new UncheckedIOException(e);
    }

    private static String hex(int value) {
        return String.format("0x%08X", value);
    }

    private static String describe(int magic) {
        if (magic == IMAGES_MAGIC) {
            return " (IDX images)";
        }
        if (magic == LABELS_MAGIC) {
            return " (IDX labels)";
        }
        if ((magic >>> 16) == 0x1F8B) {
            return " (a gzip file: name it *.gz)";
        }
        return " (not an IDX file of unsigned bytes)";
    }
}
