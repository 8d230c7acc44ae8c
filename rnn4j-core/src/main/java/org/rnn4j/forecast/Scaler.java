package org.rnn4j.forecast;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Locale;
import java.util.Objects;

/**
 * Brings a series to a range where a recurrent network trains well, and back: {@code z = (x − shift) / scale}.
 *
 * <ul>
 *   <li>standard: shift = mean, scale = standard deviation (population, ddof = 0, as scikit-learn's
 *       {@code StandardScaler}), so the training values have mean 0 and variance 1;</li>
 *   <li>min-max: shift = min, scale = max − min (scikit-learn's {@code MinMaxScaler}), so the training values lie
 *       in [0, 1]; later values may fall outside.</li>
 * </ul>
 * Fit on the training part only: statistics taken from the validation or test part would leak the future into
 * training. A constant training series gets scale 1, as in scikit-learn, so nothing divides by zero.
 *
 * <p>The fitted scaler is stored in the model file's metadata ({@link #toJson()}) so that forecasts are
 * transformed back with the numbers the model was trained with. Immutable.
 */
public final class Scaler {
    /** How the scaler was fitted. */
    public enum Kind {
        STANDARD("standard"), MIN_MAX("min-max");

        private final String json;

        Kind(String json) {
            this.json = json;
        }

        /** The name in the JSON form: {@code standard} or {@code min-max}. */
        public String jsonName() {
            return json;
        }
    }

    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private final Kind kind;
    private final double a; // mean or min
    private final double b; // standard deviation or max
    private final double scale;

    private Scaler(Kind kind, double a, double b) {
        this.kind = kind;
        this.a = a;
        this.b = b;
        double s = kind == Kind.STANDARD ? b : b - a;
        this.scale = s == 0 ? 1 : s;
    }

    /** Mean 0, variance 1 on {@code training}. */
    public static Scaler fitStandard(double[] training) {
        checkTraining(training);
        double mean = 0;
        for (double x : training) {
            mean += x;
        }
        mean /= training.length;
        double squares = 0;
        for (double x : training) {
            squares += (x - mean) * (x - mean);
        }
        return new Scaler(Kind.STANDARD, mean, Math.sqrt(squares / training.length));
    }

    /** [0, 1] on {@code training}. */
    public static Scaler fitMinMax(double[] training) {
        checkTraining(training);
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (double x : training) {
            min = Math.min(min, x);
            max = Math.max(max, x);
        }
        return new Scaler(Kind.MIN_MAX, min, max);
    }

    private static void checkTraining(double[] training) {
        Objects.requireNonNull(training, "training");
        if (training.length == 0) {
            throw new IllegalArgumentException("cannot fit a scaler on no values; the training part is empty");
        }
        for (int i = 0; i < training.length; i++) {
            if (!Double.isFinite(training[i])) {
                throw new IllegalArgumentException("cannot fit a scaler: training value " + i + " is " + training[i]
                        + "; fill or drop missing values first");
            }
        }
    }

    public Kind kind() {
        return kind;
    }

    /** What is subtracted: the mean or the minimum of the training values. */
    public double shift() {
        return a;
    }

    /** What the difference is divided by: the standard deviation or max − min (1 for a constant series). */
    public double scale() {
        return scale;
    }

    public double transform(double x) {
        return (x - a) / scale;
    }

    /** A new array, each value transformed. */
    public double[] transform(double[] xs) {
        double[] z = new double[xs.length];
        for (int i = 0; i < xs.length; i++) {
            z[i] = transform(xs[i]);
        }
        return z;
    }

    /** Back to the series' units: {@code x = z·scale + shift}. */
    public double inverse(double z) {
        return z * scale + a;
    }

    /** A new array, each value transformed back. */
    public double[] inverse(double[] zs) {
        double[] x = new double[zs.length];
        for (int i = 0; i < zs.length; i++) {
            x[i] = inverse(zs[i]);
        }
        return x;
    }

    /**
     * The form stored in a model file's metadata: {@code {"kind":"standard","mean":280.3,"std":120.0}} or
     * {@code {"kind":"min-max","min":104.0,"max":622.0}}; the fitted statistics, exactly (shortest round-trip
     * decimals).
     */
    public String toJson() {
        ObjectNode root = JSON.createObjectNode();
        root.put("kind", kind.jsonName());
        if (kind == Kind.STANDARD) {
            root.put("mean", a);
            root.put("std", b);
        } else {
            root.put("min", a);
            root.put("max", b);
        }
        try {
            return JSON.writeValueAsString(root);
        } catch (JacksonException e) {
            throw new IllegalStateException("could not write the scaler as JSON", e);
        }
    }

    /**
     * Reads the form {@link #toJson()} writes.
     *
     * @throws IllegalArgumentException naming what is wrong, starting with {@code scaler JSON: }
     */
    public static Scaler fromJson(String json) {
        Objects.requireNonNull(json, "json");
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JacksonException e) {
            throw invalid("not valid JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw invalid("expected an object such as {\"kind\":\"standard\",\"mean\":0.0,\"std\":1.0}");
        }
        JsonNode kind = root.get("kind");
        if (kind != null && Kind.STANDARD.jsonName().equals(kind.textValue())) {
            double mean = number(root, "mean");
            double std = number(root, "std");
            if (std < 0) {
                throw invalid("'std' must be >= 0, got " + std);
            }
            return new Scaler(Kind.STANDARD, mean, std);
        }
        if (kind != null && Kind.MIN_MAX.jsonName().equals(kind.textValue())) {
            double min = number(root, "min");
            double max = number(root, "max");
            if (max < min) {
                throw invalid("'max' " + max + " is below 'min' " + min);
            }
            return new Scaler(Kind.MIN_MAX, min, max);
        }
        throw invalid("'kind' must be \"standard\" or \"min-max\", got " + kind);
    }

    private static double number(JsonNode root, String field) {
        JsonNode node = root.get(field);
        if (node == null || !node.isNumber() || !Double.isFinite(node.doubleValue())) {
            throw invalid("'" + field + "' must be a finite number, got " + (node == null ? "nothing" : node));
        }
        return node.doubleValue();
    }

    private static IllegalArgumentException invalid(String problem) {
        return new IllegalArgumentException("scaler JSON: " + problem);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Scaler s && kind == s.kind && Double.compare(a, s.a) == 0 && Double.compare(b, s.b) == 0;
    }

    @Override
    public int hashCode() {
        return Objects.hash(kind, a, b);
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, kind == Kind.STANDARD ? "Scaler(standard, mean %s, std %s)"
                : "Scaler(min-max, min %s, max %s)", a, b);
    }
}
