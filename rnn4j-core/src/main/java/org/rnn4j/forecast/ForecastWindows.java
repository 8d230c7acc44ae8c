package org.rnn4j.forecast;

import java.util.Objects;

/**
 * The windows a {@link Forecaster} learns from: each forecast origin t (the last observed point) gives an input
 * window of the L points t−L+1..t and, where the series goes on, the H target values t+1..t+H.
 *
 * <p>Features of each window step s, before scaling (z is the series after the transform, log or none):
 * <pre>
 * level      z_s − mean(z)      the window relative to its own mean, so the level of the series does not matter
 *                               (the mean of whole seasons is steadier than the last value, which carries its noise)
 * seasonal   z_s − z_{s−m}      the seasonal difference (season m; with m = 1 the first difference)
 * input j    x_{j,s}            each extra input column as it is
 * </pre>
 * Targets, before scaling: {@code r_h = z_{t+h} − b_h}, the residual over a baseline forecast {@code b} made at t:
 * the seasonal naive forecast {@code b_h = z_{t+1−m+((h−1) mod m)}}, the seasonal mean (the mean of that value over
 * the ⌊L/m⌋ seasons of the window) or the last value {@code b_h = z_t}. The network
 * learns only the correction to a forecast that is already sensible; an untrained network (output ≈ the mean
 * training residual) is the baseline plus the average drift.
 *
 * <p>A window needs L + m points (the seasonal difference of its first step looks m further back), so the first
 * origin is L + m − 1. {@link #split} cuts the origins into training and validation windows so that no training
 * target is a validation target.
 */
public final class ForecastWindows {
    private final double[] z;
    private final ForecastData data;
    private final int window;
    private final int season;
    private final int horizon;
    private final Transform transform;
    private final Baseline baseline;

    /**
     * @throws IllegalArgumentException when the transform cannot be applied (log of a value ≤ 0), naming the
     *     position
     */
    public ForecastWindows(ForecastData data, int window, int season, int horizon, Transform transform,
                           Baseline baseline) {
        this.data = Objects.requireNonNull(data, "data");
        this.window = window;
        this.season = season;
        this.horizon = horizon;
        this.transform = Objects.requireNonNull(transform, "transform");
        this.baseline = Objects.requireNonNull(baseline, "baseline");
        this.z = new double[data.size()];
        for (int t = 0; t < z.length; t++) {
            double y = data.target(t);
            if (transform == Transform.LOG && !(y > 0)) {
                throw new IllegalArgumentException("the log transform needs positive values, but point " + t
                        + " of the series is " + y + "; use ForecasterSpec.transform none, or shift the series above 0");
            }
            z[t] = transform == Transform.LOG ? Math.log(y) : y;
        }
    }

    /** Which origins train and which validate; origins are indices of the last observed point of a window. */
    public record Split(int firstTraining, int lastTraining, int firstValidation, int lastValidation) {
        public int trainingWindows() {
            return lastTraining - firstTraining + 1;
        }

        public int validationWindows() {
            return lastValidation - firstValidation + 1;
        }

        public int[] trainingOrigins() {
            return range(firstTraining, lastTraining);
        }

        public int[] validationOrigins() {
            return range(firstValidation, lastValidation);
        }

        private static int[] range(int from, int to) {
            int[] r = new int[Math.max(0, to - from + 1)];
            for (int i = 0; i < r.length; i++) {
                r[i] = from + i;
            }
            return r;
        }
    }

    /** Points before the first origin's end: a window of L points and the m before them. */
    public static int minHistory(int window, int season) {
        return window + season;
    }

    /** Training windows a history leaves (see {@link #split}); 0 or less when it leaves none. */
    static int trainingWindows(int length, int window, int season, int horizon, int validationWindows) {
        return validationWindows == 0 ? length - horizon - window - season + 1
                : length - 2 * horizon - validationWindows - window - season + 2;
    }

    /** Training windows below which the default sizes shrink to fit a short history. */
    static final int MIN_TRAINING_WINDOWS = 8;

    /** A window length and a number of validation windows. */
    public record Sizes(int window, int validationWindows) {
    }

    /**
     * The default window ({@link ForecasterSpec#defaultWindow}) and validation windows (one per step of the horizon)
     * when the history leaves at least {@value #MIN_TRAINING_WINDOWS} training windows with them; on a shorter
     * history first fewer validation windows (down to a third of the horizon, at least 2), then a shorter window
     * (down to one season, at least 8 points), then a single validation window, then none, until it does. A short
     * monthly series (72 points, horizon 18: the defaults asked for 101) trains so without validation.
     */
    public static Sizes defaultSizes(int length, int season, int horizon) {
        int window = ForecasterSpec.defaultWindow(horizon, season);
        int validation = horizon;
        int fewestValidation = Math.max(2, (horizon + 2) / 3);
        int shortestWindow = Math.min(window, Math.max(season, 8));
        while (trainingWindows(length, window, season, horizon, validation) < MIN_TRAINING_WINDOWS) {
            if (validation > fewestValidation) {
                validation--;
            } else if (window > shortestWindow) {
                window--;
            } else if (validation > 1) {
                validation = 1;
            } else if (validation == 1) {
                validation = 0; // no validation: no early stopping, and the networks' forecast without a choice
            } else {
                break; // too short even so: split() says how long the history must be
            }
        }
        return new Sizes(window, validation);
    }

