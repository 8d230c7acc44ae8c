package org.rnn4j.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The end of a command's output: a table for people, or with {@code --json} one JSON object for scripts; then,
 * unless JSON was asked for, the last line {@code key=value key=value} with the headline numbers (the line the
 * issue tracker's figures and the tests read).
 */
final class RunSummary {
    private final Map<String, Object> table = new LinkedHashMap<>();
    private final Map<String, Object> lastLine = new LinkedHashMap<>();
    private final Map<String, Object> jsonOnly = new LinkedHashMap<>();
    private final List<String> block = new ArrayList<>();

    /** A row of the table (and a field of the JSON). */
    RunSummary row(String name, Object value) {
        table.put(name, value);
        return this;
    }

    /** A headline number: on the last line, in the table and in the JSON. */
    RunSummary headline(String name, double value) {
        lastLine.put(name, value);
        table.put(name, value);
        return this;
    }

    /** A number on the last line and in the JSON, not in the table (which shows it in a {@link #block}). */
    RunSummary lastLine(String name, double value) {
        lastLine.put(name, value);
        jsonOnly.put(name, value);
        return this;
    }

    /** A field of the JSON only: what the table shows in a {@link #block} instead. */
    RunSummary field(String name, Object value) {
        jsonOnly.put(name, value);
        return this;
    }

    /** Lines printed after the table (not in the JSON), e.g. a comparison table. */
    RunSummary block(List<String> lines) {
        block.addAll(lines);
        return this;
    }

    void print(PrintWriter out, boolean json) {
        if (json) {
            ObjectNode node = new ObjectMapper().createObjectNode();
            Map<String, Object> fields = new LinkedHashMap<>(table);
            fields.putAll(jsonOnly);
            fields.forEach((k, v) -> node.set(k, json(v)));
            out.println(node);
            out.flush();
            return;
        }
        int width = table.keySet().stream().mapToInt(String::length).max().orElse(0);
        table.forEach((k, v) -> out.printf(Locale.ROOT, "  %-" + width + "s  %s%n", k, format(v)));
        block.forEach(out::println);
        StringBuilder line = new StringBuilder();
        lastLine.forEach((k, v) -> line.append(line.length() == 0 ? "" : " ").append(k).append('=').append(format(v)));
        if (line.length() > 0) {
            out.println(line);
        }
        out.flush();
    }

    /** A value as JSON: numbers as numbers (non-finite as null), lists as arrays, anything else as its text. */
    private static JsonNode json(Object v) {
        if (v instanceof Double d) {
            return Double.isFinite(d) ? DoubleNode.valueOf(d) : NullNode.getInstance();
        }
        if (v instanceof Number n) {
            return LongNode.valueOf(n.longValue());
        }
        if (v instanceof List<?> list) {
            ArrayNode array = JsonNodeFactory.instance.arrayNode();
            list.forEach(item -> array.add(json(item)));
            return array;
        }
        return TextNode.valueOf(String.valueOf(v));
    }

    /** A value for the table: numbers to four decimals, lists as their items joined by ", " (a matrix bracketed). */
    static String format(Object v) {
        if (v instanceof List<?> list) {
            boolean nested = list.stream().anyMatch(item -> item instanceof List<?>);   // a matrix: [[1, 2], [3, 4]]
            String items = String.join(", ", list.stream()
                    .map(item -> item instanceof List<?> ? "[" + format(item) + "]" : format(item)).toList());
            return nested ? "[" + items + "]" : items;
        }
        if (v instanceof Double d) {
            double a = Math.abs(d);
            return a != 0 && (a < 1e-3 || a >= 1e6) ? String.format(Locale.ROOT, "%.4e", d)
                    : String.format(Locale.ROOT, "%.4f", d);
        }
        return String.valueOf(v);
    }
}
