package org.rnn4j.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

/**
 * Options records carry PyTorch's defaults, change with withX copies, and refuse invalid values with an
 * IllegalArgumentException naming the option, where PyTorch raises a ValueError.
 */
class OptimizerOptionsTest {

    @Test
    void defaultsArePyTorchs() {
        assertThat(AdamOptions.defaults()).isEqualTo(new AdamOptions(1e-3, 0.9, 0.999, 1e-8, 0, false));
        assertThat(AdamWOptions.defaults()).isEqualTo(new AdamWOptions(1e-3, 0.9, 0.999, 1e-8, 0.01, false));
        assertThat(RmsPropOptions.defaults()).isEqualTo(new RmsPropOptions(1e-2, 0.99, 1e-8, 0, 0, false));
        assertThat(AdagradOptions.defaults()).isEqualTo(new AdagradOptions(1e-2, 0, 0, 0, 1e-10));
        assertThat(SgdOptions.of(0.1)).isEqualTo(new SgdOptions(0.1, 0, 0, 0, false));
    }

    @Test
    void withCopiesChangeOneOptionAndLeaveTheOriginalAlone() {
        AdamOptions base = AdamOptions.defaults();

        AdamOptions changed = base.withLearningRate(0.01).withBetas(0.8, 0.99).withAmsgrad(true);

        assertThat(changed).isEqualTo(new AdamOptions(0.01, 0.8, 0.99, 1e-8, 0, true));
        assertThat(base).isEqualTo(AdamOptions.defaults());
    }

    @Test
    void aNegativeLearningRateIsRefusedByEveryOptimizer() {
        refused(() -> SgdOptions.of(-0.1), "learningRate");
        refused(() -> AdamOptions.defaults().withLearningRate(-1e-3), "learningRate");
        refused(() -> AdamWOptions.defaults().withLearningRate(-1e-3), "learningRate");
        refused(() -> RmsPropOptions.defaults().withLearningRate(-1e-2), "learningRate");
        refused(() -> AdagradOptions.defaults().withLearningRate(-1e-2), "learningRate");
        refused(() -> SgdOptions.of(Double.NaN), "learningRate");
    }

    @Test
    void sgdRefusesNegativeMomentumAndNesterovWithoutMomentumOrWithDampening() {
        refused(() -> SgdOptions.of(0.1).withMomentum(-0.9), "momentum");
        refused(() -> SgdOptions.of(0.1).withWeightDecay(-0.01), "weightDecay");
        refused(() -> SgdOptions.of(0.1).withNesterov(true), "nesterov");
        refused(() -> SgdOptions.of(0.1).withMomentum(0.9).withDampening(0.1).withNesterov(true), "nesterov");
        assertThat(SgdOptions.of(0.1).withMomentum(0.9).withNesterov(true).nesterov()).isTrue();
    }

    @Test
    void adamRefusesBetasOutsideTheUnitIntervalAndEpsilonThatIsNotPositive() {
        refused(() -> AdamOptions.defaults().withBetas(1.0, 0.999), "beta1");
        refused(() -> AdamOptions.defaults().withBetas(-0.1, 0.999), "beta1");
        refused(() -> AdamOptions.defaults().withBetas(0.9, 1.0), "beta2");
        refused(() -> AdamOptions.defaults().withEpsilon(0), "epsilon");
        refused(() -> AdamOptions.defaults().withEpsilon(-1e-8), "epsilon");
        refused(() -> AdamOptions.defaults().withWeightDecay(-1), "weightDecay");
        refused(() -> AdamWOptions.defaults().withBetas(0.9, 1.5), "beta2");
        refused(() -> AdamWOptions.defaults().withEpsilon(0), "epsilon");
        refused(() -> AdamWOptions.defaults().withWeightDecay(-0.01), "weightDecay");
        assertThat(AdamOptions.defaults().withBetas(0, 0).beta1()).isZero();
    }

    @Test
    void rmsPropAndAdagradRefuseTheirInvalidOptions() {
        refused(() -> RmsPropOptions.defaults().withAlpha(-0.1), "alpha");
        refused(() -> RmsPropOptions.defaults().withAlpha(1.1), "alpha");
        refused(() -> RmsPropOptions.defaults().withEpsilon(0), "epsilon");
        refused(() -> RmsPropOptions.defaults().withMomentum(-0.5), "momentum");
        refused(() -> RmsPropOptions.defaults().withWeightDecay(-0.5), "weightDecay");
        refused(() -> AdagradOptions.defaults().withLearningRateDecay(-0.1), "learningRateDecay");
        refused(() -> AdagradOptions.defaults().withInitialAccumulatorValue(-0.1), "initialAccumulatorValue");
        refused(() -> AdagradOptions.defaults().withEpsilon(0), "epsilon");
        refused(() -> AdagradOptions.defaults().withWeightDecay(-1), "weightDecay");
    }

    @Test
    void anOptimizerStartsAtItsOptionsLearningRate() {
        assertThat(new Sgd(SgdOptions.of(0.3)).learningRate()).isEqualTo(0.3);
        assertThat(new Adam(AdamOptions.defaults()).learningRate()).isEqualTo(1e-3);
        assertThat(new AdamW(AdamWOptions.defaults()).learningRate()).isEqualTo(1e-3);
        assertThat(new RmsProp(RmsPropOptions.defaults()).learningRate()).isEqualTo(1e-2);
        assertThat(new Adagrad(AdagradOptions.defaults()).learningRate()).isEqualTo(1e-2);
    }

    private static void refused(ThrowingCallable construction, String option) {
        assertThatThrownBy(construction).isInstanceOf(IllegalArgumentException.class).hasMessageContaining(option);
    }
}
