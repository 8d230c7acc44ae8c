package org.rnn4j.forecast;

import java.util.Objects;

/**
 * The seasonal naive forecast: each future value is the last observed value of the same season, so the last
 * {@code season} values repeat. With season 1 it is the naive forecast (the last value, flat).
 *
 * <pre>
 * ŷ_{n+h} = y_{n − m + ((h − 1) mod m)}      h = 1..horizon, y indexed from 0, n = history length, m = season
 * </pre>
 * The baseline every forecasting model must beat, and the denominator of MASE
 * ({@link org.rnn4j.metrics.ForecastMetrics#mase}): a model with MASE above 1 forecasts worse out of sample than
 * this rule did in sample.
 */
public final class SeasonalNaive {
    private SeasonalNaive() {
    }

    /**
     * @param history the observed series, at least {@code season} values
     * @param season  m, the period in steps (12 for monthly data with a yearly cycle, 4 quarterly, 1 for none)
     * @param horizon how many steps ahead, at least 1
     */
    public static double[] forecast(double[] history, int season, int horizon) {
        Objects.requireNonNull(history, "history");
        if (season < 1) {
            throw new IllegalArgumentException("the season must be at least 1 step (1 for the plain naive forecast),"
                    + " got " + season);
        }
        if (horizon < 1) {
            throw new IllegalArgumentException("the horizon must be at least 1 step, got " + horizon);
        }
        if (history.length < season) {
            throw new IllegalArgumentException("a seasonal naive forecast with season " + season + " repeats the last "
                    + season + " values, but the history has only " + history.length
                    + "; use a shorter season or a longer history");
        }
        int n = history.length;
        double[] forecast = new double[horizon];
        for (int h = 1; h <= horizon; h++) {
            forecast[h - 1] = history[n - season + (h - 1) % season];
        }
        return forecast;
    }
}
