package org.rnn4j.io;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.rnn4j.tensor.Shapes;
import org.rnn4j.tensor.Tensor;

/**
 * Reads and writes the <a href="https://github.com/huggingface/safetensors">safetensors</a> format, the format of
 * rnn4j model files: unlike pickle-based formats, loading one executes no code.
 *
 * <p>Layout: an 8-byte little-endian unsigned header length N; N bytes of UTF-8 JSON mapping each tensor name to
 * {@code {"dtype": "F32", "shape": [2, 3], "data_offsets": [begin, end]}} (offsets relative to the data region),
 * plus an optional {@code "__metadata__"} object of strings; then the data region, little-endian, row-major.
 *
 * <p>Reading checks the whole header before allocating any tensor, and reads only the bytes it needs.
 * F32 is read as is; F64, F16 and BF16 are converted to float32; I32 and I64 are converted when exact.
 */
public final class Safetensors {
    /** Larger headers are refused: a corrupt length must not make us allocate gigabytes. */
    public static final long MAX_HEADER_BYTES = 100L << 20;
    /** Integers up to this magnitude are exactly representable in float32. */
    private static final long MAX_EXACT_INTEGER = 1L << 24;
    private static final ObjectMapper JSON = new ObjectMapper();

    private Safetensors() {
    }

