package org.rnn4j.serve;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Arrays;
import org.rnn4j.tensor.Tensor;

/**
 * One tensor of an Open Inference Protocol request or response: {@code {"name", "datatype", "shape", "data"}}, the
 * data in row-major order, flat or nested as the shape (both are allowed by the protocol).
 *
 * <p>Values are kept as doubles while checked: every FP32 value must be finite as a float32 (1e39 is not), every
 * INT32/INT64 value a whole number in its type's range.
 *
 * @param where "inputs[0]", for messages
 */
record InferTensor(String name, String datatype, int[] shape, double[] values, String where) {
    static final long MAX_ELEMENTS = 1L << 26;

    /** Reads {@code inputs[index]} of a request, checking its fields, its shape against its data, and each value. */
    static InferTensor read(JsonNode node, int index) {
        String where = "inputs[" + index + "]";
        if (!node.isObject()) {
            throw ApiException.badRequest(where + ": expected an object {\"name\", \"shape\", \"datatype\", \"data\"},"
                    + " got " + Json.kind(node));
        }
        String name = field(node, "name", where);
        String datatype = field(node, "datatype", where);
        if (!datatype.equals("FP32") && !datatype.equals("INT32") && !datatype.equals("INT64")) {
            throw ApiException.badRequest(where + ".datatype: " + datatype + " is not read here; expected FP32, INT32"
                    + " or INT64");
        }
        JsonNode shapeNode = node.get("shape");
        if (shapeNode == null || !shapeNode.isArray()) {
            throw ApiException.badRequest(where + ".shape: expected an array of sizes, got " + Json.kind(shapeNode));
        }
        int[] shape = new int[shapeNode.size()];
        long count = 1;
        for (int i = 0; i < shape.length; i++) {
            JsonNode d = shapeNode.get(i);
            if (!d.isIntegralNumber() || d.asLong() < 0 || d.asLong() > Integer.MAX_VALUE) {
                throw ApiException.badRequest(where + ".shape[" + i + "]: expected a size of 0 or more, got "
                        + Json.kind(d));
            }
            shape[i] = d.asInt();
            count *= shape[i];
            if (count > MAX_ELEMENTS) {
                throw ApiException.badRequest(where + ".shape: " + Arrays.toString(shape) + " holds more than "
                        + MAX_ELEMENTS + " values");
            }
        }
        JsonNode data = node.get("data");
        if (data == null || !data.isArray()) {
            throw ApiException.badRequest(where + ".data: expected an array of values, got " + Json.kind(data));
        }
        double[] values = new double[(int) count];
        int filled = flatten(data, values, 0, datatype, where + ".data", count);
        if (filled != count) {
            throw ApiException.badRequest(where + ".data: holds " + filled + " values, but shape "
                    + Arrays.toString(shape) + " needs " + count);
        }
        return new InferTensor(name, datatype, shape, values, where);
    }

    private static String field(JsonNode node, String field, String where) {
        JsonNode v = node.get(field);
        if (v == null || !v.isTextual()) {
            throw ApiException.badRequest(where + "." + field + ": expected a string, got " + Json.kind(v));
        }
        return v.asText();
    }

    /** Copies the numbers of a (possibly nested) array into {@code into} from {@code at}; returns the new end. */
    private static int flatten(JsonNode array, double[] into, int at, String datatype, String where, long count) {
        for (JsonNode x : array) {
            if (x.isArray()) {
                at = flatten(x, into, at, datatype, where, count);
                continue;
            }
            if (at >= count) {
                return at + 1 + countValues(array); // too many: the caller reports it; a rough count is enough
            }
            into[at] = value(x, datatype, where + "[" + at + "]");
            at++;
        }
        return at;
    }

    private static int countValues(JsonNode array) {
        int n = 0;
        for (JsonNode x : array) {
            n += x.isArray() ? countValues(x) : 1;
        }
        return n;
    }

    private static double value(JsonNode x, String datatype, String where) {
        if (!x.isNumber()) {
            throw ApiException.badRequest(where + ": expected a number, got " + Json.kind(x));
        }
        if (datatype.equals("FP32")) {
            float f = (float) x.asDouble();
            if (!Float.isFinite(f)) {
                throw ApiException.badRequest(where + ": " + x.asText() + " is not a finite float32; NaN and"
                        + " infinite values are refused (clean or impute the data first)");
            }
            return f;
        }
        long max = datatype.equals("INT32") ? Integer.MAX_VALUE : Long.MAX_VALUE;
        if (!x.isIntegralNumber() || !x.canConvertToLong() || Math.abs(x.asLong()) > max) {
            throw ApiException.badRequest(where + ": expected a whole number of " + datatype + ", got "
                    + Json.kind(x));
        }
        return x.asLong();
    }

    /** The values as a float tensor of this shape. */
    Tensor toTensor() {
        float[] f = new float[values.length];
        for (int i = 0; i < f.length; i++) {
            f[i] = (float) values[i];
        }
        return Tensor.of(f, shape);
    }

    /** Refuses another datatype than one of {@code allowed}, naming the input and what it is for. */
    InferTensor requireDatatype(String what, String... allowed) {
        if (!Arrays.asList(allowed).contains(datatype)) {
            throw ApiException.badRequest(where + " (" + name + "): datatype " + datatype + ", but " + what
                    + " takes " + String.join(" or ", allowed));
        }
        return this;
    }

    /** {"name", "datatype": "FP32", "shape", "data": flat, row-major} of a response. */
    static ObjectNode output(String name, Tensor t) {
        ObjectNode node = Json.MAPPER.createObjectNode();
        node.put("name", name).put("datatype", "FP32");
        ArrayNode shape = node.putArray("shape");
        for (int d : t.shape()) {
            shape.add(d);
        }
        ArrayNode data = node.putArray("data");
        for (float v : t.toArray()) {
            data.add(v);
        }
        return node;
    }
}
