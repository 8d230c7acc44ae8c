package org.rnn4j.io;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.rnn4j.tensor.Shapes;

/**
 * Turns the JSON header of a safetensors file into a {@link SafetensorsHeader}, checking everything that can be
 * checked without reading the data: types, dtypes, shapes, and that every tensor's byte range lies inside the
 * data region, has the size its shape needs, and overlaps no other.
 */
final class SafetensorsHeaderParser {
    static final String METADATA_KEY = "__metadata__";

    // Duplicate keys are rejected: with "last one wins" two tools could disagree on what a file holds.
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private final Path file;

    private SafetensorsHeaderParser(Path file) {
        this.file = file;
    }

    /**
     * @param json the header bytes (UTF-8 JSON, possibly padded with spaces)
     * @param dataOffset where the data region starts in the file
     * @param dataLength the size of the data region in bytes
     */
    static SafetensorsHeader parse(Path file, byte[] json, long dataOffset, long dataLength) {
        return new SafetensorsHeaderParser(file).parse(json, dataOffset, dataLength);
    }

    private SafetensorsHeader parse(byte[] json, long dataOffset, long dataLength) {
        JsonNode root = parseJson(json);
        Map<String, String> metadata = new LinkedHashMap<>();
        Map<String, SafetensorsHeader.Entry> tensors = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> field : root.properties()) {
            if (field.getKey().equals(METADATA_KEY)) {
                metadata = metadata(field.getValue());
            } else {
                tensors.put(field.getKey(), entry(field.getKey(), field.getValue(), dataLength));
            }
        }
        checkNoOverlap(tensors);
        return new SafetensorsHeader(tensors, metadata, dataOffset);
    }

    private JsonNode parseJson(byte[] json) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JacksonException e) {
            JsonLocation at = e.getLocation();
            String where = at == null ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")";
            throw new FileFormatException(file, "header is not valid JSON: " + e.getOriginalMessage() + where, e);
        } catch (IOException e) {
            throw new FileFormatException(file, "header could not be parsed: " + e.getMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new FileFormatException(file, "header is not a JSON object but " + describe(root));
        }
        return root;
    }

    private Map<String, String> metadata(JsonNode node) {
        Map<String, String> metadata = new LinkedHashMap<>();
        if (node.isNull()) {
            return metadata; // some writers emit "__metadata__": null for "no metadata"
        }
        if (!node.isObject()) {
            throw new FileFormatException(file, METADATA_KEY + " must be an object of strings, got " + describe(node));
        }
        for (Map.Entry<String, JsonNode> field : node.properties()) {
            if (!field.getValue().isTextual()) {
                throw new FileFormatException(file, METADATA_KEY + " must map strings to strings, but key '"
                        + field.getKey() + "' holds " + describe(field.getValue()));
            }
            metadata.put(field.getKey(), field.getValue().textValue());
        }
        return metadata;
    }

    private SafetensorsHeader.Entry entry(String name, JsonNode node, long dataLength) {
        if (!node.isObject()) {
            throw error(name, "expected an object with dtype, shape and data_offsets, got " + describe(node));
        }
        SafetensorsDtype dtype = dtype(name, required(name, node, "dtype"));
        int[] shape = shape(name, required(name, node, "shape"));
        long[] offsets = offsets(name, required(name, node, "data_offsets"));
        long begin = offsets[0];
        long end = offsets[1];
        String range = "data_offsets [" + begin + ", " + end + "]";
        if (end < begin) {
            throw error(name, range + " end before they begin");
        }
        if (end > dataLength) {
            throw error(name, range + " reach past the end of the data region (" + dataLength + " bytes)");
        }
        long needed = byteLength(name, shape, dtype);
        if (end - begin != needed) {
            throw error(name, range + " hold " + (end - begin) + " bytes, but " + dtype + " shape "
                    + Shapes.format(shape) + " needs " + needed);
        }
        return new SafetensorsHeader.Entry(name, dtype.name(), shape, begin, end);
    }

    private JsonNode required(String name, JsonNode entry, String key) {
        JsonNode value = entry.get(key);
        if (value == null) {
            throw error(name, "missing \"" + key + "\"");
        }
        return value;
    }

    private SafetensorsDtype dtype(String name, JsonNode node) {
        if (!node.isTextual()) {
            throw error(name, "\"dtype\" must be a string, got " + describe(node));
        }
        return SafetensorsDtype.named(node.textValue()).orElseThrow(() -> error(name,
                "unknown dtype \"" + node.textValue() + "\""));
    }

    private int[] shape(String name, JsonNode node) {
        if (!node.isArray()) {
            throw error(name, "\"shape\" must be an array of integers, got " + describe(node));
        }
        int[] shape = new int[node.size()];
        for (int i = 0; i < shape.length; i++) {
            JsonNode dim = node.get(i);
            if (!dim.isIntegralNumber()) {
                throw error(name, "\"shape\" must be an array of integers, got " + describe(node));
            }
            if (dim.canConvertToLong() && dim.longValue() < 0) {
                throw error(name, "shape " + node + " has a negative dimension");
            }
            if (!dim.canConvertToInt()) {
                throw error(name, "dimension " + dim + " of shape " + node + " is too large");
            }
            shape[i] = dim.intValue();
        }
        return shape;
    }

    private long[] offsets(String name, JsonNode node) {
        String expected = "\"data_offsets\" must be [begin, end], two non-negative integers, got ";
        if (!node.isArray() || node.size() != 2) {
            throw error(name, expected + describe(node));
        }
        long[] offsets = new long[2];
        for (int i = 0; i < 2; i++) {
            JsonNode value = node.get(i);
            if (!value.isIntegralNumber() || !value.canConvertToLong() || value.longValue() < 0) {
                throw error(name, expected + describe(node));
            }
            offsets[i] = value.longValue();
        }
        return offsets;
    }

    private long byteLength(String name, int[] shape, SafetensorsDtype dtype) {
        try {
            long n = dtype.bytes;
            for (int d : shape) {
                n = Math.multiplyExact(n, d);
            }
            return n;
        } catch (ArithmeticException e) {
            throw error(name, "shape " + Shapes.format(shape) + " is too large to address");
        }
    }

    /** Sorted by start, each tensor must begin at or after the end of the one before. */
    private void checkNoOverlap(Map<String, SafetensorsHeader.Entry> tensors) {
        List<SafetensorsHeader.Entry> byStart = new ArrayList<>(tensors.values());
        byStart.removeIf(e -> e.begin() == e.end()); // an empty range overlaps nothing
        byStart.sort(Comparator.comparingLong(SafetensorsHeader.Entry::begin)
                .thenComparingLong(SafetensorsHeader.Entry::end));
        for (int i = 1; i < byStart.size(); i++) {
            SafetensorsHeader.Entry previous = byStart.get(i - 1);
            SafetensorsHeader.Entry current = byStart.get(i);
            if (current.begin() < previous.end()) {
                throw error(current.name(), "data_offsets [" + current.begin() + ", " + current.end()
                        + "] overlap tensor '" + previous.name() + "' at [" + previous.begin() + ", "
                        + previous.end() + "]");
            }
        }
    }

    private FileFormatException error(String tensor, String problem) {
        return FileFormatException.forTensor(file, tensor, problem);
    }

    /** A short description of a JSON value for messages: its text, cut if long. */
    private static String describe(JsonNode node) {
        if (node == null || node.isMissingNode()) {
            return "nothing";
        }
        String text = node.toString();
        return text.length() <= 60 ? text : text.substring(0, 57) + "...";
    }
}
