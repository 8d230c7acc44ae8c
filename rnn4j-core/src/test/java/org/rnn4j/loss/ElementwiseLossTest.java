package org.rnn4j.loss;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.SplittableRandom;
import java.util.function.IntPredicate;
import java.util.stream.Stream;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.rnn4j.tensor.SequenceMask;
import org.rnn4j.tensor.ShapeException;
import org.rnn4j.tensor.Tensor;
import org.rnn4j.testing.GradientCheck;
import org.rnn4j.testing.Tensors;

/**
 * The element-wise losses are PyTorch's BCEWithLogitsLoss, MSELoss, L1Loss and HuberLoss on any shape, with an
 * optional mask (a SequenceMask over (B, T, ...) or per-element weights): the mean is over the unmasked elements,
 * masked elements get zero gradient, and with nothing unmasked the loss is 0.
 */
class ElementwiseLossTest {
    private static final int B = 3;
    private static final int T = 5;
    private static final int F = 4;
    private static final int[] LENGTHS = {5, 2, 4};

    static Stream<Arguments> goldenCases() {
        return Stream.of(
                Arguments.of("bce_with_logits", new BinaryCrossEntropy()),
                Arguments.of("mse", new MeanSquaredError()),
                Arguments.of("l1", new MeanAbsoluteError()),
                Arguments.of("huber", new Huber(0.5)));
    }

    static Stream<ElementwiseLoss> losses() {
        return Stream.of(new BinaryCrossEntropy(), new MeanSquaredError(), new MeanAbsoluteError(), new Huber(0.5));
    }

    /** The SequenceMask's 0/1 pattern spread over the F elements of each step. */
    private static Tensor elementMask(SequenceMask mask, int features) {
        Tensor w = Tensor.zeros(mask.batch(), mask.steps(), features);
        for (int b = 0; b < mask.batch(); b++) {
            for (int t = 0; t < mask.steps(); t++) {
                if (mask.isValid(b, t)) {
                    w.reshape(mask.batch(), mask.steps(), features).row(b).row(t).fill(1f);
                }
            }
        }
        return w;
    }

