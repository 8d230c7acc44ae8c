package org.rnn4j.forecast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The Theta method on series whose forecast is known in closed form. */
class ThetaTest {
    @Test
    void aConstantSeriesForecastsItself() {
        double[] y = new double[30];
        Arrays.fill(y, 7.5);

        assertThat(Theta.forecast(y, 12, 5)).containsOnly(7.5);
    }

    @Test
    void aStraightLineContinuesAtHalfItsSlope() {
        double[] y = new double[40];
        for (int t = 0; t < y.length; t++) {
            y[t] = 5 + 2 * t;
        }
        double[] f = Theta.forecast(y, 1, 4);

        // SES follows the line closely (α near 1) and the drift is b/2 = 1 per step: Theta's known damping.
        for (int h = 1; h < f.length; h++) {
            assertThat(f[h] - f[h - 1]).isCloseTo(1.0, within(1e-9));
        }
        assertThat(f[0]).isGreaterThan(y[y.length - 1]).isLessThan(y[y.length - 1] + 2 * 2);
    }

    @Test
    void aPurelySeasonalSeriesRepeatsItsSeason() {
        double[] pattern = {10, 12, 15, 11, 9, 8};
        double[] y = new double[pattern.length * 5];
        for (int t = 0; t < y.length; t++) {
            y[t] = pattern[t % pattern.length];
        }
        assertThat(Theta.isSeasonal(y, pattern.length)).isTrue();

        double[] f = Theta.forecast(y, pattern.length, 12);
        for (int h = 0; h < f.length; h++) {
            assertThat(f[h]).as("step %d", h + 1).isCloseTo(pattern[(y.length + h) % pattern.length], within(1e-6));
        }
    }

    @Test
    void aSeasonalSeriesWithZerosUsesAdditiveIndices() {
        double[] pattern = {0, 3, -2, 5};
        double[] y = new double[pattern.length * 6];
        for (int t = 0; t < y.length; t++) {
            y[t] = pattern[t % pattern.length];
        }
        double[] f = Theta.forecast(y, pattern.length, 4);

        assertThat(f).containsExactly(new double[] {0, 3, -2, 5}, within(1e-6));
    }

    @Test
    void tooShortAHistoryIsNamed() {
        assertThatThrownBy(() -> Theta.forecast(new double[] {1, 2}, 1, 3)).hasMessageContaining("at least 3 values");
    }
}
