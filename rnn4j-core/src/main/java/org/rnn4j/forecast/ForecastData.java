package org.rnn4j.forecast;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * What a {@link Forecaster} reads: the series to forecast (the target) and, aligned with it, optional extra input
 * series (other columns of the same file, e.g. a price beside the sales). Only past values of the extra inputs are
 * used, so forecasting needs no future values of them. Immutable.
 *
 * @param target the series to forecast, oldest first
 * @param inputs the extra input series, each as long as {@code target}
 */
public record ForecastData(double[] target, List<double[]> inputs) {
    public ForecastData {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(inputs, "inputs");
        target = target.clone();
        List<double[]> copies = new ArrayList<>();
        for (int i = 0; i < inputs.size(); i++) {
            double[] column = inputs.get(i);
            if (column.length != target.length) {
                throw new IllegalArgumentException("extra input " + i + " has " + column.length + " values, the target "
                        + target.length + "; every input column must be as long as the series");
            }
            copies.add(column.clone());
        }
        inputs = List.copyOf(copies);
        checkFinite(target, "the series");
        for (int i = 0; i < copies.size(); i++) {
            checkFinite(copies.get(i), "extra input " + i);
        }
    }

    /** A series with no extra inputs. */
    public static ForecastData of(double... target) {
        return new ForecastData(target, List.of());
    }

    private static void checkFinite(double[] values, String what) {
        for (int t = 0; t < values.length; t++) {
            if (!Double.isFinite(values[t])) {
                throw new IllegalArgumentException(what + " has " + values[t] + " at position " + t
                        + "; fill or drop missing values first");
            }
        }
    }

    /** Points in time. */
    public int size() {
        return target.length;
    }

    /** Extra input series. */
    public int inputCount() {
        return inputs.size();
    }

    /** A copy of the target. */
    @Override
    public double[] target() {
        return target.clone();
    }

    /** Copies of the extra inputs. */
    @Override
    public List<double[]> inputs() {
        return inputs.stream().map(double[]::clone).toList();
    }

    /** The target at time {@code t}, without copying. */
    public double target(int t) {
        return target[t];
    }

    /** Extra input {@code i} at time {@code t}, without copying. */
    public double input(int i, int t) {
        return inputs.get(i)[t];
    }

    /** The first {@code n} points: the history before a held-out test part. */
    public ForecastData head(int n) {
        return slice(0, n);
    }

    /** The last {@code n} points. */
    public ForecastData tail(int n) {
        return slice(size() - n, size());
    }

    private ForecastData slice(int from, int to) {
        if (from < 0 || to > size() || from > to) {
            throw new IllegalArgumentException("points " + from + ".." + to + " of a series of " + size());
        }
        return new ForecastData(Arrays.copyOfRange(target, from, to),
                inputs.stream().map(c -> Arrays.copyOfRange(c, from, to)).toList());
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof ForecastData d) || !Arrays.equals(target, d.target) || inputs.size() != d.inputs.size()) {
            return false;
        }
        for (int i = 0; i < inputs.size(); i++) {
            if (!Arrays.equals(inputs.get(i), d.inputs.get(i))) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        int h = Arrays.hashCode(target);
        for (double[] c : inputs) {
            h = 31 * h + Arrays.hashCode(c);
        }
        return h;
    }

    @Override
    public String toString() {
        return "ForecastData(" + target.length + " points, " + inputs.size() + " extra inputs)";
    }
}
