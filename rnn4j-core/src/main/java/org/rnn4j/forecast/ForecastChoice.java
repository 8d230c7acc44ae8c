package org.rnn4j.forecast;

import java.util.Locale;

/**
 * What a trained forecaster's {@link Forecaster#forecast} returns, chosen after training by the error on the
 * validation windows (rolling origins inside the training part): the networks' forecast, the baseline they
 * correct alone, the Theta method, or the mean of the networks' and Theta's. So a default run is never blindly
 * worse than its baselines on the windows it was judged on; on the test part it can still be.
 */
public enum ForecastChoice {
    /** The networks' forecast: the baseline plus their correction (the only choice before 0.2). */
    NETWORK,
    /** The baseline the networks correct ({@link ForecasterSpec#baseline()}), without the correction. */
    BASELINE,
    /** {@link Theta}'s forecast. */
    THETA,
    /** (networks + Theta) / 2. */
    BLEND;

    /** The name in model files and summaries: network, baseline, theta, blend. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static ForecastChoice fromId(String id) {
        for (ForecastChoice c : values()) {
            if (c.id().equals(id)) {
                return c;
            }
        }
        throw new IllegalArgumentException("unknown forecast choice '" + id + "': expected network, baseline, theta"
                + " or blend");
    }
}
