package org.rnn4j.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.ToDoubleFunction;
import org.junit.jupiter.api.Test;
import org.rnn4j.tensor.Tensor;

/** What the one finite-difference check of the tests promises, on functions whose gradients are known. */
class GradientCheckTest {
    private static final ToDoubleFunction<Tensor> SUM_OF_SQUARES = Tensor::sumOfSquares;

    private static Tensor twice(Tensor x) {
        Tensor g = Tensor.zeros(x.shape());
        for (int i = 0; i < x.size(); i++) {
            g.set(i, 2 * x.get(i));
        }
        return g;
    }

    /** Σ relu(x), accumulated in double; its gradient is 1 above zero and 0 below. */
    private static double sumOfRelu(Tensor x) {
        double sum = 0;
        for (int i = 0; i < x.size(); i++) {
            sum += Math.max(0, x.get(i));
        }
        return sum;
    }

    private static Tensor reluGradient(Tensor x) {
        Tensor g = Tensor.zeros(x.shape());
        for (int i = 0; i < x.size(); i++) {
            g.set(i, x.get(i) > 0 ? 1 : 0);
        }
        return g;
    }

    @Test
    void aCorrectGradientPassesAtEveryCoordinate() {
        Tensor x = Tensors.uniform(new SplittableRandom(1), -2, 2, 3, 4);

        int checked = GradientCheck.of(SUM_OF_SQUARES).check("x", x, twice(x));

        assertThat(checked).isEqualTo(12);
    }

    @Test
    void aWrongGradientFailsNamingTheTensorTheIndexAndBothValues() {
        Tensor x = Tensor.of(new float[] {0.5f, -1f, 1.5f}, 3);
        Tensor wrong = twice(x);
        wrong.set(2, 2.5f); // 2·1.5 = 3

        assertThatThrownBy(() -> GradientCheck.of(SUM_OF_SQUARES).check("weights", x, wrong))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("dweights at flat index 2")
                .hasMessageContaining("analytic 2.50000")
                .hasMessageContaining("numeric 3.00000");
    }

    @Test
    void aGradientOfTheWrongShapeFails() {
        Tensor x = Tensor.zeros(2, 3);

        assertThatThrownBy(() -> GradientCheck.of(SUM_OF_SQUARES).check("x", x, Tensor.zeros(3, 2)))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("shape of dx");
    }

    @Test
    void everyPerturbedValueIsRestoredExactlyAlsoWhenTheCheckFails() {
        Tensor x = Tensors.uniform(new SplittableRandom(2), -1, 1, 7);
        float[] before = x.toArray();

        GradientCheck.of(SUM_OF_SQUARES).step(0.1f).check("x", x, twice(x));
        assertThat(x.toArray()).containsExactly(before);

        assertThatThrownBy(() -> GradientCheck.of(SUM_OF_SQUARES).check("x", x, Tensor.zeros(7)))
                .isInstanceOf(AssertionError.class);
        assertThat(x.toArray()).containsExactly(before);
    }

    @Test
    void theDenominatorIsTheFloatStepActuallyTakenNotTwiceTheNominalStep() {
        // At 1000, float32 values are 2^-14 apart: x ± 1e-3 lands on 1000 ± 0.00098, about 2 % short of 1e-3.
        Tensor x = Tensor.of(new float[] {1000f}, 1);
        Tensor three = Tensor.of(new float[] {3f}, 1);

        GradientCheck.of(t -> 3.0 * t.get(0)).tolerance(1e-9, 0).check("x", x, three);
    }

