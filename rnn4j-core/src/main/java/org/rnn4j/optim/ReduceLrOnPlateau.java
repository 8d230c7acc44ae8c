package org.rnn4j.optim;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Divides the rate when a metric stops improving: PyTorch's {@code ReduceLROnPlateau}, decision for decision.
 *
 * <p>Each {@link #step(double)} takes the metric of the step just finished (usually the validation loss, once an
 * epoch):
 * <ol>
 *   <li>if it is better than the best so far (mode MIN, relative threshold:
 *       {@code metric < best·(1 − threshold)}; RELATIVE for MAX: {@code metric > best·(1 + threshold)};
 *       ABSOLUTE: {@code best ∓ threshold}), it becomes the best and the count of bad steps resets, otherwise the
 *       count grows; a NaN metric is never better;</li>
 *   <li>during a cooldown the count of bad steps is held at 0 (the cooldown counter counts down);</li>
 *   <li>when the count exceeds {@code patience}, the rate becomes {@code max(lr·factor, minLr)} (unchanged if that
 *       changes it by no more than {@code eps}), the cooldown starts, and the count resets.</li>
 * </ol>
 * So with patience {@code p} the rate drops after {@code p + 1} bad steps in a row.
 */
public final class ReduceLrOnPlateau implements LearningRateSchedule {

    /** Whether a smaller ({@link #MIN}, for a loss) or a larger ({@link #MAX}, for an accuracy) metric is better. */
    public enum Mode { MIN, MAX }

    /** Whether the threshold is a fraction of the best value ({@link #RELATIVE}) or an amount ({@link #ABSOLUTE}). */
    public enum ThresholdMode { RELATIVE, ABSOLUTE }

    /**
     * The options, with PyTorch's names in parentheses.
     *
     * @param mode            MIN or MAX ({@code mode}, default MIN)
     * @param factor          multiplies the rate on a plateau, in (0, 1) ({@code factor}, 0.1)
     * @param patience        bad steps tolerated before the rate drops, >= 0 ({@code patience}, 10)
     * @param threshold       the least change that counts as an improvement, >= 0 ({@code threshold}, 1e-4)
     * @param thresholdMode   RELATIVE or ABSOLUTE ({@code threshold_mode}, RELATIVE)
     * @param cooldown        steps after a drop during which bad steps are not counted, >= 0 ({@code cooldown}, 0)
     * @param minLearningRate the floor, >= 0 ({@code min_lr}, 0)
     * @param eps             a drop smaller than this is skipped, >= 0 ({@code eps}, 1e-8)
     */
    public record Options(Mode mode, double factor, int patience, double threshold, ThresholdMode thresholdMode,
                          int cooldown, double minLearningRate, double eps) {
        public Options {
            Objects.requireNonNull(mode, "mode");
            Objects.requireNonNull(thresholdMode, "thresholdMode");
            if (!(factor > 0 && factor < 1)) {
                throw new IllegalArgumentException("factor must be in (0, 1), got " + factor);
            }
            if (patience < 0) {
                throw new IllegalArgumentException("patience must be >= 0, got " + patience);
            }
            Checks.nonNegative("threshold", threshold);
            if (cooldown < 0) {
                throw new IllegalArgumentException("cooldown must be >= 0, got " + cooldown);
            }
            Checks.nonNegative("minLearningRate", minLearningRate);
            Checks.nonNegative("eps", eps);
        }

        /** PyTorch's defaults: MIN, factor 0.1, patience 10, threshold 1e-4 RELATIVE, cooldown 0, min 0, eps 1e-8. */
        public static Options defaults() {
            return new Options(Mode.MIN, 0.1, 10, 1e-4, ThresholdMode.RELATIVE, 0, 0, 1e-8);
        }

        public Options withMode(Mode value) {
            return new Options(value, factor, patience, threshold, thresholdMode, cooldown, minLearningRate, eps);
        }

        public Options withFactor(double value) {
            return new Options(mode, value, patience, threshold, thresholdMode, cooldown, minLearningRate, eps);
        }

        public Options withPatience(int value) {
            return new Options(mode, factor, value, threshold, thresholdMode, cooldown, minLearningRate, eps);
        }

        public Options withThreshold(double value, ThresholdMode valueMode) {
            return new Options(mode, factor, patience, value, valueMode, cooldown, minLearningRate, eps);
        }

        public Options withCooldown(int value) {
            return new Options(mode, factor, patience, threshold, thresholdMode, value, minLearningRate, eps);
        }

        public Options withMinLearningRate(double value) {
            return new Options(mode, factor, patience, threshold, thresholdMode, cooldown, value, eps);
        }

        public Options withEps(double value) {
            return new Options(mode, factor, patience, threshold, thresholdMode, cooldown, minLearningRate, value);
        }
    }

