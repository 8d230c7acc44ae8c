package org.rnn4j.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.rnn4j.io.Safetensors;
import org.rnn4j.io.SafetensorsFile;
import org.rnn4j.nn.Parameter;
import org.rnn4j.tensor.Tensor;
import org.rnn4j.testing.Tensors;

/**
 * An optimiser's state saved to safetensors and restored into a fresh optimiser continues training bit for bit;
 * state is a snapshot, keyed by parameter name, and refuses what does not fit.
 */
class OptimizerStateTest {
    private static final int STEPS = 8;
    private static final int SAVED_AFTER = 3;

    @TempDir
    Path folder;

    static Stream<Arguments> optimizers() {
        return Stream.of(
                Arguments.of("Sgd", (Supplier<Optimizer>) () -> new Sgd(SgdOptions.of(0.1).withMomentum(0.9)
                        .withNesterov(true).withWeightDecay(0.01))),
                Arguments.of("Adam", (Supplier<Optimizer>) () -> new Adam(AdamOptions.defaults()
                        .withLearningRate(0.01).withWeightDecay(0.1).withAmsgrad(true))),
                Arguments.of("AdamW", (Supplier<Optimizer>) () -> new AdamW(AdamWOptions.defaults()
                        .withLearningRate(0.01))),
                Arguments.of("RmsProp", (Supplier<Optimizer>) () -> new RmsProp(RmsPropOptions.defaults()
                        .withMomentum(0.5).withCentered(true))),
                Arguments.of("Adagrad", (Supplier<Optimizer>) () -> new Adagrad(AdagradOptions.defaults()
                        .withLearningRateDecay(0.05).withInitialAccumulatorValue(0.1))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("optimizers")
    void savingRestoringAndContinuingIsBitIdenticalToAnUninterruptedRun(String kind, Supplier<Optimizer> factory) {
        List<Parameter> uninterrupted = parameters();
        Optimizer straight = factory.get();
        for (int k = 0; k < STEPS; k++) {
            if (k == SAVED_AFTER - 1) {
                straight.setLearningRate(straight.learningRate() / 2); // a schedule's change must survive too
            }
            step(straight, uninterrupted, k);
        }

        List<Parameter> resumed = parameters();
        Optimizer first = factory.get();
        for (int k = 0; k < SAVED_AFTER; k++) {
            if (k == SAVED_AFTER - 1) {
                first.setLearningRate(first.learningRate() / 2);
            }
            step(first, resumed, k);
        }
        Path file = folder.resolve("optimizer.safetensors");
        first.state().write(file);
        Optimizer second = factory.get();
        second.restore(OptimizerState.read(file));
        for (int k = SAVED_AFTER; k < STEPS; k++) {
            step(second, resumed, k);
        }

        for (int i = 0; i < uninterrupted.size(); i++) {
            assertThat(resumed.get(i).value().toArray()).as(kind + " " + resumed.get(i).name())
                    .containsExactly(uninterrupted.get(i).value().toArray());
        }
        assertThat(second.state().steps()).isEqualTo(STEPS);
        assertThat(second.learningRate()).isEqualTo(straight.learningRate());
    }

    @Test
    void stateIsASnapshotThatLaterStepsDoNotChange() {
        List<Parameter> params = parameters();
        Adam adam = new Adam(AdamOptions.defaults());
        step(adam, params, 0);

        OptimizerState state = adam.state();
        float[] before = state.buffers().get("weight/exp_avg").toArray();
        step(adam, params, 1);

        assertThat(state.buffers().get("weight/exp_avg").toArray()).containsExactly(before);
        assertThat(state.steps()).isEqualTo(1);
        assertThat(state.scalars()).containsEntry("lr", 1e-3).containsEntry("weight/step", 1.0);
    }

    @Test
    void stateSitsBesideOtherTensorsInOneFileUnderAPrefix() {
        List<Parameter> params = parameters();
        Sgd sgd = new Sgd(SgdOptions.of(0.1).withMomentum(0.9));
        step(sgd, params, 0);
        OptimizerState state = sgd.state();
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        tensors.put("weight", params.get(0).value());
        tensors.putAll(state.tensors("optimizer/"));
        Path file = folder.resolve("checkpoint.safetensors");

        Safetensors.write(file, tensors, state.metadata("optimizer/"));
        SafetensorsFile read = Safetensors.read(file);
        OptimizerState back = OptimizerState.fromSafetensors("optimizer/", read.tensors(), read.metadata());

        assertThat(read.tensors()).containsKeys("weight", "optimizer/weight/momentum_buffer",
                "optimizer/bias/momentum_buffer");
        assertThat(read.metadata()).containsEntry("optimizer/optimizer", "Sgd").containsEntry("optimizer/steps", "1");
        assertThat(back.buffers().keySet()).containsExactly("weight/momentum_buffer", "bias/momentum_buffer");
        assertThat(back.buffers().get("weight/momentum_buffer").toArray())
                .containsExactly(state.buffers().get("weight/momentum_buffer").toArray());
        assertThat(back.scalars()).isEqualTo(state.scalars());
    }

    @Test
    void eachParameterKeepsItsOwnStepCountAsInPyTorch() {
        List<Parameter> params = parameters();
        Adam adam = new Adam(AdamOptions.defaults());
        step(adam, params, 0);
        adam.step(params.subList(0, 1)); // bias frozen for one step

        assertThat(adam.state().scalars()).containsEntry("weight/step", 2.0).containsEntry("bias/step", 1.0);
        assertThat(adam.state().steps()).isEqualTo(2);
    }

    @Test
    void restoringAnotherOptimizersStateIsRefused() {
        OptimizerState adamState = new Adam(AdamOptions.defaults()).state();

        assertThatThrownBy(() -> new AdamW(AdamWOptions.defaults()).restore(adamState))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Adam").hasMessageContaining("AdamW");
    }

    @Test
    void restoringABufferTheOptimizerDoesNotKeepIsRefused() {
        OptimizerState state = new OptimizerState("Sgd", 1,
                Map.of("weight/exp_avg", Tensor.zeros(3, 4)), Map.of("lr", 0.1));

        assertThatThrownBy(() -> new Sgd(SgdOptions.of(0.1)).restore(state))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("exp_avg");
    }

    @Test
    void restoredStateOfTheWrongShapeIsRefusedBeforeAnyParameterChanges() {
        Sgd sgd = new Sgd(SgdOptions.of(0.1).withMomentum(0.9));
        sgd.restore(new OptimizerState("Sgd", 1, Map.of("bias/momentum_buffer", Tensor.zeros(5)),
                Map.of("lr", 0.1, "bias/step", 1.0)));
        List<Parameter> params = parameters();
        float[] weight = params.get(0).value().toArray();

        assertThatThrownBy(() -> step(sgd, params, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("bias/momentum_buffer")
                .hasMessageContaining("(5,)").hasMessageContaining("(4,)");
        assertThat(params.get(0).value().toArray()).containsExactly(weight);
    }

    @Test
    void parametersWithTheSameNameAreRefused() {
        Parameter a = new Parameter("weight", 2);
        Parameter b = new Parameter("weight", 2);

        assertThatThrownBy(() -> new Sgd(SgdOptions.of(0.1)).step(List.of(a, b)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'weight' appears twice");
    }

    @Test
    void aGradientOfAnotherShapeIsRefused() {
        Parameter p = new Parameter("weight", Tensor.zeros(2, 3), Tensor.zeros(3, 2));

        assertThatThrownBy(() -> new Sgd(SgdOptions.of(0.1)).step(List.of(p)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("(3, 2)")
                .hasMessageContaining("(2, 3)");
    }

    @Test
    void learningRateMayBeChangedButNotMadeNegative() {
        Adam adam = new Adam(AdamOptions.defaults());

        adam.setLearningRate(0.5);

        assertThat(adam.learningRate()).isEqualTo(0.5);
        assertThat(adam.state().scalars()).containsEntry("lr", 0.5);
        assertThatThrownBy(() -> adam.setLearningRate(-1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("learningRate");
        assertThatThrownBy(() -> adam.setLearningRate(Double.NaN)).isInstanceOf(IllegalArgumentException.class);
    }

    private static List<Parameter> parameters() {
        SplittableRandom rng = new SplittableRandom(42);
        return List.of(new Parameter("weight", Tensors.uniform(rng, -1, 1, 3, 4), Tensor.zeros(3, 4)),
                new Parameter("bias", Tensors.uniform(rng, -1, 1, 4), Tensor.zeros(4)));
    }

    /** Sets the k-th gradients of a fixed sequence (the same in every run) and steps once. */
    private static void step(Optimizer optimizer, List<Parameter> params, int k) {
        SplittableRandom rng = new SplittableRandom(1000 + k);
        for (Parameter p : params) {
            p.grad().copyFrom(Tensors.uniform(rng, -1, 1, p.value().shape()));
        }
        optimizer.step(params);
    }
}
