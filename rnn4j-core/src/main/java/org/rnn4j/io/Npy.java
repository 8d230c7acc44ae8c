package org.rnn4j.io;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.rnn4j.tensor.Shapes;
import org.rnn4j.tensor.Tensor;

/**
 * Reads and writes NumPy's {@code .npy} files (format versions 1.0, 2.0 and 3.0), so that arrays move between
 * rnn4j and Python without either side executing code ({@code allow_pickle} is never needed).
 *
 * <p>Layout: the magic {@code \x93NUMPY}; a major and minor version byte; the header length, little-endian
 * (2 bytes in version 1.0, 4 bytes in 2.0 and 3.0); the header, a Python dict literal such as
 * {@code {'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }} padded with spaces and ending in
 * {@code '\n'} so that the data starts at a multiple of 64 bytes; then the data.
 *
 * @see <a href="https://numpy.org/doc/stable/reference/generated/numpy.lib.format.html">numpy.lib.format</a>
 */
public final class Npy {
    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final int ARRAY_ALIGN = 64;
    /** NumPy leaves room in the header for the first dimension to grow to this many digits in place. */
    private static final int GROWTH_AXIS_MAX_DIGITS = 21;
    /** Real headers are about 128 bytes; a larger length means a corrupt or hostile file. */
    public static final int MAX_HEADER_BYTES = 1 << 20;
    private static final Set<String> HEADER_KEYS = Set.of("descr", "fortran_order", "shape");
    private static final String FLOAT32 = "<f4";

    private Npy() {
    }

    /** The header: dtype, memory order and shape, without reading the data. */
    public static NpyHeader readHeader(Path file) {
        return withReader(file, in -> layout(file, in).header());
    }

    /**
     * The array as a tensor of the same shape. The file must hold little-endian float32 ({@code '<f4'}) in C
     * order; anything else is refused rather than silently converted.
     */
    public static Tensor readFloat32(Path file) {
        return withReader(file, in -> {
            Layout layout = layout(file, in);
            NpyHeader header = layout.header();
            if (!FLOAT32.equals(littleEndian(header.dtype()))) {
                throw new FileFormatException(file, "dtype '" + header.dtype()
                        + "' is not supported; expected float32 ('<f4'), e.g. save a.astype(np.float32)");
            }
            checkCOrder(file, header);
            if (header.elementCount() > Integer.MAX_VALUE / Float.BYTES) {
                throw new FileFormatException(file, "shape " + Shapes.format(header.shape())
                        + " is larger than the 2 GiB a Tensor can hold");
            }
            checkDataLength(file, layout, Float.BYTES);
            Tensor tensor = Tensor.zeros(header.shape());
            in.readFloats(layout.dataOffset(), tensor, "the array data");
            return tensor;
        });
    }

    /**
     * The values of a 1-D integer array: int32 ({@code '<i4'}), int64 ({@code '<i8'}, each value must fit in an
     * int) or float32 holding whole numbers ({@code '<f4'}), e.g. token ids or class labels.
     */
    public static int[] readInts(Path file) {
        return readIntArray(file, true).values();
    }

    /** An integer array of any shape, its values in C order. */
    public record IntArray(int[] shape, int[] values) {
    }

    /**
     * An integer array of any shape (e.g. token ids (B, T)), of the dtypes {@link #readInts} reads.
     */
    public static IntArray readIntArray(Path file) {
        return readIntArray(file, false);
    }

    /** The dtype, then (for a list) the rank, then the values: each refused before the next is read. */
    private static IntArray readIntArray(Path file, boolean oneDimensional) {
        return withReader(file, in -> {
            Layout layout = layout(file, in);
            NpyHeader header = layout.header();
            String dtype = littleEndian(header.dtype());
            if (!List.of("<i4", "<i8", FLOAT32).contains(dtype)) {
                throw new FileFormatException(file, "dtype '" + header.dtype() + "' is not supported; expected "
                        + "int32 ('<i4'), int64 ('<i8') or whole numbers in float32 ('<f4')");
            }
            if (oneDimensional && header.shape().length != 1) {
                throw new FileFormatException(file, "expected a 1-D array, got shape " + Shapes.format(header.shape()));
            }
            checkCOrder(file, header);
            if (header.elementCount() > Integer.MAX_VALUE / Long.BYTES) {
                throw new FileFormatException(file, "shape " + Shapes.format(header.shape()) + " is too large");
            }
            int elementBytes = dtype.equals("<i8") ? Long.BYTES : Integer.BYTES;
            checkDataLength(file, layout, elementBytes);
            int[] values = new int[(int) header.elementCount()];
            in.readElements(layout.dataOffset(), values.length, elementBytes, "the array data", (chunk, first, n) -> {
                for (int i = 0; i < n; i++) {
                    int at = (int) first + i;
                    values[at] = switch (dtype) {
                        case "<i4" -> chunk.getInt(i * Integer.BYTES);
                        case "<i8" -> intValue(file, at, chunk.getLong(i * Long.BYTES));
                        default -> wholeNumber(file, at, chunk.getFloat(i * Float.BYTES));
                    };
                }
            });
            return new IntArray(header.shape(), values);
        });
    }