    private static final String KIND = "ReduceLrOnPlateau";
    private static final String LR = "lr";
    private static final String BEST = "best";
    private static final String BAD_STEPS = "bad_steps";
    private static final String COOLDOWN_COUNTER = "cooldown_counter";

    private final Options options;
    private double learningRate;
    private long steps;
    private double best;
    private int badSteps;
    private int cooldownCounter;

    /** @throws IllegalArgumentException when the base rate is negative or not finite */
    public ReduceLrOnPlateau(double baseLearningRate, Options options) {
        this.options = Objects.requireNonNull(options, "options");
        this.learningRate = BaseOptimizer.checkedLearningRate(baseLearningRate);
        this.best = worst();
    }

    /** With PyTorch's default options. */
    public ReduceLrOnPlateau(double baseLearningRate) {
        this(baseLearningRate, Options.defaults());
    }

    public Options options() {
        return options;
    }

    @Override
    public double learningRate() {
        return learningRate;
    }

    /** Always fails: this schedule moves on a metric. */
    @Override
    public double step() {
        throw new IllegalStateException("ReduceLrOnPlateau moves on a metric: call step(metric)");
    }

    @Override
    public double step(double metric) {
        steps++;
        if (isBetter(metric)) {
            best = metric;
            badSteps = 0;
        } else {
            badSteps++;
        }
        if (cooldownCounter > 0) {
            cooldownCounter--;
            badSteps = 0;
        }
        if (badSteps > options.patience()) {
            double reduced = Math.max(learningRate * options.factor(), options.minLearningRate());
            if (learningRate - reduced > options.eps()) {
                learningRate = reduced;
            }
            cooldownCounter = options.cooldown();
            badSteps = 0;
        }
        return learningRate;
    }

    /** The best metric so far (+∞ for MIN, −∞ for MAX before the first step). */
    public double best() {
        return best;
    }

    /** Bad steps in a row since the last improvement, drop or cooldown. */
    public int badSteps() {
        return badSteps;
    }

    private boolean isBetter(double metric) {
        double t = options.threshold();
        boolean relative = options.thresholdMode() == ThresholdMode.RELATIVE;
        if (options.mode() == Mode.MIN) {
            return metric < (relative ? best * (1 - t) : best - t);
        }
        return metric > (relative ? best * (1 + t) : best + t);
    }

    private double worst() {
        return options.mode() == Mode.MIN ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY;
    }

    @Override
    public ScheduleState state() {
        Map<String, Double> scalars = new LinkedHashMap<>();
        scalars.put(LR, learningRate);
        scalars.put(BEST, best);
        scalars.put(BAD_STEPS, (double) badSteps);
        scalars.put(COOLDOWN_COUNTER, (double) cooldownCounter);
        return new ScheduleState(KIND, steps, scalars);
    }

    @Override
    public void restore(ScheduleState state) {
        Objects.requireNonNull(state, "state");
        if (!state.schedule().equals(KIND)) {
            throw new IllegalArgumentException("cannot restore the state of a " + state.schedule() + " schedule into "
                    + KIND);
        }
        double lr = BaseOptimizer.checkedLearningRate(state.scalar(LR));
        double restoredBest = state.scalar(BEST);
        int bad = count(state, BAD_STEPS);
        int cooldown = count(state, COOLDOWN_COUNTER);
        learningRate = lr;
        best = restoredBest;
        badSteps = bad;
        cooldownCounter = cooldown;
        steps = state.steps();
    }

    private static int count(ScheduleState state, String key) {
        double value = state.scalar(key);
        if (!(value >= 0 && value <= Integer.MAX_VALUE && value == Math.rint(value))) {
            throw new IllegalArgumentException(KIND + " state: '" + key + "' must be a whole number >= 0, got " + value);
        }
        return (int) value;
    }

    @Override
    public String toString() {
        return "ReduceLrOnPlateau(lr " + learningRate + ", " + options + ")";
    }
}
