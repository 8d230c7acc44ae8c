package org.rnn4j.forecast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The last season repeats. */
class SeasonalNaiveTest {

    @Test
    void repeatsTheLastSeasonOverTheHorizon() {
        double[] history = {9, 9, 1, 2, 3};

        assertThat(SeasonalNaive.forecast(history, 3, 7)).containsExactly(1, 2, 3, 1, 2, 3, 1);
        assertThat(SeasonalNaive.forecast(history, 3, 2)).containsExactly(1, 2);
    }

    @Test
    void seasonOneIsTheFlatNaiveForecast() {
        assertThat(SeasonalNaive.forecast(new double[] {4, 5, 6}, 1, 3)).containsExactly(6, 6, 6);
    }

    @Test
    void aHistoryShorterThanTheSeasonIsNamed() {
        assertThatThrownBy(() -> SeasonalNaive.forecast(new double[11], 12, 3))
                .hasMessage("a seasonal naive forecast with season 12 repeats the last 12 values, but the history has"
                        + " only 11; use a shorter season or a longer history");
        assertThatThrownBy(() -> SeasonalNaive.forecast(new double[3], 0, 3))
                .hasMessageStartingWith("the season must be at least 1 step");
        assertThatThrownBy(() -> SeasonalNaive.forecast(new double[3], 1, 0))
                .hasMessage("the horizon must be at least 1 step, got 0");
    }
}
