package org.rnn4j.train;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.rnn4j.io.FileFormatException;
import org.rnn4j.io.Safetensors;
import org.rnn4j.io.SafetensorsFile;
import org.rnn4j.optim.OptimizerState;
import org.rnn4j.optim.ScheduleState;
import org.rnn4j.tensor.Tensor;

/**
 * Everything a run needs to continue exactly where it stopped: the weights, the optimiser's state, the schedule's,
 * the seed and position (which are all the random state, see {@link Seeds}), the state an objective carries between
 * batches (truncated BPTT), and, with keep-best, the best weights so far.
 *
 * <p>On disk it is one safetensors file (so it can be inspected with any safetensors tool and loading it runs no
 * code): tensors under {@code param/}, {@code optimizer/}, {@code best/} and {@code carried/}, everything else as
 * metadata. {@link #write} replaces the file atomically, so a kill in the middle leaves the previous checkpoint whole.
 *
 * @param seed       the run's seed
 * @param progress   the position
 * @param parameters the weights by parameter name
 * @param optimizer  the optimiser's state
 * @param schedule   the learning-rate schedule's state, or null without a schedule
 * @param best       the best validation's weights (empty unless keep-best has seen a validation)
 * @param carried    the objective's carried state (empty for most)
 * @param extra      the caller's own metadata, e.g. the model's spec and vocabularies: what a run resumed from the
 *                   checkpoint must have the same of ({@link #requireSameExtra})
 */
