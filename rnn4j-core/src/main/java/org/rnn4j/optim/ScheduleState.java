package org.rnn4j.optim;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A learning-rate schedule's mutable state as plain data, for checkpoints.
 *
 * <p>As safetensors metadata ({@link #metadata(String)}): {@code <prefix>schedule}, {@code <prefix>steps} and
 * {@code <prefix>scalar.<key>}, each scalar written with {@link Double#toString(double)}, which reads back to the
 * same double (including {@code Infinity}, the initial best value of {@link ReduceLrOnPlateau}).
 *
 * @param schedule the kind of schedule, e.g. {@code StepLr}
 * @param steps    the number of {@link LearningRateSchedule#step} calls made so far
 * @param scalars  further values by name (for {@link ReduceLrOnPlateau}: {@code lr}, {@code best},
 *                 {@code bad_steps}, {@code cooldown_counter})
 */
public record ScheduleState(String schedule, long steps, Map<String, Double> scalars) {
    private static final String SCHEDULE = "schedule";
    private static final String STEPS = "steps";
    private static final String SCALAR = "scalar.";

    public ScheduleState {
        if (schedule == null || schedule.isEmpty()) {
            throw new IllegalArgumentException("schedule name is required");
        }
        if (steps < 0) {
            throw new IllegalArgumentException("steps must be >= 0, got " + steps);
        }
        Objects.requireNonNull(scalars, "scalars");
        scalars.forEach((k, v) -> {
            if (k == null || v == null) {
                throw new IllegalArgumentException("scalar names and values must not be null");
            }
        });
        scalars = Collections.unmodifiableMap(new LinkedHashMap<>(scalars));
    }

    /** The state as safetensors metadata strings under {@code prefix}. */
    public Map<String, String> metadata(String prefix) {
        Map<String, String> out = new LinkedHashMap<>();
        out.put(prefix + SCHEDULE, schedule);
        out.put(prefix + STEPS, Long.toString(steps));
        scalars.forEach((k, v) -> out.put(prefix + SCALAR + k, Double.toString(v)));
        return out;
    }

    /**
     * The inverse of {@link #metadata(String)}.
     *
     * @throws IllegalArgumentException when the schedule name or step count is missing or malformed
     */
    public static ScheduleState fromMetadata(String prefix, Map<String, String> metadata) {
        String schedule = metadata.get(prefix + SCHEDULE);
        String steps = metadata.get(prefix + STEPS);
        if (schedule == null || steps == null) {
            throw new IllegalArgumentException("no schedule state under prefix '" + prefix + "': metadata '" + prefix
                    + SCHEDULE + "' or '" + prefix + STEPS + "' is missing");
        }
        Map<String, Double> scalars = new LinkedHashMap<>();
        String scalarPrefix = prefix + SCALAR;
        metadata.forEach((k, v) -> {
            if (k.startsWith(scalarPrefix)) {
                scalars.put(k.substring(scalarPrefix.length()), OptimizerState.parse(k, v));
            }
        });
        try {
            return new ScheduleState(schedule, Long.parseLong(steps), scalars);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("metadata '" + prefix + STEPS + "' is not a whole number: " + steps, e);
        }
    }

    /** The scalar {@code key}, or an exception that says which schedule lacks it. */
    double scalar(String key) {
        Double value = scalars.get(key);
        if (value == null) {
            throw new IllegalArgumentException(schedule + " state has no scalar '" + key + "'");
        }
        return value;
    }
}
