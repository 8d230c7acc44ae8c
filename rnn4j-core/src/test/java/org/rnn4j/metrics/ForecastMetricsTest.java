package org.rnn4j.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.rnn4j.forecast.SeasonalNaive;
import org.rnn4j.forecast.SeriesCsv;

/** MAE, RMSE, and M4's sMAPE and MASE, by hand and on AirPassengers. */
class ForecastMetricsTest {

    @Test
    void maeAndRmseByHand() {
        double[] actual = {1, 2, 3, 4};
        double[] forecast = {2, 2, 1, 4};

        assertThat(ForecastMetrics.mae(actual, forecast)).isEqualTo(0.75); // (1 + 0 + 2 + 0) / 4
        assertThat(ForecastMetrics.rmse(actual, forecast)).isCloseTo(Math.sqrt(5.0 / 4), within(1e-15));
    }

    @Test
    void smapeIsInPercentAsInM4() {
        // 200/2 · (10/210 + 20/380)
        double expected = 100 * (10.0 / 210 + 20.0 / 380);

        assertThat(ForecastMetrics.smape(new double[] {100, 200}, new double[] {110, 180}))
                .isCloseTo(expected, within(1e-12));
        assertThat(ForecastMetrics.smape(new double[] {5}, new double[] {-5})).isEqualTo(200);
    }

    @Test
    void smapeCountsAnExactZeroForecastOfZeroAsPerfect() {
        assertThat(ForecastMetrics.smape(new double[] {0, 10}, new double[] {0, 10})).isZero();
    }

    @Test
    void maseDividesByTheInSampleSeasonalNaiveError() {
        // Season 4: the in-sample errors |y_t − y_{t−4}| for t = 5..8 are all 4, so the scale is 4.
        double[] history = {1, 2, 3, 4, 5, 6, 7, 8};

        assertThat(ForecastMetrics.seasonalNaiveScale(history, 4)).isEqualTo(4);
        assertThat(ForecastMetrics.mase(history, new double[] {10, 10}, new double[] {8, 12}, 4)).isEqualTo(0.5);
        // Season 1 (naive): steps of 1, so MASE = MAE.
        assertThat(ForecastMetrics.mase(history, new double[] {10, 10}, new double[] {8, 12}, 1)).isEqualTo(2);
    }

    @Test
    void theSeasonalNaiveForecastOfAirPassengers1960() throws URISyntaxException {
        // Train on 1949-1959 (132 months), forecast the 12 months of 1960 with last year's values. Expected values
        // from an independent Python computation of the same definitions.
        double[] series = SeriesCsv.read(Path.of(getClass().getResource("/forecast/AirPassengers.csv").toURI()),
                "value").values();
        double[] train = Arrays.copyOfRange(series, 0, 132);
        double[] test = Arrays.copyOfRange(series, 132, 144);

        double[] forecast = SeasonalNaive.forecast(train, 12, 12);

        assertThat(forecast).containsExactly(360, 342, 406, 396, 420, 472, 548, 559, 463, 407, 362, 405);
        assertThat(ForecastMetrics.mae(test, forecast)).isCloseTo(47.833333333333336, within(1e-12));
        assertThat(ForecastMetrics.rmse(test, forecast)).isCloseTo(50.708316214732804, within(1e-12));
        assertThat(ForecastMetrics.smape(test, forecast)).isCloseTo(10.571808257497901, within(1e-12));
        assertThat(ForecastMetrics.seasonalNaiveScale(train, 12)).isCloseTo(30.45, within(1e-12));
        assertThat(ForecastMetrics.mase(train, test, forecast, 12)).isCloseTo(1.57088122605364, within(1e-12));
    }

    @Test
    void aHistoryTooShortForTheSeasonIsNamed() {
        assertThatThrownBy(() -> ForecastMetrics.mase(new double[12], new double[] {1}, new double[] {1}, 12))
                .hasMessage("MASE with season 12 needs a history of at least season + 1 = 13 values to measure the"
                        + " seasonal naive forecast's in-sample error, got 12");
    }

    @Test
    void aPerfectlyPeriodicHistoryLeavesMaseUndefined() {
        assertThatThrownBy(() -> ForecastMetrics.mase(new double[] {1, 2, 1, 2, 1, 2}, new double[] {1},
                new double[] {2}, 2))
                .hasMessageStartingWith("MASE is undefined for this history: it repeats exactly every 2 steps");
    }

    @Test
    void mismatchedEmptyOrMissingValuesAreRejected() {
        assertThatThrownBy(() -> ForecastMetrics.mae(new double[] {1, 2}, new double[] {1}))
                .hasMessage("a forecast must have one value per actual value, got 1 forecast and 2 actual values");
        assertThatThrownBy(() -> ForecastMetrics.rmse(new double[0], new double[0]))
                .hasMessageStartingWith("forecast accuracy over no values is undefined");
        assertThatThrownBy(() -> ForecastMetrics.smape(new double[] {1, Double.NaN}, new double[] {1, 1}))
                .hasMessage("actual[1] is NaN; fill or drop missing values first");
        assertThatThrownBy(() -> ForecastMetrics.seasonalNaiveScale(new double[] {1, 2}, 0))
                .hasMessageStartingWith("the season must be at least 1 step");
    }
}