    /** The header only: names, dtypes, shapes and metadata, without reading any tensor data. */
    public static SafetensorsHeader readHeader(Path file) {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            return readHeader(file, new ChannelReader(channel, file));
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + file + ": " + AtomicFiles.reason(e), e);
        }
    }

    /** Every tensor in the file as float32, in the order of the header, and the metadata. */
    public static SafetensorsFile read(Path file) {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            ChannelReader in = new ChannelReader(channel, file);
            SafetensorsHeader header = readHeader(file, in);
            header.tensors().values().forEach(entry -> checkReadable(file, entry));
            Map<String, Tensor> tensors = new LinkedHashMap<>();
            for (SafetensorsHeader.Entry entry : header.tensors().values()) {
                tensors.put(entry.name(), readTensor(file, in, header.dataOffset(), entry));
            }
            return new SafetensorsFile(tensors, header.metadata());
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + file + ": " + AtomicFiles.reason(e), e);
        }
    }

    /** Writes the tensors (as F32, in map order) and the metadata to {@code file}, atomically. */
    public static void write(Path file, Map<String, Tensor> tensors, Map<String, String> metadata) {
        byte[] header = headerJson(tensors, metadata);
        AtomicFiles.write(file, out -> {
            LittleEndian.writeLong(out, header.length);
            out.write(header);
            for (Tensor tensor : tensors.values()) {
                LittleEndian.writeFloats(out, tensor);
            }
        });
    }

    /** Writes the tensors with no metadata. */
    public static void write(Path file, Map<String, Tensor> tensors) {
        write(file, tensors, Map.of());
    }

    private static SafetensorsHeader readHeader(Path file, ChannelReader in) throws IOException {
        long fileSize = in.size();
        if (fileSize < Long.BYTES) {
            throw new FileFormatException(file, "file is " + fileSize
                    + " bytes, too short for the 8-byte header length that starts a safetensors file");
        }
        ByteBuffer start = in.read(0, Long.BYTES, "the header length");
        if (start.get(0) == (byte) 0x93 && start.get(1) == 'N' && start.get(2) == 'U' && start.get(3) == 'M') {
            throw new FileFormatException(file, "is a NumPy .npy file, not a safetensors model file");
        }
        long headerLength = start.getLong(0);
        // An unsigned 64-bit value: a "negative" long is a length above 2^63.
        if (headerLength < 0 || headerLength > fileSize - Long.BYTES) {
            throw new FileFormatException(file, "header length " + Long.toUnsignedString(headerLength)
                    + " exceeds file size " + fileSize + " bytes");
        }
        if (headerLength > MAX_HEADER_BYTES) {
            throw new FileFormatException(file, "header length " + headerLength + " exceeds the limit of "
                    + MAX_HEADER_BYTES + " bytes (100 MiB)");
        }
        ByteBuffer json = in.read(Long.BYTES, (int) headerLength, "the header");
        long dataOffset = Long.BYTES + headerLength;
        return SafetensorsHeaderParser.parse(file, json.array(), dataOffset, fileSize - dataOffset);
    }

    private static void checkReadable(Path file, SafetensorsHeader.Entry entry) {
        SafetensorsDtype dtype = SafetensorsDtype.valueOf(entry.dtype());
        if (!dtype.convertible) {
            throw FileFormatException.forTensor(file, entry.name(), "dtype " + dtype
                    + " cannot be read as float32 (supported: " + SafetensorsDtype.convertibleNames() + ")");
        }
        if (entry.elementCount() > Integer.MAX_VALUE / Float.BYTES) {
            throw FileFormatException.forTensor(file, entry.name(), "shape " + Shapes.format(entry.shape())
                    + " is larger than the 2 GiB a Tensor can hold");
        }
    }

    private static Tensor readTensor(Path file, ChannelReader in, long dataOffset, SafetensorsHeader.Entry entry)
            throws IOException {
        Tensor tensor = Tensor.zeros(entry.shape());
        SafetensorsDtype dtype = SafetensorsDtype.valueOf(entry.dtype());
        long position = dataOffset + entry.begin();
        String what = "tensor '" + entry.name() + "'";
        if (dtype == SafetensorsDtype.F32) {
            in.readFloats(position, tensor, what);
        } else {
            in.readElements(position, tensor.size(), dtype.bytes, what,
                    (chunk, first, count) -> convert(file, entry.name(), dtype, chunk, tensor, (int) first, count));
        }
        return tensor;
    }

    private static void convert(Path file, String name, SafetensorsDtype dtype, ByteBuffer chunk,
            Tensor target, int first, int count) {
        for (int i = 0; i < count; i++) {
            float value = switch (dtype) {
                case F64 -> checkedFloat(file, name, first + i, chunk.getDouble(i * Double.BYTES));
                case F16 -> HalfFloats.fromFloat16(chunk.getShort(i * Short.BYTES));
                case BF16 -> HalfFloats.fromBfloat16(chunk.getShort(i * Short.BYTES));
                case I32 -> exactFloat(file, name, first + i, chunk.getInt(i * Integer.BYTES));
                case I64 -> exactFloat(file, name, first + i, chunk.getLong(i * Long.BYTES));
                default -> throw new IllegalStateException("no conversion from " + dtype);
            };
            target.set(first + i, value);
        }
    }

    /** Rounding a double is expected; turning a finite value into infinity is not. */
    private static float checkedFloat(Path file, String name, long index, double value) {
        float f = (float) value;
        if (Float.isInfinite(f) && !Double.isInfinite(value)) {
            throw FileFormatException.forTensor(file, name, "value " + value + " at flat index " + index
                    + " is outside the float32 range");
        }
        return f;
    }

    private static float exactFloat(Path file, String name, long index, long value) {
        if (Math.abs(value) > MAX_EXACT_INTEGER || value == Long.MIN_VALUE) {
            throw FileFormatException.forTensor(file, name, "integer " + value + " at flat index " + index
                    + " cannot be converted to float32 exactly (only integers up to 2^24 = 16777216 in magnitude)");
        }
        return value;
    }

    /** The JSON header, padded with spaces to a multiple of 8 bytes so that the data region is aligned. */
    private static byte[] headerJson(Map<String, Tensor> tensors, Map<String, String> metadata) {
        ObjectNode root = JSON.createObjectNode();
        if (!metadata.isEmpty()) {
            ObjectNode meta = root.putObject(SafetensorsHeaderParser.METADATA_KEY);
            metadata.forEach((key, value) -> meta.put(requireText(key, "metadata key"),
                    requireText(value, "metadata value of '" + key + "'")));
        }
        long offset = 0;
        for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
            String name = requireText(e.getKey(), "tensor name");
            Tensor tensor = e.getValue();
            if (name.equals(SafetensorsHeaderParser.METADATA_KEY)) {
                throw new IllegalArgumentException("a tensor cannot be named " + name + ", the metadata key");
            }
            if (tensor == null) {
                throw new IllegalArgumentException("tensor '" + name + "' is null");
            }
            ObjectNode entry = root.putObject(name);
            entry.put("dtype", "F32");
            ArrayNode shape = entry.putArray("shape");
            Arrays.stream(tensor.shape()).forEach(shape::add);
            long end = offset + (long) Float.BYTES * tensor.size();
            entry.putArray("data_offsets").add(offset).add(end);
            offset = end;
        }
        byte[] json;
        try {
            json = JSON.writeValueAsBytes(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("could not serialise a safetensors header", e);
        }
        int padded = (json.length + 7) / 8 * 8;
        byte[] header = Arrays.copyOf(json, padded);
        Arrays.fill(header, json.length, padded, (byte) ' ');
        return header;
    }

    private static String requireText(String text, String what) {
        if (text == null) {
            throw new IllegalArgumentException(what + " is null");
        }
        return text;
    }
}
