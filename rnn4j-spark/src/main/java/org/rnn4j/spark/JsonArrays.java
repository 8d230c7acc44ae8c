package org.rnn4j.spark;

/**
 * Output cells as JSON arrays of floats. Each float is written as {@link Float#toString}, the shortest decimal
 * that reads back as the same float, so a reader gets rnn4j's numbers bit for bit.
 */
final class JsonArrays {
    private JsonArrays() {
    }

    /** {@code [v_from, …, v_from+length-1]} of the flat values. */
    static String vector(float[] values, int from, int length) {
        StringBuilder json = new StringBuilder(length * 12 + 2).append('[');
        append(json, values, from, length);
        return json.append(']').toString();
    }

    /** {@code [[…], …]}: one row of {@code width} from each flat array, taken at {@code from} in every one. */
    static String matrix(float[][] values, int from, int width) {
        StringBuilder json = new StringBuilder(values.length * (width * 12 + 3) + 2).append('[');
        for (int r = 0; r < values.length; r++) {
            json.append(r == 0 ? "[" : ", [");
            append(json, values[r], from, width);
            json.append(']');
        }
        return json.append(']').toString();
    }

    private static void append(StringBuilder json, float[] values, int from, int length) {
        for (int i = 0; i < length; i++) {
            json.append(i == 0 ? "" : ", ").append(values[from + i]);
        }
    }
}
