package org.rnn4j.forecast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The windows, features, baselines and targets, worked out by hand, and the training/validation split. */
class ForecastWindowsTest {
    /** y_t = t², so every difference is distinct and a wrong index shows. */
    private static ForecastData squares(int n) {
        double[] y = new double[n];
        double[] x = new double[n];
        for (int t = 0; t < n; t++) {
            y[t] = t * t;
            x[t] = 100 + t;
        }
        return new ForecastData(y, List.of(x));
    }

    @Test
    void featuresAreTheWindowAroundItsMeanTheSeasonalDifferenceAndTheExtraInput() {
        // window 3, season 2: the first origin is 3 + 2 − 1 = 4
        ForecastWindows w = new ForecastWindows(squares(20), 3, 2, 5, Transform.NONE,
                Baseline.SEASONAL_NAIVE);

        assertThat(w.firstOrigin()).isEqualTo(4);
        assertThat(w.features()).isEqualTo(3);
        double[][] x = w.rawInputs(6); // steps 4, 5, 6: values 16, 25, 36, mean 77/3
        double mean = 77.0 / 3;
        assertThat(x[0]).containsExactly(16 - mean, 16 - 4, 104);
        assertThat(x[1]).containsExactly(25 - mean, 25 - 9, 105);
        assertThat(x[2]).containsExactly(36 - mean, 36 - 16, 106);
        assertThatThrownBy(() -> w.rawInputs(3)).hasMessageContaining("origin 3 is outside 4..19");
    }

    @Test
    void seasonalNaiveBaselineRepeatsTheLastSeasonOverAHorizonLongerThanIt() {
        ForecastWindows w = new ForecastWindows(squares(20), 3, 2, 5, Transform.NONE,
                Baseline.SEASONAL_NAIVE);

        // origin 6, season 2: the last season is y5, y6, so the forecast is y5, y6, y5, y6, y5
        assertThat(w.base(6)).containsExactly(25, 36, 25, 36, 25);
        assertThat(w.rawTargets(6)).containsExactly(49 - 25, 64 - 36, 81 - 25, 100 - 36, 121 - 25);
        assertThat(w.base(6)).containsExactly(SeasonalNaive.forecast(new double[] {0, 1, 4, 9, 16, 25, 36}, 2, 5));
        assertThat(w.lastTargetOrigin()).isEqualTo(14);
        assertThatThrownBy(() -> w.rawTargets(15)).hasMessageContaining("origin 15 is outside 4..14");
    }

    @Test
    void seasonalMeanBaselineAveragesTheSameStepOverTheSeasonsOfTheWindow() {
        ForecastWindows mean = new ForecastWindows(squares(20), 4, 2, 3, Transform.NONE,
                Baseline.SEASONAL_MEAN);
        // window 4, season 2: two seasons; at origin 7, step 1 averages z6 and z4, step 2 z7 and z5, step 3 as step 1
        assertThat(mean.base(7)).containsExactly((36 + 16) / 2.0, (49 + 25) / 2.0, (36 + 16) / 2.0);
        assertThat(mean.rawTargets(7)).containsExactly(64 - 26, 81 - 37, 100 - 26);
        assertThat(Baseline.fromId("seasonal-mean")).isEqualTo(Baseline.SEASONAL_MEAN);
    }

    @Test
    void lastValueBaselineIsFlatAndTheLogTransformIsUndone() {
        ForecastWindows flat = new ForecastWindows(squares(20), 3, 2, 3, Transform.NONE,
                Baseline.LAST_VALUE);
        assertThat(flat.base(6)).containsExactly(36, 36, 36);
        assertThat(flat.rawTargets(6)).containsExactly(13, 28, 45);

        ForecastWindows log = new ForecastWindows(ForecastData.of(1, 2, 4, 8, 16, 32, 64), 2, 1, 1,
                Transform.LOG, Baseline.SEASONAL_NAIVE);
        assertThat(log.rawTargets(2)[0]).isCloseTo(Math.log(2), within(1e-12)); // log 8 − log 4
        assertThat(log.untransform(log.transformed(5))).isCloseTo(32, within(1e-9));
        assertThatThrownBy(() -> new ForecastWindows(ForecastData.of(3, 0, 2), 1, 1, 1, Transform.LOG,
                Baseline.SEASONAL_NAIVE))
                .hasMessage("the log transform needs positive values, but point 1 of the series is 0.0; use "
                        + "ForecasterSpec.transform none, or shift the series above 0");
    }

    @Test
    void noTrainingTargetIsAValidationTargetAndNoTargetLeavesTheHistory() {
        int length = 100;
        int horizon = 6;
        ForecastWindows.Split split = ForecastWindows.split(length, 10, 4, horizon, 5);

        assertThat(split.validationWindows()).isEqualTo(5);
        assertThat(split.lastValidation() + horizon).isEqualTo(length - 1); // the last target is the last point
        assertThat(split.firstTraining()).isEqualTo(13);
        int firstValidationTarget = split.firstValidation() + 1;
        for (int origin : split.trainingOrigins()) {
            assertThat(origin + horizon).isLessThan(firstValidationTarget);
        }
        assertThat(split.lastTraining() + horizon).isEqualTo(firstValidationTarget - 1); // and no data is wasted
        assertThat(split.trainingWindows()).isEqualTo(split.trainingOrigins().length).isEqualTo(71);
    }

    @Test
    void withoutValidationEveryOriginTrains() {
        ForecastWindows.Split split = ForecastWindows.split(30, 5, 2, 3, 0);

        assertThat(split.validationOrigins()).isEmpty();
        assertThat(split.trainingOrigins()).startsWith(6).endsWith(26);
    }

    @Test
    void aHistoryTooShortSaysHowLongItMustBe() {
        assertThatThrownBy(() -> ForecastWindows.split(40, 24, 12, 12, 12))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a history of 40 points is too short for ForecasterSpec.window 24, ForecasterSpec.season"
                        + " 12, ForecasterSpec.horizon 12 and 12 validation windows: a first training window needs 71"
                        + " points (window + season + horizon + validation windows + horizon − 1); use a shorter"
                        + " ForecasterSpec.window or ForecasterSpec.horizon, fewer ForecasterTraining.validationWindows,"
                        + " or a longer series");
        ForecastWindows.split(71, 24, 12, 12, 12); // exactly enough
    }

    @Test
    void theDefaultSizesFitALongSeriesUnchangedAndShrinkForAShortOne() {
        assertThat(ForecastWindows.defaultSizes(144 - 12, 12, 12))
                .isEqualTo(new ForecastWindows.Sizes(ForecasterSpec.defaultWindow(12, 12), 12));

        ForecastWindows.Sizes shortMonthly = ForecastWindows.defaultSizes(72 - 18, 12, 18); // defaults needed 101
        ForecastWindows.Split split = ForecastWindows.split(72 - 18, shortMonthly.window(), 12, 18,
                shortMonthly.validationWindows());
        assertThat(split.trainingWindows()).isGreaterThanOrEqualTo(1);

        ForecastWindows.Sizes shortQuarterly = ForecastWindows.defaultSizes(60, 4, 8);
        assertThat(shortQuarterly.validationWindows()).as("kept where the history allows").isPositive();
        assertThat(ForecastWindows.split(60, shortQuarterly.window(), 4, 8, shortQuarterly.validationWindows())
                .trainingWindows()).isGreaterThanOrEqualTo(ForecastWindows.MIN_TRAINING_WINDOWS);
        assertThat(shortMonthly.window()).isGreaterThanOrEqualTo(8);
    }
}