    private static Tensor targetsFor(ElementwiseLoss loss, SplittableRandom rng, int... shape) {
        return loss instanceof BinaryCrossEntropy ? Tensors.uniform(rng, 0, 1, shape) : Tensors.uniform(rng, -1, 1, shape);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("goldenCases")
    void lossAndGradientMatchPyTorchWithAndWithoutMask(String name, ElementwiseLoss loss) {
        LossGolden golden = LossGolden.read(name);
        Tensor input = golden.get("input");   // (B, T, F)
        Tensor target = golden.get("target");
        SequenceMask mask = golden.mask();    // (B, T)

        golden.assertResult("loss", "grad.input", loss.compute(input, target));
        golden.assertResult("loss.masked", "grad.input.masked", loss.compute(input, target, mask));
        golden.assertResult("loss.masked", "grad.input.masked", loss.compute(input, target, elementMask(mask, F)));
        golden.assertResult("loss.masked_sum", "grad.input.masked_sum", loss.withReduction(Reduction.SUM).compute(input, target, mask));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("losses")
    void gradientMatchesCentralDifferencesWithAMask(ElementwiseLoss loss) {
        SplittableRandom rng = new SplittableRandom(21);
        Tensor input = Tensors.uniform(rng, -2, 2, B, T, F);
        Tensor target = targetsFor(loss, rng, B, T, F);
        SequenceMask mask = SequenceMask.fromLengths(LENGTHS, T);
        float step = 1e-3f;

        Tensor gradient = loss.compute(input, target, mask).gradient();

        // Away from the kinks of |d| (at 0) and Huber's switch (at |d| = δ), where a difference quotient straddles.
        IntPredicate awayFromKinks = i -> {
            double d = Math.abs(input.get(i) - target.get(i));
            return d > 2 * step && Math.abs(d - 0.5) > 2 * step;
        };
        GradientCheck.of(x -> loss.compute(x, target, mask).value()).step(step).tolerance(1e-6, 1e-3)
                .where(awayFromKinks).check("input", input, gradient);
    }

    @Test
    void meanAbsoluteErrorHasZeroGradientAtExactlyZeroDifference() {
        Tensor input = Tensor.of(new float[] {0.5f, -1f, 2f}, 3);
        Tensor target = Tensor.of(new float[] {0.5f, 0f, 3f}, 3);

        LossResult result = new MeanAbsoluteError(Reduction.SUM).compute(input, target);

        assertThat(result.value()).isEqualTo(2.0);
        assertThat(result.gradient().toArray()).containsExactly(0f, -1f, -1f);
    }

    @Test
    void huberIsQuadraticInsideDeltaAndLinearOutside() {
        Tensor input = Tensor.of(new float[] {0.25f, -2f, 0.5f}, 3);
        Tensor target = Tensor.zeros(3);

        LossResult result = new Huber(0.5, Reduction.SUM).compute(input, target);

        // ½·0.25² + 0.5·(2 − 0.25) + 0.5·(0.5 − 0.25): at |d| = δ both branches agree
        assertThat(result.value()).isCloseTo(0.03125 + 0.875 + 0.125, Offset.offset(1e-12));
        assertThat(result.gradient().toArray()).containsExactly(0.25f, -0.5f, 0.5f);
    }

    @Test
    void binaryCrossEntropyTakesLogitsAndStaysFiniteWhereTheSigmoidSaturates() {
        Tensor logits = Tensor.of(new float[] {1000f, -1000f, 1000f, 0f}, 4);
        Tensor target = Tensor.of(new float[] {0f, 1f, 1f, 0.5f}, 4);

        LossResult result = new BinaryCrossEntropy(Reduction.SUM).compute(logits, target);

        assertThat(result.value()).isCloseTo(2000 + Math.log(2), Offset.offset(1e-9));
        assertThat(result.gradient().toArray()).containsExactly(1f, -1f, 0f, 0f);
    }

    @Test
    void binaryCrossEntropyAgreesWithTheTextbookFormulaOnModerateLogits() {
        double x = 0.7;
        double y = 0.3;
        double p = 1 / (1 + Math.exp(-x));

        assertThat(new BinaryCrossEntropy().elementLoss(x, y))
                .isCloseTo(-(y * Math.log(p) + (1 - y) * Math.log(1 - p)), Offset.offset(1e-15));
        assertThat(new BinaryCrossEntropy().elementGradient(x, y)).isCloseTo(p - y, Offset.offset(1e-15));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("losses")
    void nothingUnmaskedGivesLossZeroAndZeroGradientNotNaN(ElementwiseLoss loss) {
        SplittableRandom rng = new SplittableRandom(22);
        Tensor input = Tensors.uniform(rng, -1, 1, B, T, F);
        Tensor target = targetsFor(loss, rng, B, T, F);

        LossResult byMask = loss.compute(input, target, SequenceMask.fromLengths(new int[] {0, 0, 0}, T));
        LossResult byWeights = loss.compute(input, target, Tensor.zeros(B, T, F));
        LossResult empty = loss.compute(Tensor.zeros(0, F), Tensor.zeros(0, F));

        for (LossResult r : new LossResult[] {byMask, byWeights, empty}) {
            assertThat(r.value()).isZero();
            assertThat(Tensors.maxAbs(r.gradient())).isZero();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("losses")
    void maskedElementsMayHoldAnythingAndGetZeroGradient(ElementwiseLoss loss) {
        SplittableRandom rng = new SplittableRandom(23);
        Tensor input = Tensors.uniform(rng, -1, 1, B, T, F);
        Tensor target = targetsFor(loss, rng, B, T, F);
        SequenceMask mask = SequenceMask.fromLengths(LENGTHS, T);
        double clean = loss.compute(input, target, mask).value();
        for (int b = 0; b < B; b++) {
            for (int t = LENGTHS[b]; t < T; t++) {
                input.reshape(B, T, F).row(b).row(t).fill(Float.NaN);
                target.reshape(B, T, F).row(b).row(t).fill(-7f);
            }
        }

        LossResult result = loss.compute(input, target, mask);

        assertThat(result.value()).isEqualTo(clean);
        assertThat(result.gradient().hasNonFinite()).isFalse();
        assertThat(result.gradient().at(1, 2, 0)).isZero();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("losses")
    void theMeanIsOverTheUnmaskedElementsAndTheSumIsThatMeanTimesTheirCount(ElementwiseLoss loss) {
        SplittableRandom rng = new SplittableRandom(24);
        Tensor input = Tensors.uniform(rng, -1, 1, B, T, F);
        Tensor target = targetsFor(loss, rng, B, T, F);
        SequenceMask mask = SequenceMask.fromLengths(LENGTHS, T);
        double byHand = 0;
        for (int b = 0; b < B; b++) {
            for (int t = 0; t < LENGTHS[b]; t++) {
                for (int f = 0; f < F; f++) {
                    byHand += loss.elementLoss(input.at(b, t, f), target.at(b, t, f));
                }
            }
        }
        int count = (5 + 2 + 4) * F;

        double mean = loss.compute(input, target, mask).value();
        double sum = loss.withReduction(Reduction.SUM).compute(input, target, mask).value();

        assertThat(mean).isCloseTo(byHand / count, Offset.offset(1e-12));
        assertThat(sum).isCloseTo(byHand, Offset.offset(1e-12));
    }

    @Test
    void weightsGiveAWeightedMean() {
        Tensor input = Tensor.of(new float[] {1f, 2f, 3f}, 3);
        Tensor target = Tensor.zeros(3);
        Tensor weights = Tensor.of(new float[] {2f, 0f, 1f}, 3);

        LossResult result = new MeanSquaredError().compute(input, target, weights);

        // (2·1 + 1·9) / (2 + 1); the gradient 2·w·d / Σw
        assertThat(result.value()).isCloseTo(11.0 / 3, Offset.offset(1e-12));
        assertThat(result.gradient().toArray()).containsExactly(4f / 3, 0f, 2f);
    }

    @Test
    void negativeOrNonFiniteWeightsAreRefusedNamingTheirIndex() {
        Tensor x = Tensor.zeros(2, 3);
        Tensor w = Tensor.full(1f, 2, 3);
        w.setAt(-0.5f, 1, 2);

        assertThatThrownBy(() -> new MeanSquaredError().compute(x, x, w))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("MeanSquaredError: weight -0.5 at index (1, 2) must be finite and >= 0");
        w.setAt(Float.NaN, 1, 2);
        assertThatThrownBy(() -> new MeanSquaredError().compute(x, x, w))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("MeanSquaredError: weight NaN at index (1, 2) must be finite and >= 0");
    }

    @Test
    void binaryCrossEntropyRefusesUnmaskedTargetsOutsideZeroToOne() {
        Tensor logits = Tensor.zeros(2, 3, 1);
        Tensor target = Tensor.zeros(2, 3, 1);
        target.setAt(1.5f, 1, 1, 0);

        assertThatThrownBy(() -> new BinaryCrossEntropy().compute(logits, target))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("BinaryCrossEntropy: target 1.5 at index (1, 1, 0) is outside [0, 1]");
        LossResult masked = new BinaryCrossEntropy().compute(logits, target, SequenceMask.fromLengths(new int[] {3, 1}, 3));
        assertThat(masked.value()).isCloseTo(Math.log(2), Offset.offset(1e-12));
    }

    @Test
    void shapeMismatchesNameTheLossWithExpectedAndActual() {
        Tensor x = Tensor.zeros(B, T, F);
        SequenceMask mask = SequenceMask.fromLengths(LENGTHS, T);

        assertThatThrownBy(() -> new MeanSquaredError().compute(x, Tensor.zeros(B, T)))
                .isInstanceOf(ShapeException.class)
                .hasMessage("MeanSquaredError target: expected shape (3, 5, 4) (the input's), got (3, 5)");
        assertThatThrownBy(() -> new MeanAbsoluteError(Reduction.SUM).compute(x, x, Tensor.zeros(B, T, 1)))
                .isInstanceOf(ShapeException.class)
                .hasMessage("MeanAbsoluteError(sum) weights: expected shape (3, 5, 4) (the input's), got (3, 5, 1)");
        assertThatThrownBy(() -> new Huber(0.5).compute(Tensor.zeros(B, 4, F), Tensor.zeros(B, 4, F), mask))
                .isInstanceOf(ShapeException.class)
                .hasMessage("Huber(delta=0.5) input: expected shape (B, T, ...) with (B, T) = (3, 5) from the mask,"
                        + " got (3, 4, 4)");
        assertThatThrownBy(() -> new BinaryCrossEntropy().compute(Tensor.zeros(B), Tensor.zeros(B), mask))
                .isInstanceOf(ShapeException.class)
                .hasMessage("BinaryCrossEntropy input: expected shape (B, T, ...) with (B, T) = (3, 5) from the mask,"
                        + " got (3,)");
    }

    @Test
    void huberDeltaMustBeFiniteAndPositive() {
        for (double bad : new double[] {0, -1, Double.NaN, Double.POSITIVE_INFINITY}) {
            assertThatThrownBy(() -> new Huber(bad))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("Huber delta must be finite and > 0, got " + bad);
        }
        assertThat(new Huber().delta()).isEqualTo(1.0);
        assertThat(new Huber(0.5).withReduction(Reduction.SUM)).isEqualTo(new Huber(0.5, Reduction.SUM));
    }

    @Test
    void aSequenceMaskAlsoCoversTwoDimensionalInputs() {
        Tensor x = Tensor.of(new float[] {1f, 2f, 3f, 4f}, 2, 2);
        SequenceMask mask = SequenceMask.fromLengths(new int[] {2, 1}, 2);

        LossResult result = new MeanSquaredError().compute(x, Tensor.zeros(2, 2), mask);

        assertThat(result.value()).isCloseTo((1 + 4 + 9) / 3.0, Offset.offset(1e-12));
        assertThat(result.gradient().toArray()).containsExactly(2f / 3, 4f / 3, 2f, 0f);
    }
}
