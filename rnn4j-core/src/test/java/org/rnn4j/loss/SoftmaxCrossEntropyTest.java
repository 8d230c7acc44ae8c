package org.rnn4j.loss;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.SplittableRandom;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.rnn4j.tensor.Parallel;
import org.rnn4j.tensor.SequenceMask;
import org.rnn4j.tensor.ShapeException;
import org.rnn4j.tensor.Tensor;
import org.rnn4j.testing.GradientCheck;
import org.rnn4j.testing.Tensors;

/**
 * SoftmaxCrossEntropy is PyTorch's CrossEntropyLoss with the classes last: logits (N, V) or (B, T, V), integer
 * targets, label smoothing ε with target distribution (1 − ε)·onehot + ε/V, padded steps ignored and the mean
 * taken over the valid steps (PyTorch's ignore_index mean), or the loss on each row's last valid step.
 */
class SoftmaxCrossEntropyTest {
    private static final int B = 3;
    private static final int T = 5;
    private static final int V = 7;
    private static final int[] LENGTHS = {5, 2, 4};

    @ParameterizedTest
    @ValueSource(strings = {"ce_full", "ce_mask", "ce_smoothing", "ce_mask_smoothing"})
    void perStepLossAndGradientMatchPyTorch(String name) {
        LossGolden golden = LossGolden.read(name);
        double smoothing = name.endsWith("smoothing") ? 0.1 : 0.0;
        SequenceMask mask = golden.has("mask") ? golden.mask() : null;
        Tensor logits = golden.get("logits");        // (B, T, V)
        int[] targets = golden.ints("targets");      // B·T, −100 at padded steps

        SoftmaxCrossEntropy mean = new SoftmaxCrossEntropy(smoothing);
        golden.assertResult("loss", "grad.logits", mean.compute(logits, targets, mask));
        golden.assertResult("loss.sum", "grad.logits.sum",
                mean.withReduction(Reduction.SUM).compute(logits, targets, mask));
    }

    @Test
    void flatLogitsWithOneTargetPerRowMatchPyTorch() {
        LossGolden golden = LossGolden.read("ce_full");
        Tensor logits = golden.get("logits").reshape(B * T, V); // (N, V)

        LossResult result = new SoftmaxCrossEntropy().compute(logits, golden.ints("targets"));

        golden.assertValue("loss", result.value());
        golden.assertGradient("grad.logits", result.gradient().reshape(B, T, V));
        assertThat(result.gradient().shape()).containsExactly(B * T, V);
    }

    @Test
    void lastStepLossMatchesPyTorchOnEachRowsLastValidStep() {
        LossGolden golden = LossGolden.read("ce_last_step");

        LossResult result = new SoftmaxCrossEntropy(0.1).lastStep(golden.get("logits"), golden.ints("targets"),
                golden.mask());

        golden.assertResult("loss", "grad.logits", result);
    }

    @Test
    void gradientMatchesCentralDifferencesWithMaskAndLabelSmoothing() {
        SplittableRandom rng = new SplittableRandom(11);
        Tensor logits = Tensors.uniform(rng, -3, 3, B, T, V);
        int[] targets = rng.ints(B * T, 0, V).toArray();
        SequenceMask mask = SequenceMask.fromLengths(LENGTHS, T);
        SoftmaxCrossEntropy loss = new SoftmaxCrossEntropy(0.1);

        Tensor gradient = loss.compute(logits, targets, mask).gradient();

        GradientCheck.of(x -> loss.compute(x, targets, mask).value()).step(1e-3f).tolerance(1e-6, 1e-3)
                .check("logits", logits, gradient);
    }

    @Test
    void lastStepGradientMatchesCentralDifferences() {
        SplittableRandom rng = new SplittableRandom(12);
        Tensor logits = Tensors.uniform(rng, -3, 3, B, T, V);
        int[] targets = rng.ints(B, 0, V).toArray();
        SequenceMask mask = SequenceMask.fromLengthsLeftPadded(new int[] {2, 5, 1}, T);
        SoftmaxCrossEntropy loss = new SoftmaxCrossEntropy(0.2).withReduction(Reduction.SUM);

        Tensor gradient = loss.lastStep(logits, targets, mask).gradient();

        GradientCheck.of(x -> loss.lastStep(x, targets, mask).value()).step(1e-3f).tolerance(1e-6, 1e-3)
                .check("logits", logits, gradient);
    }

