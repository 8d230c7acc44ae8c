package org.rnn4j.forecast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** Standard and min-max scaling fitted on training values, inverted exactly, stored as JSON. */
class ScalerTest {
    private static final double[] TRAIN = {2, 4, 4, 4, 5, 5, 7, 9}; // mean 5, population std 2

    @Test
    void standardGivesMeanZeroAndPopulationStdOne() {
        Scaler s = Scaler.fitStandard(TRAIN);

        assertThat(s.shift()).isEqualTo(5);
        assertThat(s.scale()).isEqualTo(2);
        assertThat(s.transform(TRAIN)).containsExactly(-1.5, -0.5, -0.5, -0.5, 0, 0, 1, 2);
    }

    @Test
    void minMaxMapsTheTrainingRangeToZeroOneAndLaterValuesMayFallOutside() {
        Scaler s = Scaler.fitMinMax(TRAIN);

        assertThat(s.transform(2)).isZero();
        assertThat(s.transform(9)).isEqualTo(1);
        assertThat(s.transform(16)).isEqualTo(2);
    }

    @Test
    void inverseUndoesTransform() {
        double[] values = {-3.25, 0, 112, 622, 1e6};
        for (Scaler s : new Scaler[] {Scaler.fitStandard(TRAIN), Scaler.fitMinMax(TRAIN)}) {
            double[] back = s.inverse(s.transform(values));
            for (int i = 0; i < values.length; i++) {
                assertThat(back[i]).isCloseTo(values[i], within(1e-9 * Math.max(1, Math.abs(values[i]))));
            }
        }
    }

    @Test
    void aConstantSeriesGetsScaleOneAsInScikitLearn() {
        assertThat(Scaler.fitStandard(new double[] {3, 3, 3}).transform(4)).isEqualTo(1);
        assertThat(Scaler.fitMinMax(new double[] {3, 3, 3}).transform(3)).isZero();
    }

    @Test
    void jsonRoundTripIsExact() {
        Scaler standard = Scaler.fitStandard(new double[] {0.1, 0.7, 1.0 / 3});
        Scaler minMax = Scaler.fitMinMax(TRAIN);

        assertThat(Scaler.fromJson(standard.toJson())).isEqualTo(standard);
        assertThat(Scaler.fromJson(minMax.toJson())).isEqualTo(minMax);
        assertThat(minMax.toJson()).isEqualTo("{\"kind\":\"min-max\",\"min\":2.0,\"max\":9.0}");
        assertThat(Scaler.fitStandard(TRAIN).toJson()).isEqualTo("{\"kind\":\"standard\",\"mean\":5.0,\"std\":2.0}");
    }

    @Test
    void badJsonIsNamed() {
        assertThatThrownBy(() -> Scaler.fromJson("{\"kind\":\"robust\"}"))
                .hasMessage("scaler JSON: 'kind' must be \"standard\" or \"min-max\", got \"robust\"");
        assertThatThrownBy(() -> Scaler.fromJson("{\"kind\":\"standard\",\"mean\":1}"))
                .hasMessage("scaler JSON: 'std' must be a finite number, got nothing");
        assertThatThrownBy(() -> Scaler.fromJson("{\"kind\":\"standard\",\"mean\":1,\"std\":-2}"))
                .hasMessage("scaler JSON: 'std' must be >= 0, got -2.0");
        assertThatThrownBy(() -> Scaler.fromJson("{\"kind\":\"min-max\",\"min\":5,\"max\":1}"))
                .hasMessage("scaler JSON: 'max' 1.0 is below 'min' 5.0");
        assertThatThrownBy(() -> Scaler.fromJson("{\"kind\":\"min-max\",\"min\":\"0\",\"max\":1}"))
                .hasMessage("scaler JSON: 'min' must be a finite number, got \"0\"");
        assertThatThrownBy(() -> Scaler.fromJson("nope")).hasMessageStartingWith("scaler JSON: not valid JSON");
    }

    @Test
    void fittingOnNothingOrOnMissingValuesIsRefused() {
        assertThatThrownBy(() -> Scaler.fitStandard(new double[0]))
                .hasMessage("cannot fit a scaler on no values; the training part is empty");
        assertThatThrownBy(() -> Scaler.fitMinMax(new double[] {1, Double.NaN}))
                .hasMessage("cannot fit a scaler: training value 1 is NaN; fill or drop missing values first");
    }
}