public record Checkpoint(long seed, TrainingProgress progress, Map<String, Tensor> parameters, OptimizerState optimizer,
                         ScheduleState schedule, Map<String, Tensor> best, Map<String, Tensor> carried,
                         Map<String, String> extra) {
    public static final String FORMAT = "rnn4j-checkpoint";
    public static final String FORMAT_VERSION = "1";
    private static final String PARAM = "param/";
    private static final String OPTIMIZER = "optimizer/";
    private static final String SCHEDULE = "schedule/";
    private static final String BEST = "best/";
    private static final String CARRIED = "carried/";
    private static final String EXTRA = "extra/";
    private static final String PROGRESS = "progress/";
    private static final ObjectMapper JSON = new ObjectMapper();

    public Checkpoint {
        Objects.requireNonNull(progress, "progress");
        Objects.requireNonNull(optimizer, "optimizer");
        parameters = Map.copyOf(parameters);
        best = Map.copyOf(best);
        carried = Map.copyOf(carried);
        extra = Map.copyOf(extra);
    }

    /**
     * Refuses to resume a run whose own metadata differs from what the checkpoint was written with: a vocabulary
     * in another order or a changed spec would silently read the weights against other words or another
     * architecture. Only keys both have are compared; JSON values are compared as JSON, and of two JSON objects
     * only the fields both have (a newer writer may add some).
     *
     * @throws IllegalArgumentException naming the first entry that differs
     */
    public void requireSameExtra(Map<String, String> run) {
        for (Map.Entry<String, String> e : new TreeMap<>(run).entrySet()) {
            String written = extra.get(e.getKey());
            if (written != null && !sameValue(written, e.getValue())) {
                throw new IllegalArgumentException("the checkpoint's " + e.getKey() + " differs from this run's:"
                        + " it was written by a run with other data or options, which this one must repeat to"
                        + " continue it (or start afresh in another checkpoint folder)");
            }
        }
    }

    private static boolean sameValue(String written, String now) {
        if (written.equals(now)) {
            return true;
        }
        try {
            JsonNode a = JSON.readTree(written);
            JsonNode b = JSON.readTree(now);
            if (a.isObject() && b.isObject()) {
                for (var names = a.fieldNames(); names.hasNext(); ) {
                    String name = names.next();
                    if (b.has(name) && !a.get(name).equals(b.get(name))) {
                        return false;
                    }
                }
                return true;
            }
            return a.equals(b);
        } catch (JsonProcessingException e) {
            return false; // not JSON, and the text differs
        }
    }

    /** Writes the checkpoint atomically: the file holds either the previous checkpoint or this one, whole. */
    public void write(Path file) {
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        new java.util.TreeMap<>(parameters).forEach((k, v) -> tensors.put(PARAM + k, v));
        tensors.putAll(optimizer.tensors(OPTIMIZER));
        new java.util.TreeMap<>(best).forEach((k, v) -> tensors.put(BEST + k, v));
        new java.util.TreeMap<>(carried).forEach((k, v) -> tensors.put(CARRIED + k, v));
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("format", FORMAT);
        meta.put("format_version", FORMAT_VERSION);
        meta.put("seed", Long.toString(seed));
        meta.put(PROGRESS + "epoch", Integer.toString(progress.epoch()));
        meta.put(PROGRESS + "batch_in_epoch", Integer.toString(progress.batchInEpoch()));
        meta.put(PROGRESS + "step", Long.toString(progress.step()));
        meta.put(PROGRESS + "best_validation_loss", Double.toString(progress.bestValidationLoss()));
        meta.put(PROGRESS + "best_step", Long.toString(progress.bestStep()));
        meta.put(PROGRESS + "validations_since_best", Integer.toString(progress.validationsSinceBest()));
        meta.putAll(optimizer.metadata(OPTIMIZER));
        if (schedule != null) {
            meta.putAll(schedule.metadata(SCHEDULE));
        }
        new java.util.TreeMap<>(extra).forEach((k, v) -> meta.put(EXTRA + k, v));
        Safetensors.write(file, tensors, meta);
    }

    /**
     * Reads a checkpoint written by {@link #write}.
     *
     * @throws FileFormatException when the file is missing, not a checkpoint, or lacks a part; the message names
     *     the file and the part
     */
    public static Checkpoint read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new FileFormatException(file, "no checkpoint here (the file does not exist)");
        }
        SafetensorsFile contents = Safetensors.read(file);
        Map<String, String> meta = contents.metadata();
        if (!FORMAT.equals(meta.get("format"))) {
            throw new FileFormatException(file, "is not an rnn4j checkpoint (its metadata 'format' is "
                    + (meta.get("format") == null ? "missing" : "'" + meta.get("format") + "'") + ")");
        }
        if (!FORMAT_VERSION.equals(meta.get("format_version"))) {
            throw new FileFormatException(file, "checkpoint format version " + meta.get("format_version")
                    + " is not supported by this rnn4j (which reads version " + FORMAT_VERSION + ")");
        }
        try {
            TrainingProgress progress = new TrainingProgress(
                    (int) number(meta, PROGRESS + "epoch"), (int) number(meta, PROGRESS + "batch_in_epoch"),
                    number(meta, PROGRESS + "step"), decimal(meta, PROGRESS + "best_validation_loss"),
                    number(meta, PROGRESS + "best_step"), (int) number(meta, PROGRESS + "validations_since_best"));
            OptimizerState optimizer = OptimizerState.fromSafetensors(OPTIMIZER, contents.tensors(), meta);
            ScheduleState schedule = meta.containsKey(SCHEDULE + "schedule")
                    ? ScheduleState.fromMetadata(SCHEDULE, meta) : null;
            Map<String, String> extra = new LinkedHashMap<>();
            meta.forEach((k, v) -> {
                if (k.startsWith(EXTRA)) {
                    extra.put(k.substring(EXTRA.length()), v);
                }
            });
            return new Checkpoint(number(meta, "seed"), progress, under(contents, PARAM), optimizer, schedule,
                    under(contents, BEST), under(contents, CARRIED), extra);
        } catch (IllegalArgumentException e) {
            throw new FileFormatException(file, "damaged checkpoint: " + e.getMessage(), e);
        }
    }

    private static Map<String, Tensor> under(SafetensorsFile contents, String prefix) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        contents.tensors().forEach((k, v) -> {
            if (k.startsWith(prefix)) {
                out.put(k.substring(prefix.length()), v);
            }
        });
        return out;
    }

    private static String required(Map<String, String> meta, String key) {
        String value = meta.get(key);
        if (value == null) {
            throw new IllegalArgumentException("metadata '" + key + "' is missing");
        }
        return value;
    }

    private static long number(Map<String, String> meta, String key) {
        String value = required(meta, key);
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("metadata '" + key + "' is not a whole number: " + value);
        }
    }

    private static double decimal(Map<String, String> meta, String key) {
        String value = required(meta, key);
        try {
            return Double.parseDouble(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("metadata '" + key + "' is not a number: " + value);
        }
    }
}
