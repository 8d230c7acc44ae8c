package org.rnn4j.cli;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.rnn4j.io.AtomicFiles;

/**
 * One measured line of an {@code explain} chart: y against x, under a name ("lstm", "bidirectional lstm").
 *
 * @param figure which chart (and CSV section) it belongs to, e.g. "time_per_sequence"
 */
record Curve(String figure, String name, double[] xs, double[] ys) {
    Curve {
        if (xs.length != ys.length) {
            throw new IllegalArgumentException("a curve needs as many x as y values, got " + xs.length + " and "
                    + ys.length);
        }
    }

    /** The y value at the x equal to {@code x}; NaN when the curve has none. */
    double at(double x) {
        for (int i = 0; i < xs.length; i++) {
            if (xs[i] == x) {
                return ys[i];
            }
        }
        return Double.NaN;
    }

    /** The curves in long form, {@code figure,curve,x,y}, one row per point, written atomically. */
    static void writeCsv(Path file, List<Curve> curves) {
        StringBuilder sb = new StringBuilder("figure,curve,x,y\n");
        for (Curve c : curves) {
            for (int i = 0; i < c.xs.length; i++) {
                sb.append(String.format(Locale.ROOT, "%s,%s,%s,%s%n", c.figure, c.name.replace(',', ';'),
                        number(c.xs[i]), number(c.ys[i])));
            }
        }
        AtomicFiles.write(file, o -> o.write(sb.toString().getBytes(StandardCharsets.UTF_8)));
    }

    private static String number(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }
}