    @Test
    void paddedStepsCountForNothingWhateverTheirLogitsAndTargetsHold() {
        SplittableRandom rng = new SplittableRandom(13);
        Tensor logits = Tensors.uniform(rng, -3, 3, B, T, V);
        int[] targets = rng.ints(B * T, 0, V).toArray();
        SequenceMask mask = SequenceMask.fromLengths(LENGTHS, T);
        int valid = 5 + 2 + 4;
        Tensor compact = Tensor.zeros(valid, V); // the valid steps alone, as (N, V)
        int[] compactTargets = new int[valid];
        int n = 0;
        for (int b = 0; b < B; b++) {
            for (int t = 0; t < T; t++) {
                int row = b * T + t;
                if (mask.isValid(b, t)) {
                    compact.row(n).copyFrom(logits.reshape(B * T, V).row(row));
                    compactTargets[n++] = targets[row];
                } else {
                    logits.reshape(B * T, V).row(row).fill(Float.NaN);
                    targets[row] = -100;
                }
            }
        }
        SoftmaxCrossEntropy loss = new SoftmaxCrossEntropy(0.1);

        LossResult masked = loss.compute(logits, targets, mask);
        LossResult alone = loss.compute(compact, compactTargets);

        assertThat(masked.value()).isCloseTo(alone.value(), Offset.offset(1e-12));
        assertThat(masked.gradient().hasNonFinite()).isFalse();
        for (int b = 0; b < B; b++) {
            for (int t = 0; t < T; t++) {
                for (int k = 0; k < V; k++) {
                    if (!mask.isValid(b, t)) {
                        assertThat(masked.gradient().at(b, t, k)).isZero();
                    }
                }
            }
        }
    }

    @Test
    void fullyMaskedBatchHasLossZeroAndZeroGradientNotNaN() {
        Tensor logits = Tensors.uniform(new SplittableRandom(14), -1, 1, B, T, V);
        SequenceMask none = SequenceMask.fromLengths(new int[] {0, 0, 0}, T);
        SoftmaxCrossEntropy loss = new SoftmaxCrossEntropy(0.1);

        LossResult perStep = loss.compute(logits, new int[B * T], none);
        LossResult lastStep = loss.lastStep(logits, new int[B], none);

        for (LossResult r : new LossResult[] {perStep, lastStep}) {
            assertThat(r.value()).isZero();
            assertThat(r.gradient().shape()).containsExactly(B, T, V);
            assertThat(Tensors.maxAbs(r.gradient())).isZero();
        }
    }

    @Test
    void lastStepLeavesOutRowsWithoutValidSteps() {
        SplittableRandom rng = new SplittableRandom(15);
        Tensor logits = Tensors.uniform(rng, -1, 1, 2, T, V);
        int[] targets = {3, 4};
        SequenceMask oneEmpty = SequenceMask.fromLengths(new int[] {3, 0}, T);
        SoftmaxCrossEntropy loss = new SoftmaxCrossEntropy();

        LossResult result = loss.lastStep(logits, targets, oneEmpty);
        LossResult firstRowAlone = loss.compute(logits.row(0).slice(2, 3), new int[] {3});

        assertThat(result.value()).isCloseTo(firstRowAlone.value(), Offset.offset(1e-12));
        assertThat(Tensors.maxAbs(result.gradient().row(1))).isZero();
    }

    @Test
    void uniformLogitsCostLogVWithOrWithoutSmoothing() {
        Tensor logits = Tensor.full(0.25f, 4, V);
        int[] targets = {0, 3, 6, 2};

        assertThat(new SoftmaxCrossEntropy().compute(logits, targets).value())
                .isCloseTo(Math.log(V), Offset.offset(1e-12));
        assertThat(new SoftmaxCrossEntropy(0.3).compute(logits, targets).value())
                .isCloseTo(Math.log(V), Offset.offset(1e-12));
    }

    @Test
    void twoThreadsSplitTheRowsAndComputeTheSame() {
        SplittableRandom rng = new SplittableRandom(21);
        Tensor logits = Tensors.uniform(rng, -3, 3, 6, 9, 11);
        int[] targets = rng.ints(6 * 9, 0, 11).toArray();
        SequenceMask mask = SequenceMask.fromLengths(new int[] {9, 3, 7, 1, 9, 5}, 9);
        SoftmaxCrossEntropy loss = new SoftmaxCrossEntropy(0.1);
        LossResult one = loss.compute(logits, targets, mask);
        LossResult two;
        try {
            Parallel.setThreads(2);
            two = loss.compute(logits, targets, mask);
        } finally {
            Parallel.setThreads(1);
        }
        assertThat(two.value()).isCloseTo(one.value(), Offset.offset(1e-12));
        assertThat(two.gradient().toArray()).containsExactly(one.gradient().toArray());
    }

    @Test
    void hugeLogitsStayFinite() {
        Tensor logits = Tensor.of(new float[] {1e4f, 0f, -1e4f, 1e4f, 0f, -1e4f}, 2, 3);

        LossResult result = new SoftmaxCrossEntropy().withReduction(Reduction.SUM).compute(logits, new int[] {0, 2});

        assertThat(result.value()).isCloseTo(2e4, Offset.offset(1e-9));
        assertThat(result.gradient().toArray()).containsExactly(0f, 0f, 0f, 1f, 0f, -1f);
    }

