package org.rnn4j.spark;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.Serializable;
import java.util.List;

/**
 * Reads one row's sequence cell into the (T, F) floats of a model input: a JSON string
 * {@code [[x_11, …, x_1F], …, [x_T1, …, x_TF]]} (CSV, TSV, or a Parquet string column), or a Parquet
 * {@code array<array<float|double>>}. Every way a cell can be wrong is one {@link BadSequenceException} naming the
 * row, the column and the step.
 */
final class SequenceCells implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SHAPE = "[[x_11, ..., x_1F], ..., [x_T1, ..., x_TF]]";

    private final String column;
    private final int features;
    private final String model;

    /**
     * @param features F, the model's input size
     * @param model    the model as messages name it, e.g. "Lstm(input 4, hidden 6)"
     */
    SequenceCells(String column, int features, String model) {
        this.column = column;
        this.features = features;
        this.model = model;
    }

    /** A row's T steps of F features, row-major (step t's features at t·F …). */
    record Sequence(int steps, float[] values) {
    }

    /** @param row the row's number (1-based), for messages */
    Sequence read(Object cell, long row) {
        if (cell == null) {
            throw bad(row, "is empty; expected a sequence " + SHAPE);
        }
        if (cell instanceof String text) {
            return fromJson(text, row);
        }
        List<?> steps = asList(cell);
        if (steps == null) {
            throw bad(row, "holds " + cell.getClass().getSimpleName() + "; expected a JSON string " + SHAPE
                    + " or an array of arrays of numbers");
        }
        return fromSteps(steps, row);
    }

    private Sequence fromJson(String text, long row) {
        JsonNode root;
        try {
            root = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw bad(row, "is not JSON (" + e.getOriginalMessage() + "); expected " + SHAPE);
        }
        if (root == null || !root.isArray()) {
            throw bad(row, "is not a JSON array of steps; expected " + SHAPE);
        }
        int steps = requireSteps(root.size(), row);
        float[] values = new float[steps * features];
        for (int t = 0; t < steps; t++) {
            JsonNode step = root.get(t);
            if (!step.isArray()) {
                throw bad(row, "step " + (t + 1) + " is " + step + ", not an array of " + features + " numbers; "
                        + "expected " + SHAPE);
            }
            requireFeatures(step.size(), t, row);
            for (int f = 0; f < features; f++) {
                JsonNode x = step.get(f);
                if (!x.isNumber()) {
                    throw bad(row, "step " + (t + 1) + ", feature " + (f + 1) + " is " + x + ", not a number");
                }
                values[t * features + f] = finite(x.floatValue(), t, f, row);
            }
        }
        return new Sequence(steps, values);
    }

    private Sequence fromSteps(List<?> cell, long row) {
        int steps = requireSteps(cell.size(), row);
        float[] values = new float[steps * features];
        for (int t = 0; t < steps; t++) {
            List<?> step = asList(cell.get(t));
            if (step == null) {
                throw bad(row, "step " + (t + 1) + " is empty; expected an array of " + features + " numbers");
            }
            requireFeatures(step.size(), t, row);
            for (int f = 0; f < features; f++) {
                if (!(step.get(f) instanceof Number x)) {
                    throw bad(row, "step " + (t + 1) + ", feature " + (f + 1) + " is empty, not a number");
                }
                values[t * features + f] = finite(x.floatValue(), t, f, row);
            }
        }
        return new Sequence(steps, values);
    }

    /** A Spark array (a Scala sequence in a Row, or a Java list), else null. */
    private static List<?> asList(Object value) {
        if (value instanceof List<?> list) {
            return list;
        }
        if (value instanceof scala.collection.Seq<?> seq) {
            return scala.jdk.javaapi.CollectionConverters.asJava(seq);
        }
        return null;
    }

    private int requireSteps(int steps, long row) {
        if (steps == 0) {
            throw bad(row, "has no steps; expected at least one, " + SHAPE);
        }
        return steps;
    }

    private void requireFeatures(int got, int t, long row) {
        if (got != features) {
            throw bad(row, "step " + (t + 1) + " has " + got + " feature" + (got == 1 ? "" : "s") + ", but " + model
                    + " takes " + features);
        }
    }

    /** One NaN or infinity would spread through every later step of its row: refused, as rnn4j predict does. */
    private float finite(float x, int t, int f, long row) {
        if (!Float.isFinite(x)) {
            throw bad(row, "step " + (t + 1) + ", feature " + (f + 1) + " is " + x
                    + " (as a float); clean or impute the data first");
        }
        return x;
    }

    private BadSequenceException bad(long row, String problem) {
        return new BadSequenceException(row, column, problem);
    }
}
