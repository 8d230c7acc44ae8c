package org.rnn4j.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.rnn4j.io.Safetensors;
import org.rnn4j.tensor.ShapeException;
import org.rnn4j.tensor.Tensor;
import org.rnn4j.testing.Golden;
import org.rnn4j.testing.GradientCheck;
import org.rnn4j.testing.Tensors;

/**
 * Dense is PyTorch's nn.Linear over the last dimension: {@code y = x Wᵀ + b}; backward gives dx, dW and db.
 */
class DenseTest {
    private static final double OUTPUT_TOLERANCE = 1e-5;
    private static final double GRADIENT_TOLERANCE = 1e-4;
    private static final float STEP = 1e-2f;

    @Test
    void outputAndEveryGradientMatchPyTorchLinear() {
        Path file = Golden.file("nn/dense.safetensors");
        Map<String, Tensor> t = Safetensors.read(file).tensors();
        Dense dense = new Dense(5, 3, "", new SplittableRandom(0));
        dense.parameters().forEach(p -> p.value().copyFrom(t.get(p.name())));
        Tensor x = t.get("input"); // (2, 4, 5)

        Tensor y = dense.forward(x);
        Tensor dx = dense.backward(x, t.get("probe.output"));

        Golden.assertClose(file, "output", y, t.get("output"), OUTPUT_TOLERANCE);
        Golden.assertClose(file, "grad.input", dx, t.get("grad.input"), GRADIENT_TOLERANCE);
        Golden.assertClose(file, "grad.weight", dense.parameters().get(0).grad(), t.get("grad.weight"),
                GRADIENT_TOLERANCE);
        Golden.assertClose(file, "grad.bias", dense.parameters().get(1).grad(), t.get("grad.bias"),
                GRADIENT_TOLERANCE);
    }

    @Test
    void parametersCarryPyTorchNamesAndShapesAfterThePrefix() {
        Dense dense = new Dense(5, 3, "head.", new SplittableRandom(0));

        assertThat(dense.parameters()).extracting(Parameter::name).containsExactly("head.weight", "head.bias");
        assertThat(dense.parameters().get(0).value().shape()).containsExactly(3, 5);
        assertThat(dense.parameters().get(1).value().shape()).containsExactly(3);
    }

    @Test
    void outputKeepsLeadingDimensionsAndReplacesTheLast() {
        Dense dense = new Dense(5, 3, "", new SplittableRandom(0));

        assertThat(dense.forward(Tensor.zeros(2, 4, 5)).shape()).containsExactly(2, 4, 3);
        assertThat(dense.forward(Tensor.zeros(7, 5)).shape()).containsExactly(7, 3);
    }

    @Test
    void gradientsAccumulateAcrossBackwardCalls() {
        Dense dense = new Dense(5, 3, "", new SplittableRandom(1));
        Tensor x = Tensors.uniform(new SplittableRandom(2), -1, 1, 2, 5);
        Tensor dy = Tensors.uniform(new SplittableRandom(3), -1, 1, 2, 3);

        dense.backward(x, dy);
        float[] once = dense.parameters().get(0).grad().toArray();
        dense.backward(x, dy);

        float[] twice = dense.parameters().get(0).grad().toArray();
        for (int i = 0; i < once.length; i++) {
            assertThat(twice[i]).isCloseTo(2 * once[i], Offset.offset(1e-5f));
        }
    }

    @Test
    void analyticGradientsMatchCentralDifferences() {
        SplittableRandom rng = new SplittableRandom(5);
        Dense dense = new Dense(5, 3, "", new SplittableRandom(6));
        Tensor x = Tensors.uniform(rng, -1, 1, 2, 4, 5);
        Tensor probe = Tensors.uniform(rng, -1, 1, 2, 4, 3);
        Tensor dx = dense.backward(x, probe);

        Parameter weight = dense.parameters().get(0);
        Parameter bias = dense.parameters().get(1);
        GradientCheck.of(() -> Tensors.dot(dense.forward(x), probe)).step(STEP).tolerance(1e-2).sampled(8, rng)
                .check(List.of(GradientCheck.target("x", x, dx), GradientCheck.target("weight", weight.value(),
                        weight.grad()), GradientCheck.target("bias", bias.value(), bias.grad())));
    }

    @Test
    void inputOfTheWrongWidthIsRefusedWithExpectedAndActualShapes() {
        Dense dense = new Dense(5, 3, "", new SplittableRandom(0));

        assertThatThrownBy(() -> dense.forward(Tensor.zeros(2, 4, 6)))
                .isInstanceOf(ShapeException.class)
                .hasMessage("Dense(5 -> 3) input: expected shape (..., 5), got (2, 4, 6)");
    }

    @Test
    void sizesBelowOneAreRefused() {
        assertThatThrownBy(() -> new Dense(0, 3, "", new SplittableRandom(0)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("got in 0, out 3");
    }
}
