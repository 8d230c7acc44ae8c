package org.rnn4j.forecast;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** The baseline forecast a forecaster's networks correct. */
public enum Baseline {
    /** The last season repeated ({@link SeasonalNaive}): for seasonal series. */
    SEASONAL_NAIVE("seasonal-naive"),
    /** The last value, flat: for series whose level persists but whose season is irregular. */
    LAST_VALUE("last-value"),
    /**
     * The mean of the same step of the season over the seasons the window holds (window / season of them): for
     * a noisy seasonal series, where last season's value carries last season's noise.
     */
    SEASONAL_MEAN("seasonal-mean");

    private final String id;

    Baseline(String id) {
        this.id = id;
    }

    /** The name in model files and on the command line. */
    @JsonValue
    public String id() {
        return id;
    }

    @JsonCreator
    public static Baseline fromId(String id) {
        for (Baseline b : values()) {
            if (b.id.equals(id)) {
                return b;
            }
        }
        throw new IllegalArgumentException("ForecasterSpec.baseline must be seasonal-naive, seasonal-mean or"
                + " last-value, got '" + id + "'");
    }
}
