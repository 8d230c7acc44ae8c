package org.rnn4j.serve;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads request bodies and their fields, refusing what a client got wrong with a message that names the field: a
 * request is checked whole before any model runs.
 *
 * <p>The parser's limits are tighter than Jackson's defaults: a (B, T, F) tensor nests 4 deep, and nothing rnn4j
 * reads nests deeper than {@link #MAX_DEPTH}, so a body of 100 000 opening brackets (which costs a parser stack
 * frame each) is refused at the 33rd. Duplicate keys are an error, not "the last one wins".
 */
final class Json {
    static final int MAX_DEPTH = 32;
    static final ObjectMapper MAPPER = new ObjectMapper(JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH)
                    .maxNumberLength(100).build())
            .enable(com.fasterxml.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build());

    private Json() {
    }

    /** The body as a JSON object; an empty body reads as {@code {}} so that every field takes its default. */
    static ObjectNode parseObject(byte[] body) {
        if (body.length == 0) {
            return MAPPER.createObjectNode();
        }
        JsonNode node;
        try (JsonParser parser = MAPPER.createParser(body)) {
            node = MAPPER.readTree(parser);
            if (parser.nextToken() != null) {
                throw ApiException.badRequest("request body: more than one JSON value (at " + where(parser
                        .currentLocation()) + ")");
            }
        } catch (StreamConstraintsException e) {
            String message = e.getOriginalMessage();
            throw ApiException.badRequest("request body: " + (message.contains("nesting depth")
                    ? "JSON nested more than " + MAX_DEPTH + " levels deep; no request needs so many"
                    : message.replaceAll("\\s*\\(.*", "")));
        } catch (JsonProcessingException e) {
            throw ApiException.badRequest("request body is not valid JSON: " + oneLine(e.getOriginalMessage())
                    + " (at " + where(e.getLocation()) + ")");
        } catch (IOException e) {
            throw ApiException.badRequest("request body could not be read: " + e.getMessage());
        }
        if (node == null || !node.isObject()) {
            throw ApiException.badRequest("request body: expected a JSON object {...}, got " + kind(node));
        }
        return (ObjectNode) node;
    }

    private static String where(JsonLocation location) {
        return location == null ? "an unknown place" : "line " + location.getLineNr() + ", column "
                + location.getColumnNr();
    }

    private static String oneLine(String message) {
        String first = message == null ? "" : message.lines().findFirst().orElse("");
        return first.replaceAll("\\s*\\(for .*\\)$", "");
    }

    /** "a string", "a number", ... : what a client sent where something else was expected. */
    static String kind(JsonNode node) {
        if (node == null || node.isMissingNode()) {
            return "nothing";
        }
        return switch (node.getNodeType()) {
            case STRING -> "a string";
            case NUMBER -> "a number (" + node.asText() + ")";
            case BOOLEAN -> node.asText();
            case NULL -> "null";
            case ARRAY -> "an array";
            case OBJECT -> "an object";
            default -> node.getNodeType().toString().toLowerCase(java.util.Locale.ROOT);
        };
    }

    /** A string field, or {@code fallback} when absent (or null). */
    static String string(JsonNode object, String field, String fallback) {
        JsonNode v = object.get(field);
        if (v == null || v.isNull()) {
            return fallback;
        }
        if (!v.isTextual()) {
            throw ApiException.badRequest(field + ": expected a string, got " + kind(v));
        }
        return v.asText();
    }

    /** A string field that must be there. */
    static String requiredString(JsonNode object, String field) {
        String value = string(object, field, null);
        if (value == null) {
            throw ApiException.badRequest(field + ": missing; expected a string");
        }
        return value;
    }

    /** A whole number in [min, max], or {@code fallback} when absent. */
    static long integer(JsonNode object, String field, long fallback, long min, long max) {
        JsonNode v = object.get(field);
        if (v == null || v.isNull()) {
            return fallback;
        }
        if (!v.isIntegralNumber() || !v.canConvertToLong()) {
            throw ApiException.badRequest(field + ": expected a whole number, got " + kind(v));
        }
        long value = v.asLong();
        if (value < min || value > max) {
            throw ApiException.badRequest(field + ": must be " + range(min, max) + ", got " + value);
        }
        return value;
    }

    private static String range(long min, long max) {
        return max == Long.MAX_VALUE ? min + " or more" : "between " + min + " and " + max;
    }

    /** A finite number, or {@code fallback} when absent. */
    static double number(JsonNode object, String field, double fallback) {
        JsonNode v = object.get(field);
        if (v == null || v.isNull()) {
            return fallback;
        }
        if (!v.isNumber() || !Double.isFinite(v.asDouble())) {
            throw ApiException.badRequest(field + ": expected a finite number, got " + kind(v));
        }
        return v.asDouble();
    }

    static boolean bool(JsonNode object, String field, boolean fallback) {
        JsonNode v = object.get(field);
        if (v == null || v.isNull()) {
            return fallback;
        }
        if (!v.isBoolean()) {
            throw ApiException.badRequest(field + ": expected true or false, got " + kind(v));
        }
        return v.asBoolean();
    }

    /** A non-empty array of strings, at most {@code max} of them. */
    static List<String> strings(JsonNode object, String field, int max) {
        JsonNode v = object.get(field);
        if (v == null || v.isNull()) {
            throw ApiException.badRequest(field + ": missing; expected an array of strings");
        }
        if (!v.isArray()) {
            throw ApiException.badRequest(field + ": expected an array of strings, got " + kind(v));
        }
        if (v.isEmpty() || v.size() > max) {
            throw ApiException.badRequest(field + ": expected 1 to " + max + " strings, got " + v.size());
        }
        List<String> out = new ArrayList<>(v.size());
        for (int i = 0; i < v.size(); i++) {
            if (!v.get(i).isTextual()) {
                throw ApiException.badRequest(field + "[" + i + "]: expected a string, got " + kind(v.get(i)));
            }
            out.add(v.get(i).asText());
        }
        return out;
    }

    /** An array of finite numbers; {@code where} names it in messages ("series", "inputs.temperature"). */
    static double[] numbers(JsonNode v, String where) {
        if (v == null || v.isNull()) {
            throw ApiException.badRequest(where + ": missing; expected an array of numbers");
        }
        if (!v.isArray()) {
            throw ApiException.badRequest(where + ": expected an array of numbers, got " + kind(v));
        }
        double[] out = new double[v.size()];
        for (int i = 0; i < out.length; i++) {
            JsonNode x = v.get(i);
            if (!x.isNumber() || !Double.isFinite(x.asDouble())) {
                throw ApiException.badRequest(where + "[" + i + "]: expected a finite number, got " + kind(x));
            }
            out[i] = x.asDouble();
        }
        return out;
    }

    static ObjectNode error(String message) {
        return MAPPER.createObjectNode().put("error", message);
    }
}
