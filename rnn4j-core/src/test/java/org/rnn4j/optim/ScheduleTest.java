package org.rnn4j.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.rnn4j.optim.ReduceLrOnPlateau.Mode;
import org.rnn4j.optim.ReduceLrOnPlateau.Options;
import org.rnn4j.optim.ReduceLrOnPlateau.ThresholdMode;

/** The schedules' formulas at their edges, their validation, and their state. */
class ScheduleTest {

    @Test
    void stepLrMultipliesByGammaEveryStepSizeSteps() {
        StepLr schedule = new StepLr(1.0, 3, 0.1);

        assertThat(schedule.learningRate()).isEqualTo(1.0);
        assertThat(schedule.learningRateAt(2)).isEqualTo(1.0);
        assertThat(schedule.learningRateAt(3)).isCloseTo(0.1, within(1e-15));
        assertThat(schedule.learningRateAt(6)).isCloseTo(0.01, within(1e-15));
        schedule.step();
        schedule.step();
        assertThat(schedule.step()).isCloseTo(0.1, within(1e-15));
        assertThat(schedule.steps()).isEqualTo(3);
    }

    @Test
    void exponentialLrMultipliesByGammaEveryStep() {
        ExponentialLr schedule = new ExponentialLr(2.0, 0.5);

        assertThat(schedule.learningRateAt(0)).isEqualTo(2.0);
        assertThat(schedule.learningRateAt(3)).isEqualTo(0.25);
    }

    @Test
    void warmupRisesLinearlyToTheBaseThenCosineFallsToTheFloorAndStaysThere() {
        WarmupCosineLr schedule = new WarmupCosineLr(1.0, 4, 14, 0.1);

        assertThat(schedule.learningRateAt(0)).isEqualTo(0.25);
        assertThat(schedule.learningRateAt(1)).isEqualTo(0.5);
        assertThat(schedule.learningRateAt(3)).isEqualTo(1.0);
        assertThat(schedule.learningRateAt(4)).isEqualTo(1.0);
        assertThat(schedule.learningRateAt(9)).isCloseTo(0.55, within(1e-12)); // half way: the mean of base and floor
        assertThat(schedule.learningRateAt(14)).isEqualTo(0.1);
        assertThat(schedule.learningRateAt(1000)).isEqualTo(0.1);
    }

    @Test
    void timeBasedSchedulesRefuseInvalidConfigurations() {
        assertThatThrownBy(() -> new StepLr(0.1, 0, 0.5)).hasMessageContaining("stepSize");
        assertThatThrownBy(() -> new StepLr(-0.1, 1, 0.5)).hasMessageContaining("learningRate");
        assertThatThrownBy(() -> new ExponentialLr(0.1, 0)).hasMessageContaining("gamma");
        assertThatThrownBy(() -> new WarmupCosineLr(0.1, 10, 10, 0)).hasMessageContaining("totalSteps");
        assertThatThrownBy(() -> new WarmupCosineLr(0.1, -1, 10, 0)).hasMessageContaining("warmupSteps");
        assertThatThrownBy(() -> new WarmupCosineLr(0.1, 0, 10, 0.2)).hasMessageContaining("minLearningRate");
    }

    @Test
    void plateauDropsTheRateAfterPatiencePlusOneStepsWithoutImprovement() {
        ReduceLrOnPlateau schedule = new ReduceLrOnPlateau(1.0, Options.defaults().withPatience(2).withFactor(0.5));

        schedule.step(1.0);  // best
        schedule.step(1.0);  // bad 1
        schedule.step(1.0);  // bad 2: patience reached, not exceeded
        assertThat(schedule.learningRate()).isEqualTo(1.0);
        schedule.step(1.0);  // bad 3 > patience
        assertThat(schedule.learningRate()).isEqualTo(0.5);
        assertThat(schedule.badSteps()).isZero();
    }

    @Test
    void plateauCountsOnlyImprovementsBeyondTheThreshold() {
        ReduceLrOnPlateau relative = new ReduceLrOnPlateau(1.0, Options.defaults().withPatience(0));
        relative.step(1.0);
        relative.step(0.99995); // within 1e-4 of the best, relatively: not better
        assertThat(relative.learningRate()).isCloseTo(0.1, within(1e-15));
        assertThat(relative.best()).isEqualTo(1.0);

        ReduceLrOnPlateau absolute = new ReduceLrOnPlateau(1.0,
                Options.defaults().withPatience(0).withThreshold(0.5, ThresholdMode.ABSOLUTE));
        absolute.step(10);
        absolute.step(9.6);
        assertThat(absolute.learningRate()).isCloseTo(0.1, within(1e-15));
    }

