package org.rnn4j.io;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses the small subset of Python literals found in {@code .npy} headers, such as
 * {@code {'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }}.
 *
 * <p>It is Python, not JSON: strings in single or double quotes, {@code True}/{@code False}/{@code None}, tuples
 * ({@code ()}, {@code (3,)}, {@code (2, 3)}), lists, dicts, trailing commas, and Python 2's {@code 3L} longs.
 * Values map to Java as: str to {@link String}, int to {@link Long}, bool to {@link Boolean}, None to
 * {@code null}, tuple to {@link Tuple}, list to {@link List}, dict to {@link Map} (keys are strings, in order).
 */
final class PythonLiteral {
    private static final int MAX_DEPTH = 32; // real headers nest 3 deep; this bounds recursion on hostile input

    private final String text;
    private int pos;
    private int depth;

    private PythonLiteral(String text) {
        this.text = text;
    }

    /** A Python tuple, kept apart from a list because NumPy requires {@code shape} to be a tuple. */
    record Tuple(List<Object> items) {
        Tuple {
            items = List.copyOf(items);
        }
    }

    /** The text is not a literal of the supported kinds; the message says where and what was expected. */
    static final class SyntaxException extends IllegalArgumentException {
        SyntaxException(String message) {
            super(message);
        }
    }

    static Object parse(String text) {
        PythonLiteral parser = new PythonLiteral(text);
        Object value = parser.value();
        parser.skipWhitespace();
        if (parser.pos < text.length()) {
            throw parser.error("unexpected text after the value");
        }
        return value;
    }

    private Object value() {
        skipWhitespace();
        if (pos >= text.length()) {
            throw error("expected a value but the text ended");
        }
        char c = text.charAt(pos);
        if (c == '{' || c == '(' || c == '[') {
            if (++depth > MAX_DEPTH) {
                throw error("nested more than " + MAX_DEPTH + " deep");
            }
            Object container = c == '{' ? dict() : c == '(' ? tupleOrParenthesized() : list();
            depth--;
            return container;
        }
        if (c == '\'' || c == '"') {
            return string();
        }
        if (c == '-' || c == '+' || Character.isDigit(c)) {
            return integer();
        }
        if (Character.isLetter(c)) {
            return keyword();
        }
        throw error("unexpected character '" + c + "'");
    }

    private Map<String, Object> dict() {
        Map<String, Object> map = new LinkedHashMap<>();
        pos++; // '{'
        while (!closes('}')) {
            int keyAt = pos;
            Object key = value();
            if (!(key instanceof String name)) {
                pos = keyAt;
                throw error("dictionary keys must be strings");
            }
            if (map.containsKey(name)) {
                pos = keyAt;
                throw error("duplicate key '" + name + "'");
            }
            expect(':');
            map.put(name, value());
            if (!separatedBy(',', '}')) {
                break;
            }
        }
        return map;
    }

    /** {@code ()}, {@code (x,)} and {@code (x, y)} are tuples; {@code (x)} is just x, as in Python. */
    private Object tupleOrParenthesized() {
        pos++; // '('
        List<Object> items = new ArrayList<>();
        boolean sawComma = false;
        while (!closes(')')) {
            items.add(value());
            if (!separatedBy(',', ')')) {
                break;
            }
            sawComma = true;
        }
        return items.size() == 1 && !sawComma ? items.get(0) : new Tuple(items);
    }

    private List<Object> list() {
        pos++; // '['
        List<Object> items = new ArrayList<>();
        while (!closes(']')) {
            items.add(value());
            if (!separatedBy(',', ']')) {
                break;
            }
        }
        return items;
    }

    /** After an item: true if a comma follows (more may come), false if the closing bracket was consumed. */
    private boolean separatedBy(char comma, char close) {
        skipWhitespace();
        if (pos < text.length() && text.charAt(pos) == comma) {
            pos++;
            return true;
        }
        if (pos >= text.length() || text.charAt(pos) != close) {
            throw error("expected '" + comma + "' or '" + close + "'");
        }
        pos++;
        return false;
    }

    /** Consumes the closing bracket if it comes next. */
    private boolean closes(char close) {
        skipWhitespace();
        if (pos < text.length() && text.charAt(pos) == close) {
            pos++;
            return true;
        }
        return false;
    }

    private void expect(char c) {
        skipWhitespace();
        if (pos >= text.length() || text.charAt(pos) != c) {
            throw error("expected '" + c + "'");
        }
        pos++;
    }

    private String string() {
        char quote = text.charAt(pos++);
        StringBuilder sb = new StringBuilder();
        while (true) {
            if (pos >= text.length() || text.charAt(pos) == '\n') {
                throw error("unterminated string");
            }
            char c = text.charAt(pos++);
            if (c == quote) {
                return sb.toString();
            }
            sb.append(c == '\\' ? escape() : c);
        }
    }

    private char escape() {
        if (pos >= text.length()) {
            throw error("unterminated string");
        }
        char c = text.charAt(pos++);
        return switch (c) {
            case '\\', '\'', '"' -> c;
            case 'n' -> '\n';
            case 't' -> '\t';
            case 'r' -> '\r';
            case '0' -> '\0';
            case 'x' -> hexEscape(2);
            case 'u' -> hexEscape(4);
            default -> {
                pos--;
                throw error("unsupported escape '\\" + c + "'");
            }
        };
    }

    private char hexEscape(int digits) {
        if (pos + digits > text.length()) {
            throw error("incomplete escape");
        }
        try {
            char c = (char) Integer.parseInt(text.substring(pos, pos + digits), 16);
            pos += digits;
            return c;
        } catch (NumberFormatException e) {
            throw error("bad hexadecimal escape");
        }
    }

    private Long integer() {
        int start = pos;
        if (text.charAt(pos) == '-' || text.charAt(pos) == '+') {
            pos++;
        }
        int digitsStart = pos;
        while (pos < text.length() && Character.isDigit(text.charAt(pos))) {
            pos++;
        }
        if (pos == digitsStart) {
            throw error("expected digits");
        }
        if (pos < text.length() && (text.charAt(pos) == '.' || text.charAt(pos) == 'e' || text.charAt(pos) == 'E')) {
            throw error("only integers are supported");
        }
        BigInteger value = new BigInteger(text.substring(start, pos));
        if (pos < text.length() && (text.charAt(pos) == 'L' || text.charAt(pos) == 'l')) {
            pos++; // Python 2 wrote shapes such as (3L, 4L)
        }
        if (value.bitLength() >= Long.SIZE) {
            pos = start;
            throw error("integer " + value + " is too large");
        }
        return value.longValue();
    }

    private Object keyword() {
        int start = pos;
        while (pos < text.length() && Character.isLetterOrDigit(text.charAt(pos))) {
            pos++;
        }
        String word = text.substring(start, pos);
        switch (word) {
            case "True":
                return Boolean.TRUE;
            case "False":
                return Boolean.FALSE;
            case "None":
                return null;
            default:
                pos = start;
                throw error("unknown name '" + word + "'");
        }
    }

    private void skipWhitespace() {
        while (pos < text.length() && " \t\n\r\f".indexOf(text.charAt(pos)) >= 0) {
            pos++;
        }
    }

    private SyntaxException error(String problem) {
        return new SyntaxException(problem + " at character " + pos);
    }
}
