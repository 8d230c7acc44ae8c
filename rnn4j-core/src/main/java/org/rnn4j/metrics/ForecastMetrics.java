package org.rnn4j.metrics;

import java.util.Objects;

/**
 * Accuracy of a forecast {@code ŷ} of {@code h} values against the actual values {@code y}, with the definitions
 * of the M4 competition (Makridakis et al., 2020) so that results can be compared with its tables.
 *
 * <pre>
 * MAE   = 1/h Σ |y_t − ŷ_t|
 * RMSE  = √(1/h Σ (y_t − ŷ_t)²)
 * sMAPE = 200/h Σ |y_t − ŷ_t| / (|y_t| + |ŷ_t|)                     in percent, 0..200
 * MASE  = MAE / (1/(n−m) Σ_{t=m+1..n} |x_t − x_{t−m}|)               x: the in-sample history, m: the season
 * </pre>
 * MAE and RMSE are in the series' units (RMSE weighs large misses more). sMAPE is scale-free but lopsided near
 * zero; a term with y = ŷ = 0 is a perfect forecast and counts 0 (M4's code would give NaN). MASE divides by the
 * in-sample error of the seasonal naive forecast ({@link org.rnn4j.forecast.SeasonalNaive}), Hyndman and
 * Koehler's (2006) scale-free measure: below 1 beats that baseline's one-step in-sample accuracy.
 *
 * <p>Every value must be finite: a NaN would silently make the score NaN, so it is reported with its index.
 */
public final class ForecastMetrics {
    private ForecastMetrics() {
    }

    /** Mean absolute error. */
    public static double mae(double[] actual, double[] forecast) {
        check(actual, forecast);
        double sum = 0;
        for (int t = 0; t < actual.length; t++) {
            sum += Math.abs(actual[t] - forecast[t]);
        }
        return sum / actual.length;
    }

    /** Root mean squared error. */
    public static double rmse(double[] actual, double[] forecast) {
        check(actual, forecast);
        double sum = 0;
        for (int t = 0; t < actual.length; t++) {
            double e = actual[t] - forecast[t];
            sum += e * e;
        }
        return Math.sqrt(sum / actual.length);
    }

    /** Symmetric mean absolute percentage error as in M4, in percent (0 to 200). */
    public static double smape(double[] actual, double[] forecast) {
        check(actual, forecast);
        double sum = 0;
        for (int t = 0; t < actual.length; t++) {
            double denominator = Math.abs(actual[t]) + Math.abs(forecast[t]);
            sum += denominator == 0 ? 0 : Math.abs(actual[t] - forecast[t]) / denominator;
        }
        return 200 * sum / actual.length;
    }

    /**
     * Mean absolute scaled error as in M4: the forecast's MAE over the in-sample MAE of the seasonal naive
     * forecast on {@code history}.
     *
     * @param history the series before the forecast (the training part), at least {@code season + 1} values
     * @param season  m; 1 for non-seasonal data (the scale is then the naive forecast's error)
     * @throws IllegalArgumentException when the history is too short, or so regular that the seasonal naive
     *     forecast has no in-sample error (MASE would be infinite)
     */
    public static double mase(double[] history, double[] actual, double[] forecast, int season) {
        check(actual, forecast);
        double scale = seasonalNaiveScale(history, season);
        if (scale == 0) {
            throw new IllegalArgumentException("MASE is undefined for this history: it repeats exactly every " + season
                    + " step" + (season == 1 ? "" : "s") + ", so the seasonal naive forecast has no in-sample error to"
                    + " scale by; report MAE or sMAPE instead");
        }
        return mae(actual, forecast) / scale;
    }

    /** MASE's denominator: 1/(n−m) Σ_{t=m+1..n} |x_t − x_{t−m}|. */
    public static double seasonalNaiveScale(double[] history, int season) {
        Objects.requireNonNull(history, "history");
        if (season < 1) {
            throw new IllegalArgumentException("the season must be at least 1 step (1 for non-seasonal data), got "
                    + season);
        }
        if (history.length < season + 1) {
            throw new IllegalArgumentException("MASE with season " + season + " needs a history of at least season + 1"
                    + " = " + (season + 1) + " values to measure the seasonal naive forecast's in-sample error, got "
                    + history.length);
        }
        checkFinite(history, "history");
        double sum = 0;
        for (int t = season; t < history.length; t++) {
            sum += Math.abs(history[t] - history[t - season]);
        }
        return sum / (history.length - season);
    }

    private static void check(double[] actual, double[] forecast) {
        Objects.requireNonNull(actual, "actual");
        Objects.requireNonNull(forecast, "forecast");
        if (actual.length != forecast.length) {
            throw new IllegalArgumentException("a forecast must have one value per actual value, got " + forecast.length
                    + " forecast and " + actual.length + " actual values");
        }
        if (actual.length == 0) {
            throw new IllegalArgumentException("forecast accuracy over no values is undefined; the horizon is empty");
        }
        checkFinite(actual, "actual");
        checkFinite(forecast, "forecast");
    }

    private static void checkFinite(double[] values, String what) {
        for (int t = 0; t < values.length; t++) {
            if (!Double.isFinite(values[t])) {
                throw new IllegalArgumentException(what + "[" + t + "] is " + values[t]
                        + "; fill or drop missing values first");
            }
        }
    }
}
