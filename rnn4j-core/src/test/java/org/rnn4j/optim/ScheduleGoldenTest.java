package org.rnn4j.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Percentage.withPercentage;

import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.rnn4j.io.SafetensorsFile;
import org.rnn4j.tensor.Tensor;

/**
 * Every schedule gives PyTorch's learning-rate sequence: {@code lr[t]} is the rate in effect at step t, read before
 * the t-th {@code step()}; ReduceLrOnPlateau is fed the same metric sequence.
 */
class ScheduleGoldenTest {
    /** The rates are stored in float32. */
    private static final double TOLERANCE = 1e-6;
    private static final double BASE = 0.1;

    /** The cases of tools/golden/generate_optim.py (schedule_cases). */
    static Stream<Arguments> cases() {
        return Stream.of(
                schedule("step", () -> new StepLr(BASE, 7, 0.5)),
                schedule("exponential", () -> new ExponentialLr(BASE, 0.9)),
                schedule("cosine", () -> new WarmupCosineLr(BASE, 0, 30, 0.001)),
                schedule("warmup_cosine", () -> new WarmupCosineLr(BASE, 5, 30, 0.001)),
                schedule("plateau_defaults", () -> new ReduceLrOnPlateau(BASE)),
                schedule("plateau", () -> new ReduceLrOnPlateau(BASE, ReduceLrOnPlateau.Options.defaults()
                        .withFactor(0.5).withPatience(2).withCooldown(2).withMinLearningRate(0.01))));
    }

    private static Arguments schedule(String name, Supplier<LearningRateSchedule> factory) {
        return Arguments.of(name, factory);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void learningRatesMatchPyTorchAtEveryStep(String name, Supplier<LearningRateSchedule> factory) {
        SafetensorsFile golden = OptimGolden.read("schedule_" + name);
        Tensor expected = golden.tensors().get("lr");
        Tensor metric = golden.tensors().get("metric");
        LearningRateSchedule schedule = factory.get();

        for (int t = 0; t < expected.size(); t++) {
            assertThat(schedule.learningRate()).as("%s: learning rate at step %d; %s", name, t, OptimGolden.REGENERATE)
                    .isCloseTo(expected.get(t), withPercentage(100 * TOLERANCE));
            if (metric == null) {
                schedule.step();
            } else {
                schedule.step(metric.get(t));
            }
        }
    }
}
