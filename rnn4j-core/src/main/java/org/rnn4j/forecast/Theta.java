package org.rnn4j.forecast;

import java.util.Objects;

/**
 * The Theta method (Assimakopoulos & Nikolopoulos 2000), in the form of Hyndman & Billah (2003) that won the M3
 * competition and is M4's standard statistical benchmark: simple exponential smoothing plus half the slope of a
 * linear trend, on the series with its season divided out when a test finds one.
 *
 * <pre>
 * season test   |r_m| > 1.645 · sqrt((1 + 2 Σ_{k=1}^{m−1} r_k²) / n)        r_k: autocorrelation at lag k (90%)
 * season        s_j = mean over cycles of y_t / CMA_t at position j, scaled to mean 1   (classical multiplicative;
 *               additive y_t − CMA_t, mean 0, when the series has a value ≤ 0)
 * SES           ℓ_0 = x_0,  ℓ_t = α x_t + (1 − α) ℓ_{t−1},  α ∈ [0.01, 0.99] minimising Σ_t (x_t − ℓ_{t−1})²
 * trend         b = least-squares slope of x_t on t
 * forecast      x̂_{n+h} = ℓ_{n−1} + (b / 2) · (h − 1 + 1/α − (1 − α)^n / α),  then the season put back
 * </pre>
 * The baseline a forecasting network must not fall behind on average: stronger than seasonal naive on trending
 * series, and cheap.
 */
public final class Theta {
    private static final double SEASON_TEST_Z = 1.645;

    private Theta() {
    }

    /**
     * @param history the observed series, at least 3 values (and two whole seasons for a seasonal fit)
     * @param season  m, the period in steps; 1 for none
     * @param horizon steps ahead, at least 1
     */
    public static double[] forecast(double[] history, int season, int horizon) {
        Objects.requireNonNull(history, "history");
        if (season < 1 || horizon < 1) {
            throw new IllegalArgumentException("Theta needs a season and a horizon of at least 1, got " + season
                    + " and " + horizon);
        }
        int n = history.length;
        if (n < 3) {
            throw new IllegalArgumentException("Theta needs at least 3 values, got " + n);
        }
        double[] indices = season > 1 && n >= 2 * season && isSeasonal(history, season)
                ? seasonalIndices(history, season) : null;
        boolean multiplicative = indices != null && allPositive(history);
        if (indices != null && !multiplicative) {
            indices = additiveIndices(history, season);
        }
        double[] x = history.clone();
        for (int t = 0; indices != null && t < n; t++) {
            x[t] = multiplicative ? x[t] / indices[t % season] : x[t] - indices[t % season];
        }
        double alpha = bestAlpha(x);
        double level = smoothedLevel(x, alpha);
        double slope = slope(x);
        double drift = (1 - Math.pow(1 - alpha, n)) / alpha;
        double[] forecast = new double[horizon];
        for (int h = 1; h <= horizon; h++) {
            double value = level + slope / 2 * (h - 1 + drift);
            if (indices != null) {
                double index = indices[(n + h - 1) % season];
                value = multiplicative ? value * index : value + index;
            }
            forecast[h - 1] = value;
        }
        return forecast;
    }

    /** The 90% test on the autocorrelation at lag m (as forecast::thetaf and M4's benchmarks do). */
    static boolean isSeasonal(double[] y, int season) {
        int n = y.length;
        double mean = 0;
        for (double v : y) {
            mean += v / n;
        }
        double denominator = 0;
        for (double v : y) {
            denominator += (v - mean) * (v - mean);
        }
        if (denominator == 0) {
            return false;
        }
        double sumOfSquares = 0;
        double lagM = 0;
        for (int k = 1; k <= season; k++) {
            double numerator = 0;
            for (int t = k; t < n; t++) {
                numerator += (y[t] - mean) * (y[t - k] - mean);
            }
            double r = numerator / denominator;
            if (k < season) {
                sumOfSquares += r * r;
            } else {
                lagM = r;
            }
        }
        return Math.abs(lagM) > SEASON_TEST_Z * Math.sqrt((1 + 2 * sumOfSquares) / n);
    }

    /** Classical multiplicative indices: y / centred moving average, averaged per position, scaled to mean 1. */
    private static double[] seasonalIndices(double[] y, int season) {
        return indices(y, season, true);
    }

    private static double[] additiveIndices(double[] y, int season) {
        return indices(y, season, false);
    }

    private static double[] indices(double[] y, int season, boolean multiplicative) {
        int n = y.length;
        double[] sum = new double[season];
        int[] count = new int[season];
        int half = season / 2;
        for (int t = half; t < n - half; t++) {
            double average;
            if (season % 2 == 1) {
                average = 0;
                for (int k = -half; k <= half; k++) {
                    average += y[t + k] / season;
                }
            } else { // a 2×m moving average: half weights at both ends
                average = (y[t - half] + y[t + half]) / (2.0 * season);
                for (int k = -half + 1; k < half; k++) {
                    average += y[t + k] / season;
                }
            }
            sum[t % season] += multiplicative ? y[t] / average : y[t] - average;
            count[t % season]++;
        }
        double[] indices = new double[season];
        double mean = 0;
        for (int j = 0; j < season; j++) {
            indices[j] = count[j] > 0 ? sum[j] / count[j] : (multiplicative ? 1 : 0);
            mean += indices[j] / season;
        }
        for (int j = 0; j < season; j++) {
            indices[j] = multiplicative ? indices[j] / mean : indices[j] - mean;
        }
        return indices;
    }

    private static boolean allPositive(double[] y) {
        for (double v : y) {
            if (!(v > 0)) {
                return false;
            }
        }
        return true;
    }

    /** α minimising the one-step squared errors: a grid of 0.01 steps, then one refinement around the best. */
    static double bestAlpha(double[] x) {
        double best = 0.5;
        double bestError = Double.POSITIVE_INFINITY;
        for (int i = 1; i <= 99; i++) {
            double alpha = i / 100.0;
            double error = oneStepError(x, alpha);
            if (error < bestError) {
                bestError = error;
                best = alpha;
            }
        }
        double center = best;
        for (int i = -9; i <= 9; i++) {
            double alpha = Math.min(0.99, Math.max(0.01, center + i / 1000.0));
            double error = oneStepError(x, alpha);
            if (error < bestError) {
                bestError = error;
                best = alpha;
            }
        }
        return best;
    }

    private static double oneStepError(double[] x, double alpha) {
        double level = x[0];
        double error = 0;
        for (int t = 1; t < x.length; t++) {
            double e = x[t] - level;
            error += e * e;
            level += alpha * e;
        }
        return error;
    }

    private static double smoothedLevel(double[] x, double alpha) {
        double level = x[0];
        for (int t = 1; t < x.length; t++) {
            level += alpha * (x[t] - level);
        }
        return level;
    }

    /** Least-squares slope of x_t on t. */
    private static double slope(double[] x) {
        int n = x.length;
        double tMean = (n - 1) / 2.0;
        double xMean = 0;
        for (double v : x) {
            xMean += v / n;
        }
        double covariance = 0;
        double variance = 0;
        for (int t = 0; t < n; t++) {
            covariance += (t - tMean) * (x[t] - xMean);
            variance += (t - tMean) * (t - tMean);
        }
        return covariance / variance;
    }
}