    /**
     * The last {@code validationWindows} origins whose targets lie inside a history of {@code length} points
     * validate; training origins are those whose targets all come before the first validation target.
     *
     * @throws IllegalArgumentException when no training window is left, saying how long the history must be
     */
    public static Split split(int length, int window, int season, int horizon, int validationWindows) {
        if (validationWindows < 0) {
            throw new IllegalArgumentException("ForecasterTraining.validationWindows must be 0 or more, got " + validationWindows);
        }
        int first = minHistory(window, season) - 1;
        int lastValidation = length - 1 - horizon;
        int firstValidation = lastValidation - validationWindows + 1;
        int lastTraining = validationWindows == 0 ? lastValidation : firstValidation - horizon;
        if (lastTraining < first) {
            int needed = window + season + horizon + (validationWindows == 0 ? 0 : validationWindows + horizon - 1);
            throw new IllegalArgumentException("a history of " + length + " points is too short for ForecasterSpec.window "
                    + window + ", ForecasterSpec.season " + season + ", ForecasterSpec.horizon " + horizon + " and " + validationWindows
                    + " validation windows: a first training window needs " + needed + " points (window + season + "
                    + "horizon" + (validationWindows == 0 ? "" : " + validation windows + horizon − 1") + "); use a "
                    + "shorter ForecasterSpec.window or ForecasterSpec.horizon, fewer ForecasterTraining.validationWindows, or a"
                    + " longer series");
        }
        return new Split(first, lastTraining, firstValidation, lastValidation);
    }

    public ForecastData data() {
        return data;
    }

    /** Features per step: level, seasonal difference, then the extra inputs. */
    public int features() {
        return 2 + data.inputCount();
    }

    /** The first origin with a whole window (L + m − 1). */
    public int firstOrigin() {
        return minHistory(window, season) - 1;
    }

    /** The last origin with all H targets in the data. */
    public int lastTargetOrigin() {
        return data.size() - 1 - horizon;
    }

    /** The series after the transform, at t. */
    public double transformed(int t) {
        return z[t];
    }

    /** (L, F) unscaled features of the window ending at {@code origin}. */
    public double[][] rawInputs(int origin) {
        checkOrigin(origin, data.size() - 1);
        double[][] x = new double[window][features()];
        double level = 0;
        for (int k = 0; k < window; k++) {
            level += z[origin - window + 1 + k];
        }
        level /= window;
        for (int k = 0; k < window; k++) {
            int s = origin - window + 1 + k;
            x[k][0] = z[s] - level;
            x[k][1] = z[s] - z[s - season];
            for (int j = 0; j < data.inputCount(); j++) {
                x[k][2 + j] = data.input(j, s);
            }
        }
        return x;
    }

    /** The baseline forecast made at {@code origin}, H values after the transform. */
    public double[] base(int origin) {
        checkOrigin(origin, data.size() - 1);
        double[] b = new double[horizon];
        int seasons = Math.max(1, window / season); // all within the window, so all before the first origin exist
        for (int h = 1; h <= horizon; h++) {
            int sameStepLastSeason = origin + 1 - season + (h - 1) % season;
            b[h - 1] = switch (baseline) {
                case LAST_VALUE -> z[origin];
                case SEASONAL_NAIVE -> z[sameStepLastSeason];
                case SEASONAL_MEAN -> {
                    double sum = 0;
                    for (int k = 0; k < seasons; k++) {
                        sum += z[sameStepLastSeason - k * season];
                    }
                    yield sum / seasons;
                }
            };
        }
        return b;
    }

    /** The H unscaled targets of the window ending at {@code origin}: residuals over {@link #base}. */
    public double[] rawTargets(int origin) {
        checkOrigin(origin, lastTargetOrigin());
        double[] b = base(origin);
        double[] r = new double[horizon];
        for (int h = 1; h <= horizon; h++) {
            r[h - 1] = z[origin + h] - b[h - 1];
        }
        return r;
    }

    /** Back from the transform to the series' units. */
    public double untransform(double value) {
        return transform == Transform.LOG ? Math.exp(value) : value;
    }

    private void checkOrigin(int origin, int last) {
        if (origin < firstOrigin() || origin > last) {
            throw new IllegalArgumentException("origin " + origin + " is outside " + firstOrigin() + ".." + last
                    + " for a series of " + data.size() + " points, window " + window + ", season " + season
                    + " and horizon " + horizon);
        }
    }
}