    /** Writes the tensor as little-endian float32 in C order, byte for byte as {@code np.save} would. */
    public static void write(Path file, Tensor tensor) {
        byte[] header = header(tensor.shape());
        AtomicFiles.write(file, out -> {
            out.write(header);
            LittleEndian.writeFloats(out, tensor);
        });
    }

    /**
     * Magic, version, length and header for a float32 C-order array, as NumPy's {@code _write_array_header}
     * builds them: keys sorted, room for the first dimension to grow, then spaces and {@code '\n'} up to a
     * multiple of 64 bytes. Version 1.0 unless the header needs more than its 2-byte length.
     */
    static byte[] header(int[] shape) {
        String dict = "{'descr': '" + FLOAT32 + "', 'fortran_order': False, 'shape': " + Shapes.format(shape) + ", }";
        if (shape.length > 0) {
            dict += " ".repeat(GROWTH_AXIS_MAX_DIGITS - Integer.toString(shape[0]).length());
        }
        byte[] text = dict.getBytes(StandardCharsets.US_ASCII);
        boolean version1 = paddedLength(text.length, 10) <= 0xffff;
        int prefix = version1 ? 10 : 12;
        int length = paddedLength(text.length, prefix);
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream(prefix + length);
            out.write(MAGIC);
            out.write(version1 ? 1 : 2);
            out.write(0);
            if (version1) {
                LittleEndian.writeShort(out, length);
            } else {
                LittleEndian.writeInt(out, length);
            }
            out.write(text);
            out.write(" ".repeat(length - text.length - 1).getBytes(StandardCharsets.US_ASCII));
            out.write('\n');
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a ByteArrayOutputStream does not fail
        }
    }

    /** Header length with padding and newline; like NumPy, adds a full 64 when the text alone would align. */
    private static int paddedLength(int textLength, int prefix) {
        int withNewline = textLength + 1;
        return withNewline + ARRAY_ALIGN - (prefix + withNewline) % ARRAY_ALIGN;
    }

    private record Layout(NpyHeader header, long dataOffset, long fileSize) {
    }

    private static Layout layout(Path file, ChannelReader in) throws IOException {
        long fileSize = in.size();
        ByteBuffer start = in.read(0, (int) Math.min(fileSize, MAGIC.length + 2), "the magic bytes");
        for (byte expected : MAGIC) {
            if (!start.hasRemaining() || start.get() != expected) {
                throw new FileFormatException(file, "not a NumPy .npy file: it does not start with the magic bytes"
                        + " \\x93NUMPY");
            }
        }
        if (!start.hasRemaining()) {
            throw new FileFormatException(file, "file ends inside the .npy header");
        }
        int major = start.get() & 0xff;
        int minor = start.hasRemaining() ? start.get() & 0xff : -1;
        if (major < 1 || major > 3 || minor != 0) {
            throw new FileFormatException(file, "unsupported .npy format version " + major + "." + minor
                    + " (supported: 1.0, 2.0, 3.0)");
        }
        int lengthBytes = major == 1 ? Short.BYTES : Integer.BYTES;
        long prefix = MAGIC.length + 2 + lengthBytes;
        if (fileSize < prefix) {
            throw new FileFormatException(file, "file ends inside the .npy header");
        }
        ByteBuffer lengthField = in.read(MAGIC.length + 2, lengthBytes, "the header length");
        long headerLength = major == 1 ? lengthField.getShort() & 0xffff : lengthField.getInt() & 0xffffffffL;
        if (headerLength > fileSize - prefix) {
            throw new FileFormatException(file, "header length " + headerLength + " exceeds file size " + fileSize
                    + " bytes");
        }
        if (headerLength > MAX_HEADER_BYTES) {
            throw new FileFormatException(file, "header length " + headerLength + " exceeds the limit of "
                    + MAX_HEADER_BYTES + " bytes");
        }
        ByteBuffer headerBytes = in.read(prefix, (int) headerLength, "the header");
        String text = decode(file, headerBytes, major);
        return new Layout(interpret(file, text), prefix + headerLength, fileSize);
    }

    /** Versions 1.0 and 2.0 store the header in Latin-1, version 3.0 in UTF-8. */
    private static String decode(Path file, ByteBuffer bytes, int major) {
        if (major < 3) {
            return StandardCharsets.ISO_8859_1.decode(bytes).toString();
        }
        try {
            CharBuffer chars = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(bytes);
            return chars.toString();
        } catch (CharacterCodingException e) {
            throw new FileFormatException(file, "header is not valid UTF-8", e);
        }
    }

    private static NpyHeader interpret(Path file, String text) {
        Object literal;
        try {
            literal = PythonLiteral.parse(text);
        } catch (PythonLiteral.SyntaxException e) {
            throw new FileFormatException(file, "header is not a valid Python literal (" + e.getMessage() + "): "
                    + excerpt(text), e);
        }
        if (!(literal instanceof Map<?, ?> dict)) {
            throw new FileFormatException(file, "header is not a Python dict: " + excerpt(text));
        }
        if (!dict.keySet().equals(HEADER_KEYS)) {
            throw new FileFormatException(file, "header must have exactly the keys 'descr', 'fortran_order' and "
                    + "'shape', found " + dict.keySet());
        }
        if (!(dict.get("descr") instanceof String dtype)) {
            throw new FileFormatException(file, "dtype " + dict.get("descr")
                    + " is a structured or invalid dtype; expected a simple type such as float32 ('<f4')");
        }
        if (!(dict.get("fortran_order") instanceof Boolean fortranOrder)) {
            throw new FileFormatException(file, "fortran_order must be True or False, got " + dict.get("fortran_order"));
        }
        return new NpyHeader(dtype, fortranOrder, shape(file, dict.get("shape")));
    }

    private static int[] shape(Path file, Object value) {
        if (!(value instanceof PythonLiteral.Tuple tuple)) {
            throw new FileFormatException(file, "shape must be a tuple of integers, got " + value);
        }
        int[] shape = new int[tuple.items().size()];
        for (int i = 0; i < shape.length; i++) {
            Object dim = tuple.items().get(i);
            if (!(dim instanceof Long d)) {
                throw new FileFormatException(file, "shape must be a tuple of integers, got " + tuple.items());
            }
            if (d < 0) {
                throw new FileFormatException(file, "shape " + tuple.items() + " has a negative dimension");
            }
            if (d > Integer.MAX_VALUE) {
                throw new FileFormatException(file, "dimension " + d + " of shape " + tuple.items() + " is too large");
            }
            shape[i] = d.intValue();
        }
        return shape;
    }

    /** In one dimension or none, Fortran and C order are the same layout. */
    private static void checkCOrder(Path file, NpyHeader header) {
        if (header.fortranOrder() && header.shape().length > 1) {
            throw new FileFormatException(file, "fortran_order is True (column-major data) for shape "
                    + Shapes.format(header.shape()) + "; expected C order, e.g. save np.ascontiguousarray(a)");
        }
    }

    /** NumPy ignores bytes after the array, and so do we; too few means the file was cut short. */
    private static void checkDataLength(Path file, Layout layout, int elementBytes) {
        long needed = layout.header().elementCount() * elementBytes;
        long available = layout.fileSize() - layout.dataOffset();
        if (available < needed) {
            throw new FileFormatException(file, "data is truncated: shape " + Shapes.format(layout.header().shape())
                    + " of '" + layout.header().dtype() + "' needs " + needed + " bytes after the header, the file holds "
                    + available);
        }
    }

    /** NumPy writes '<' for little-endian; '=' (native) is taken as little-endian, the order of every common CPU. */
    private static String littleEndian(String dtype) {
        return dtype.startsWith("=") ? "<" + dtype.substring(1) : dtype;
    }

    private static int intValue(Path file, int index, long value) {
        if (value < Integer.MIN_VALUE || value > Integer.MAX_VALUE) {
            throw new FileFormatException(file, "value " + value + " at index " + index + " does not fit in an int");
        }
        return (int) value;
    }

    private static int wholeNumber(Path file, int index, float value) {
        if (value != Math.rint(value) || Math.abs(value) > Integer.MAX_VALUE) {
            throw new FileFormatException(file, "value " + value + " at index " + index + " is not a whole number"
                    + " that fits in an int");
        }
        return (int) value;
    }

    /** At most 120 characters of the header (FileFormatException shows its control characters as escapes). */
    private static String excerpt(String text) {
        String trimmed = text.strip();
        return trimmed.length() <= 120 ? trimmed : trimmed.substring(0, 117) + "...";
    }

    @FunctionalInterface
    private interface ReadAction<T> {
        T apply(ChannelReader in) throws IOException;
    }

    private static <T> T withReader(Path file, ReadAction<T> action) {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            return action.apply(new ChannelReader(channel, file));
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + file + ": " + AtomicFiles.reason(e), e);
        }
    }
}