    @Test
    void toleranceIsAbsoluteBelowOneAndRelativeAbove() {
        Tensor small = Tensor.of(new float[] {0.1f}, 1); // d(x²) = 0.2
        Tensor large = Tensor.of(new float[] {50f}, 1);  // d(x²) = 100

        GradientCheck.of(SUM_OF_SQUARES).tolerance(0.05).check("small", small, Tensor.of(new float[] {0.24f}, 1));
        GradientCheck.of(SUM_OF_SQUARES).tolerance(0.05).check("large", large, Tensor.of(new float[] {104f}, 1));
        assertThatThrownBy(() -> GradientCheck.of(SUM_OF_SQUARES).tolerance(0.05)
                .check("small", small, Tensor.of(new float[] {0.26f}, 1))).isInstanceOf(AssertionError.class);
        assertThatThrownBy(() -> GradientCheck.of(SUM_OF_SQUARES).tolerance(0.05)
                .check("large", large, Tensor.of(new float[] {106f}, 1))).isInstanceOf(AssertionError.class);
    }

    @Test
    void aReluKinkInsideTheStepIsSkippedOnlyWhenAsked() {
        Tensor x = Tensor.of(new float[] {0.5f, -0.7f, 0f, 1.2f, -0.3f}, 5); // a kink at index 2
        Tensor analytic = reluGradient(x);                                 // 0 at the kink; the difference says ½

        assertThatThrownBy(() -> GradientCheck.of(GradientCheckTest::sumOfRelu).step(1e-2f).check("x", x, analytic))
                .hasMessageContaining("dx at flat index 2");
        int checked = GradientCheck.of(GradientCheckTest::sumOfRelu).step(1e-2f).skipKinks(0.005)
                .check("x", x, analytic);

        assertThat(checked).isEqualTo(4);
    }

    @Test
    void aCheckThatSkipsMostCoordinatesAsKinksIsVacuousAndFails() {
        Tensor x = Tensor.of(new float[] {0f, 0f, 0f, 1f}, 4); // three of four on the kink

        assertThatThrownBy(() -> GradientCheck.of(GradientCheckTest::sumOfRelu).step(1e-2f).skipKinks(0.005)
                .check("x", x, reluGradient(x)))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("coordinates checked of 4 requested");
    }

    @Test
    void aCheckOfNoCoordinatesFails() {
        Tensor x = Tensor.of(new float[] {1f, 2f}, 2);

        assertThatThrownBy(() -> GradientCheck.of(SUM_OF_SQUARES).where(i -> false).check("x", x, twice(x)))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("coordinates checked of 0 requested");
    }

    @Test
    void whereChecksOnlyTheCoordinatesItAccepts() {
        Tensor x = Tensor.of(new float[] {1f, 2f, 3f, 4f}, 4);
        Tensor analytic = twice(x);
        analytic.set(1, 0f); // wrong, but not looked at

        int checked = GradientCheck.of(SUM_OF_SQUARES).where(i -> i != 1).check("x", x, analytic);

        assertThat(checked).isEqualTo(3);
    }

    @Test
    void sampledCoordinatesAreTheSameForTheSameSeed() {
        assertThat(perturbedIndices(42)).hasSize(5).allSatisfy(i -> assertThat(i).isBetween(0, 19))
                .isEqualTo(perturbedIndices(42));
    }

    @Test
    void severalTensorsAreCheckedInOrderAndCountedTogether() {
        Tensor a = Tensors.uniform(new SplittableRandom(3), -1, 1, 3);
        Tensor b = Tensors.uniform(new SplittableRandom(4), -1, 1, 2);

        int checked = GradientCheck.of(() -> a.sumOfSquares() + b.sumOfSquares())
                .check(List.of(GradientCheck.target("a", a, twice(a)), GradientCheck.target("b", b, twice(b))));

        assertThat(checked).isEqualTo(5);
    }

    /** The flat index that each evaluation of the loss finds perturbed, once per coordinate. */
    private static List<Integer> perturbedIndices(long seed) {
        Tensor x = Tensors.uniform(new SplittableRandom(7), -1, 1, 4, 5);
        float[] original = x.toArray();
        List<Integer> seen = new ArrayList<>();
        GradientCheck.of(t -> {
            for (int i = 0; i < t.size(); i++) {
                if (t.get(i) > original[i]) { // the + step only, so each index is recorded once
                    seen.add(i);
                }
            }
            return t.sumOfSquares();
        }).sampled(5, new SplittableRandom(seed)).check("x", x, twice(x));
        return seen;
    }
}
