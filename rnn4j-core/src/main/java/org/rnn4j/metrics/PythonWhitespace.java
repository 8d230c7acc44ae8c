package org.rnn4j.metrics;

import java.util.ArrayList;
import java.util.List;

/**
 * Python's {@code str.split()} and {@code str.rstrip()}, which sacreBLEU uses, so that {@link Bleu} counts exactly
 * the tokens it counts. Python's whitespace ({@code str.isspace}) differs from Java's {@link Character#isWhitespace}:
 * it includes the no-break spaces U+00A0, U+202F and U+2007 and the next-line U+0085.
 */
final class PythonWhitespace {
    private PythonWhitespace() {
    }

    static boolean isSpace(int c) {
        return c >= 0x09 && c <= 0x0D || c >= 0x1C && c <= 0x20 || c == 0x85 || c == 0xA0 || c == 0x1680
                || c >= 0x2000 && c <= 0x200A || c == 0x2028 || c == 0x2029 || c == 0x202F || c == 0x205F
                || c == 0x3000;
    }

    /** {@code s.split()}: the runs of non-space characters. */
    static List<String> split(String s) {
        List<String> parts = new ArrayList<>();
        int start = -1;
        for (int i = 0; i < s.length(); i++) {
            boolean space = isSpace(s.charAt(i)); // every Python space is in the BMP, so chars suffice
            if (space && start >= 0) {
                parts.add(s.substring(start, i));
                start = -1;
            } else if (!space && start < 0) {
                start = i;
            }
        }
        if (start >= 0) {
            parts.add(s.substring(start));
        }
        return parts;
    }

    /** {@code s.rstrip()}. */
    static String rstrip(String s) {
        int end = s.length();
        while (end > 0 && isSpace(s.charAt(end - 1))) {
            end--;
        }
        return s.substring(0, end);
    }
}