    @Test
    void theSumIsTheMeanTimesTheNumberOfValidSteps() {
        SplittableRandom rng = new SplittableRandom(16);
        Tensor logits = Tensors.uniform(rng, -2, 2, B, T, V);
        int[] targets = rng.ints(B * T, 0, V).toArray();
        SequenceMask mask = SequenceMask.fromLengths(LENGTHS, T);
        SoftmaxCrossEntropy mean = new SoftmaxCrossEntropy(0.1);

        double meanValue = mean.compute(logits, targets, mask).value();
        double sumValue = mean.withReduction(Reduction.SUM).compute(logits, targets, mask).value();

        assertThat(sumValue).isCloseTo(11 * meanValue, Offset.offset(1e-12));
    }

    @Test
    void eachRowsGradientSumsToZero() {
        SplittableRandom rng = new SplittableRandom(17);
        Tensor logits = Tensors.uniform(rng, -2, 2, 4, V);

        Tensor gradient = new SoftmaxCrossEntropy(0.1).compute(logits, new int[] {0, 1, 5, 6}).gradient();

        for (int r = 0; r < 4; r++) {
            double sum = 0;
            for (int k = 0; k < V; k++) {
                sum += gradient.at(r, k);
            }
            assertThat(sum).isCloseTo(0, Offset.offset(1e-7));
        }
    }

    @Test
    void aTargetOutsideTheClassesIsRefusedNamingItsPosition() {
        SoftmaxCrossEntropy loss = new SoftmaxCrossEntropy();
        int[] targets = new int[B * T];
        targets[6] = V;

        assertThatThrownBy(() -> loss.compute(Tensor.zeros(B, T, V), targets, SequenceMask.fromLengths(LENGTHS, T)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("SoftmaxCrossEntropy: target 7 at position 6 (row 1, step 1) is outside [0, 7)");
        assertThatThrownBy(() -> loss.compute(Tensor.zeros(3, V), new int[] {0, 1, -1}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("SoftmaxCrossEntropy: target -1 at row 2 is outside [0, 7)");
        assertThatThrownBy(() -> loss.lastStep(Tensor.zeros(B, T, V), new int[] {0, 9, 0}, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("SoftmaxCrossEntropy: target 9 at row 1 is outside [0, 7)");
    }

    @Test
    void labelSmoothingOutsideZeroToOneIsRefused() {
        for (double bad : new double[] {-0.1, 1.0, 1.5, Double.NaN}) {
            assertThatThrownBy(() -> new SoftmaxCrossEntropy(bad))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("SoftmaxCrossEntropy label smoothing must be in [0, 1), got " + bad);
        }
        assertThat(new SoftmaxCrossEntropy(0.0).labelSmoothing()).isZero();
        assertThat(new SoftmaxCrossEntropy(0.999).withLabelSmoothing(0.1).labelSmoothing()).isEqualTo(0.1);
    }

    @Test
    void shapeMismatchesNameTheLossWithExpectedAndActual() {
        SoftmaxCrossEntropy loss = new SoftmaxCrossEntropy(0.1);
        SequenceMask mask = SequenceMask.fromLengths(LENGTHS, T);

        assertThatThrownBy(() -> loss.compute(Tensor.zeros(V), new int[1]))
                .isInstanceOf(ShapeException.class)
                .hasMessage("SoftmaxCrossEntropy(labelSmoothing=0.1) logits: expected shape (N, V) or (B, T, V), got (7,)");
        assertThatThrownBy(() -> loss.compute(Tensor.zeros(4, V), new int[3]))
                .isInstanceOf(ShapeException.class)
                .hasMessage("SoftmaxCrossEntropy(labelSmoothing=0.1) targets: expected 4 (N for logits (4, 7)), got 3");
        assertThatThrownBy(() -> loss.compute(Tensor.zeros(B, T, V), new int[B]))
                .isInstanceOf(ShapeException.class)
                .hasMessage("SoftmaxCrossEntropy(labelSmoothing=0.1) targets: expected 15 (B·T for logits (3, 5, 7)), got 3");
        assertThatThrownBy(() -> loss.compute(Tensor.zeros(B, 4, V), new int[B * 4], mask))
                .isInstanceOf(ShapeException.class)
                .hasMessage("SoftmaxCrossEntropy(labelSmoothing=0.1) logits: expected shape (B, T, V) with (B, T) = (3, 5)"
                        + " from the mask, got (3, 4, 7)");
        assertThatThrownBy(() -> loss.lastStep(Tensor.zeros(B * T, V), new int[B], null))
                .isInstanceOf(ShapeException.class)
                .hasMessage("SoftmaxCrossEntropy(labelSmoothing=0.1) logits: expected shape (B, T, V), got (15, 7)");
        assertThatThrownBy(() -> loss.lastStep(Tensor.zeros(B, T, V), new int[B * T], mask))
                .isInstanceOf(ShapeException.class)
                .hasMessage("SoftmaxCrossEntropy(labelSmoothing=0.1) targets: expected 3 (B for logits (3, 5, 7)), got 15");
    }
}
