package org.rnn4j.optim;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.rnn4j.io.Safetensors;
import org.rnn4j.io.SafetensorsFile;
import org.rnn4j.tensor.Tensor;

/**
 * An optimiser's state as plain data: what a checkpoint saves and {@link Optimizer#restore} puts back.
 *
 * <p>Buffers are keyed {@code <parameter name>/<slot>} with PyTorch's slot names: {@code momentum_buffer} (SGD,
 * RMSprop), {@code exp_avg}, {@code exp_avg_sq}, {@code max_exp_avg_sq} (Adam, AdamW), {@code square_avg},
 * {@code grad_avg} (RMSprop), {@code sum} (Adagrad). Scalars hold the current learning rate under {@code lr} and each
 * parameter's step count under {@code <parameter name>/step}. Buffers are float32 tensors, exactly what the
 * optimiser computes with, and scalars are doubles, so a saved and restored state continues bit for bit.
 *
 * <p>In a safetensors file ({@link #write}, or {@link #tensors(String)} and {@link #metadata(String)} for a file
 * that also holds other things) the buffers are tensors under {@code <prefix><key>} and the rest is metadata:
 * {@code <prefix>optimizer}, {@code <prefix>steps} and {@code <prefix>scalar.<key>}, written with
 * {@link Double#toString(double)}, which reads back to the same double.
 *
 * @param optimizer the kind of optimiser, e.g. {@code Adam}; restoring into another kind is refused
 * @param steps     the number of {@link Optimizer#step} calls made so far
 * @param buffers   float32 buffers by {@code <parameter name>/<slot>}, in the order the optimiser created them
 * @param scalars   {@code lr} and {@code <parameter name>/step}
 */
public record OptimizerState(String optimizer, long steps, Map<String, Tensor> buffers, Map<String, Double> scalars) {
    private static final String OPTIMIZER = "optimizer";
    private static final String STEPS = "steps";
    private static final String SCALAR = "scalar.";

    public OptimizerState {
        if (optimizer == null || optimizer.isEmpty()) {
            throw new IllegalArgumentException("optimizer name is required");
        }
        if (steps < 0) {
            throw new IllegalArgumentException("steps must be >= 0, got " + steps);
        }
        Objects.requireNonNull(buffers, "buffers");
        Objects.requireNonNull(scalars, "scalars");
        buffers.forEach((k, v) -> {
            if (k == null || v == null) {
                throw new IllegalArgumentException("buffer names and tensors must not be null");
            }
        });
        scalars.forEach((k, v) -> {
            if (k == null || v == null) {
                throw new IllegalArgumentException("scalar names and values must not be null");
            }
        });
        buffers = Collections.unmodifiableMap(new LinkedHashMap<>(buffers));
        scalars = Collections.unmodifiableMap(new LinkedHashMap<>(scalars));
    }

    /** The buffers under {@code prefix + key}, for a safetensors file (the tensors themselves, not copies). */
    public Map<String, Tensor> tensors(String prefix) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        buffers.forEach((k, v) -> out.put(prefix + k, v));
        return out;
    }

    /** The optimiser name, step count and scalars as safetensors metadata strings under {@code prefix}. */
    public Map<String, String> metadata(String prefix) {
        Map<String, String> out = new LinkedHashMap<>();
        out.put(prefix + OPTIMIZER, optimizer);
        out.put(prefix + STEPS, Long.toString(steps));
        scalars.forEach((k, v) -> out.put(prefix + SCALAR + k, Double.toString(v)));
        return out;
    }

    /**
     * The inverse of {@link #tensors(String)} and {@link #metadata(String)}: every tensor and metadata entry whose
     * name starts with {@code prefix} belongs to the state (so the prefix {@code ""} suits only a file that holds
     * nothing else).
     *
     * @throws IllegalArgumentException when the optimiser name or step count is missing or malformed
     */
    public static OptimizerState fromSafetensors(String prefix, Map<String, Tensor> tensors,
                                                 Map<String, String> metadata) {
        String optimizer = metadata.get(prefix + OPTIMIZER);
        String steps = metadata.get(prefix + STEPS);
        if (optimizer == null || steps == null) {
            throw new IllegalArgumentException("no optimizer state under prefix '" + prefix + "': metadata '"
                    + prefix + OPTIMIZER + "' or '" + prefix + STEPS + "' is missing");
        }
        Map<String, Double> scalars = new LinkedHashMap<>();
        String scalarPrefix = prefix + SCALAR;
        metadata.forEach((k, v) -> {
            if (k.startsWith(scalarPrefix)) {
                scalars.put(k.substring(scalarPrefix.length()), parse(k, v));
            }
        });
        Map<String, Tensor> buffers = new LinkedHashMap<>();
        tensors.forEach((k, v) -> {
            if (k.startsWith(prefix)) {
                buffers.put(k.substring(prefix.length()), v);
            }
        });
        long count;
        try {
            count = Long.parseLong(steps);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("metadata '" + prefix + STEPS + "' is not a whole number: " + steps, e);
        }
        return new OptimizerState(optimizer, count, buffers, scalars);
    }

    /** Writes the state alone to a safetensors file, atomically. */
    public void write(Path file) {
        Safetensors.write(file, tensors(""), metadata(""));
    }

    /** Reads a file written by {@link #write}. */
    public static OptimizerState read(Path file) {
        SafetensorsFile contents = Safetensors.read(file);
        return fromSafetensors("", contents.tensors(), contents.metadata());
    }

    static double parse(String key, String value) {
        try {
            return Double.parseDouble(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("metadata '" + key + "' is not a number: " + value, e);
        }
    }
}
