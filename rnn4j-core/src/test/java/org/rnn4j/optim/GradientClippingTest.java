package org.rnn4j.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.rnn4j.io.SafetensorsFile;
import org.rnn4j.nn.Parameter;
import org.rnn4j.tensor.Tensor;

/** Clipping by global norm and by value matches PyTorch's clip_grad_norm_ and clip_grad_value_. */
class GradientClippingTest {
    private static final double TOLERANCE = 1e-6;

    @Test
    void clipGlobalNormScalesAllGradientsTogetherAndReturnsTheNormBeforeAsPyTorch() {
        SafetensorsFile golden = OptimGolden.read("clip_grad_norm");
        List<Parameter> params = gradients(golden);

        double norm = GradientClipping.clipGlobalNorm(params, 1.0);

        assertThat(norm).isCloseTo(golden.tensors().get("total_norm").get(0), within(TOLERANCE * norm));
        for (Parameter p : params) {
            OptimGolden.assertClose("clip_grad_norm", "clipped." + p.name(), p.grad(),
                    golden.tensors().get("clipped." + p.name()), TOLERANCE);
        }
        assertThat(GradientClipping.globalNorm(params)).isCloseTo(1.0, within(1e-5));
    }

    @Test
    void clipValueClampsEveryElementAsPyTorch() {
        SafetensorsFile golden = OptimGolden.read("clip_grad_value");
        List<Parameter> params = gradients(golden);

        GradientClipping.clipValue(params, 0.3);

        for (Parameter p : params) {
            assertThat(p.grad().toArray()).containsExactly(golden.tensors().get("clipped." + p.name()).toArray());
        }
    }

    @Test
    void gradientsWithinTheNormAreLeftExactlyAsTheyWere() {
        Parameter p = new Parameter("w", Tensor.zeros(2), Tensor.of(new float[] {3, 4}, 2));

        double norm = GradientClipping.clipGlobalNorm(List.of(p), 5.0 + 1e-5);

        assertThat(norm).isEqualTo(5.0);
        assertThat(p.grad().toArray()).containsExactly(3f, 4f);
    }

    @Test
    void normIsMeasuredAcrossAllParametersAndTheEpsilonIsAddedAsInPyTorch() {
        Parameter a = new Parameter("a", Tensor.zeros(1), Tensor.of(new float[] {3}, 1));
        Parameter b = new Parameter("b", Tensor.zeros(1), Tensor.of(new float[] {4}, 1));

        double norm = GradientClipping.clipGlobalNorm(List.of(a, b), 1.0);

        double scale = 1.0 / (5.0 + 1e-6);
        assertThat(norm).isEqualTo(5.0);
        assertThat(a.grad().get(0)).isEqualTo((float) (3 * scale));
        assertThat(b.grad().get(0)).isEqualTo((float) (4 * scale));
    }

    @Test
    void aNonFiniteNormIsReturnedAndNothingIsChanged() {
        Parameter nan = new Parameter("a", Tensor.zeros(2), Tensor.of(new float[] {Float.NaN, 1}, 2));
        Parameter big = new Parameter("b", Tensor.zeros(2), Tensor.of(new float[] {Float.POSITIVE_INFINITY, 1}, 2));

        assertThat(GradientClipping.clipGlobalNorm(List.of(nan), 1.0)).isNaN();
        assertThat(GradientClipping.clipGlobalNorm(List.of(big), 1.0)).isInfinite();
        assertThat(nan.grad().get(1)).isEqualTo(1f);
        assertThat(big.grad().toArray()).containsExactly(Float.POSITIVE_INFINITY, 1f);
    }

    @Test
    void theNormOfLargeFloat32GradientsDoesNotOverflow() {
        Parameter p = new Parameter("w", Tensor.zeros(2), Tensor.of(new float[] {3e37f, 4e37f}, 2));

        double norm = GradientClipping.globalNorm(List.of(p));

        assertThat(norm).isCloseTo(5e37, within(1e32));
    }

    @Test
    void limitsMustBePositive() {
        List<Parameter> params = List.of(new Parameter("w", 2));

        assertThatThrownBy(() -> GradientClipping.clipGlobalNorm(params, 0)).hasMessageContaining("maxNorm");
        assertThatThrownBy(() -> GradientClipping.clipValue(params, -1)).hasMessageContaining("clipValue");
    }

    private static List<Parameter> gradients(SafetensorsFile golden) {
        List<Parameter> params = new ArrayList<>();
        for (String name : OptimGolden.PARAMETERS) {
            Tensor grad = golden.tensors().get("grad." + name).copy();
            params.add(new Parameter(name, Tensor.zeros(grad.shape()), grad));
        }
        return params;
    }
}