    @Test
    void plateauInMaxModeWantsTheMetricToRise() {
        ReduceLrOnPlateau schedule = new ReduceLrOnPlateau(1.0, Options.defaults().withMode(Mode.MAX).withPatience(0));

        schedule.step(0.5);
        schedule.step(0.6);
        assertThat(schedule.learningRate()).isEqualTo(1.0);
        schedule.step(0.55);
        assertThat(schedule.learningRate()).isCloseTo(0.1, within(1e-15));
    }

    @Test
    void plateauNeverGoesBelowItsFloorAndANanMetricIsNeverAnImprovement() {
        ReduceLrOnPlateau schedule = new ReduceLrOnPlateau(1.0,
                Options.defaults().withPatience(0).withMinLearningRate(0.05));

        schedule.step(1.0);
        for (int i = 0; i < 5; i++) {
            schedule.step(Double.NaN);
        }

        assertThat(schedule.learningRate()).isEqualTo(0.05);
        assertThat(schedule.best()).isEqualTo(1.0);
    }

    @Test
    void plateauNeedsAMetricToStep() {
        assertThatThrownBy(() -> new ReduceLrOnPlateau(0.1).step()).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("step(metric)");
    }

    @Test
    void plateauOptionsRefuseInvalidValues() {
        assertThatThrownBy(() -> Options.defaults().withFactor(1.0)).hasMessageContaining("factor");
        assertThatThrownBy(() -> Options.defaults().withFactor(0)).hasMessageContaining("factor");
        assertThatThrownBy(() -> Options.defaults().withPatience(-1)).hasMessageContaining("patience");
        assertThatThrownBy(() -> Options.defaults().withCooldown(-1)).hasMessageContaining("cooldown");
        assertThatThrownBy(() -> Options.defaults().withThreshold(-1e-4, ThresholdMode.RELATIVE))
                .hasMessageContaining("threshold");
        assertThatThrownBy(() -> Options.defaults().withMinLearningRate(-1)).hasMessageContaining("minLearningRate");
        assertThat(Options.defaults()).isEqualTo(new Options(Mode.MIN, 0.1, 10, 1e-4, ThresholdMode.RELATIVE, 0, 0, 1e-8));
    }

    @Test
    void timeBasedScheduleStateRoundTripsThroughMetadata() {
        WarmupCosineLr schedule = new WarmupCosineLr(0.1, 5, 30, 0.001);
        for (int i = 0; i < 7; i++) {
            schedule.step();
        }

        Map<String, String> metadata = schedule.state().metadata("schedule/");
        WarmupCosineLr fresh = new WarmupCosineLr(0.1, 5, 30, 0.001);
        fresh.restore(ScheduleState.fromMetadata("schedule/", metadata));

        assertThat(fresh.steps()).isEqualTo(7);
        assertThat(fresh.learningRate()).isEqualTo(schedule.learningRate());
        assertThat(fresh.step()).isEqualTo(schedule.step());
    }

    @Test
    void plateauStateRoundTripsThroughMetadataAndContinuesTheSameWay() {
        Options options = Options.defaults().withPatience(1).withCooldown(2).withFactor(0.5);
        double[] metric = {3, 2, 2, 2, 2, 1.5, 1.6, 1.7, 1.8, 1.9, 2.0, 2.1};
        ReduceLrOnPlateau straight = new ReduceLrOnPlateau(1.0, options);
        ReduceLrOnPlateau first = new ReduceLrOnPlateau(1.0, options);
        for (int t = 0; t < 5; t++) {
            first.step(metric[t]);
        }

        ReduceLrOnPlateau second = new ReduceLrOnPlateau(1.0, options);
        second.restore(ScheduleState.fromMetadata("", first.state().metadata("")));

        for (int t = 0; t < metric.length; t++) {
            double expected = straight.step(metric[t]);
            if (t >= 5) {
                assertThat(second.step(metric[t])).as("step %d", t).isEqualTo(expected);
            }
        }
        assertThat(second.state()).isEqualTo(straight.state());
    }

    @Test
    void freshPlateauStateKeepsItsInfiniteBestThroughMetadata() {
        ScheduleState state = new ReduceLrOnPlateau(0.1).state();

        ScheduleState back = ScheduleState.fromMetadata("p.", state.metadata("p."));

        assertThat(back).isEqualTo(state);
        assertThat(back.scalars()).containsEntry("best", Double.POSITIVE_INFINITY);
    }

    @Test
    void restoringAnotherSchedulesStateIsRefused() {
        ScheduleState state = new StepLr(0.1, 2, 0.5).state();

        assertThatThrownBy(() -> new ExponentialLr(0.1, 0.9).restore(state))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("StepLr");
        assertThatThrownBy(() -> new ReduceLrOnPlateau(0.1).restore(state))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("StepLr");
    }
}
