package org.rnn4j.optim;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.rnn4j.io.SafetensorsFile;
import org.rnn4j.nn.Parameter;

/**
 * Every optimiser follows PyTorch 1.13 step for step: fed the same gradients for five steps, the parameters after
 * each step and the moment buffers at the end match {@code torch.optim} run in float64.
 */
class OptimizerGoldenTest {
    private static final double TOLERANCE = 1e-5;

    /** The cases of tools/golden/generate_optim.py (OPTIMIZER_CASES), with the same options. */
    static Stream<Arguments> cases() {
        return Stream.of(
                optimizer("sgd", () -> new Sgd(SgdOptions.of(0.1))),
                optimizer("sgd_momentum_dampening",
                        () -> new Sgd(SgdOptions.of(0.1).withMomentum(0.9).withDampening(0.25))),
                optimizer("sgd_nesterov_weight_decay",
                        () -> new Sgd(SgdOptions.of(0.1).withMomentum(0.9).withNesterov(true).withWeightDecay(0.01))),
                optimizer("adam", () -> new Adam(AdamOptions.defaults().withLearningRate(0.1))),
                optimizer("adam_weight_decay", () -> new Adam(AdamOptions.defaults().withLearningRate(0.05)
                        .withBetas(0.8, 0.99).withEpsilon(1e-3).withWeightDecay(0.1))),
                optimizer("adam_amsgrad", () -> new Adam(AdamOptions.defaults().withLearningRate(0.1)
                        .withBetas(0.5, 0.9).withAmsgrad(true))),
                optimizer("adamw", () -> new AdamW(AdamWOptions.defaults().withLearningRate(0.1))),
                optimizer("adamw_amsgrad", () -> new AdamW(AdamWOptions.defaults().withLearningRate(0.05)
                        .withBetas(0.8, 0.99).withEpsilon(1e-3).withWeightDecay(0.5).withAmsgrad(true))),
                optimizer("rmsprop", () -> new RmsProp(RmsPropOptions.defaults().withLearningRate(0.01))),
                optimizer("rmsprop_centered_momentum", () -> new RmsProp(RmsPropOptions.defaults()
                        .withLearningRate(0.01).withAlpha(0.9).withEpsilon(1e-6).withWeightDecay(0.01)
                        .withMomentum(0.9).withCentered(true))),
                optimizer("adagrad", () -> new Adagrad(AdagradOptions.defaults().withLearningRate(0.1))),
                optimizer("adagrad_lr_decay", () -> new Adagrad(AdagradOptions.defaults().withLearningRate(0.1)
                        .withLearningRateDecay(0.1).withWeightDecay(0.01).withInitialAccumulatorValue(0.1)
                        .withEpsilon(1e-6))));
    }

    private static Arguments optimizer(String name, Supplier<Optimizer> factory) {
        return Arguments.of(name, factory);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void parametersAfterEveryStepMatchPyTorch(String name, Supplier<Optimizer> factory) {
        SafetensorsFile golden = OptimGolden.read(name);
        List<Parameter> params = OptimGolden.initialParameters(golden);
        Optimizer optimizer = factory.get();

        for (int k = 1; k <= OptimGolden.STEPS; k++) {
            OptimGolden.setGradients(golden, k, params);
            optimizer.step(params);
            for (Parameter p : params) {
                OptimGolden.assertClose(name, "value." + k + "." + p.name(), p.value(),
                        golden.tensors().get("value." + k + "." + p.name()), TOLERANCE);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void stateHoldsPyTorchsBuffersUnderPyTorchsSlotNames(String name, Supplier<Optimizer> factory) {
        SafetensorsFile golden = OptimGolden.read(name);
        List<Parameter> params = OptimGolden.initialParameters(golden);
        Optimizer optimizer = factory.get();
        for (int k = 1; k <= OptimGolden.STEPS; k++) {
            OptimGolden.setGradients(golden, k, params);
            optimizer.step(params);
        }

        OptimizerState state = optimizer.state();

        List<String> expected = golden.tensors().keySet().stream()
                .filter(key -> key.startsWith("state.")).map(key -> key.substring("state.".length())).toList();
        assertThat(state.buffers().keySet()).containsExactlyInAnyOrderElementsOf(expected);
        for (String key : expected) {
            OptimGolden.assertClose(name, "state." + key, state.buffers().get(key),
                    golden.tensors().get("state." + key), TOLERANCE);
        }
        assertThat(state.steps()).isEqualTo(OptimGolden.STEPS);
        assertThat(state.scalars()).containsEntry("weight/step", (double) OptimGolden.STEPS)
                .containsEntry("bias/step", (double) OptimGolden.STEPS);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void stepLeavesTheGradientsAsTheyWere(String name, Supplier<Optimizer> factory) {
        SafetensorsFile golden = OptimGolden.read(name);
        List<Parameter> params = OptimGolden.initialParameters(golden);
        OptimGolden.setGradients(golden, 1, params);
        float[] before = params.get(0).grad().toArray();

        factory.get().step(params);

        assertThat(params.get(0).grad().toArray()).containsExactly(before);
        assertThat(params.get(0).value().toArray()).isNotEqualTo(golden.tensors().get("weight").toArray());
    }
}
