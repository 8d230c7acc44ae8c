package org.rnn4j.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.rnn4j.nn.recurrent.CellType;
import org.rnn4j.nn.recurrent.RecurrentConfig;
import org.rnn4j.nn.recurrent.RecurrentLayer;
import org.rnn4j.nn.recurrent.RecurrentOutput;
import org.rnn4j.tensor.SequenceMask;
import org.rnn4j.tensor.ShapeException;
import org.rnn4j.tensor.Tensor;
import org.rnn4j.testing.GradientCheck;
import org.rnn4j.testing.Tensors;

/** Pooling over time: finite differences for every kind, masks respected (padded+masked = unpadded). */
class SequencePoolingTest {
    private static final int B = 3;
    private static final int T = 5;
    private static final int H = 3;
    private static final int[] LENGTHS = {5, 2, 3};

    private static SequencePooling pooling(Pooling kind, int directions) {
        return SequencePooling.of(kind, directions, H, 4, "pooling.", new SplittableRandom(7));
    }

    /** Distinct values 0.1 apart in random order: a finite-difference step of 0.01 never changes a max. */
    private static Tensor distinctValues(long seed, int... shape) {
        Tensor t = Tensor.zeros(shape);
        int[] perm = new int[t.size()];
        for (int i = 0; i < perm.length; i++) {
            perm[i] = i;
        }
        SplittableRandom rng = new SplittableRandom(seed);
        for (int i = perm.length - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int s = perm[i];
            perm[i] = perm[j];
            perm[j] = s;
        }
        for (int i = 0; i < perm.length; i++) {
            t.set(i, (float) (0.1 * (perm[i] - perm.length / 2.0) / Math.sqrt(perm.length)));
        }
        return t;
    }

    @ParameterizedTest
    @EnumSource(Pooling.class)
    void backwardMatchesFiniteDifferencesWithVariableLengths(Pooling kind) {
        SequencePooling pooling = pooling(kind, 2);
        SequenceMask mask = SequenceMask.fromLengths(LENGTHS, T);
        Tensor x = distinctValues(1, B, T, 2 * H);
        Tensor probe = Tensors.uniform(new SplittableRandom(2), -1, 1, B, 2 * H);
        pooling.parameters().forEach(Parameter::zeroGrad);
        Tensor dx = pooling.backward(pooling.forward(x, mask), probe).copy();
        GradientCheck check = GradientCheck.of(() -> Tensors.dot(pooling.forward(x, mask).output(), probe))
                .step(1e-2f).tolerance(1e-3).everyCoordinate();
        check.check("x", x, dx);
        for (Parameter p : pooling.parameters()) {
            check.check(p.name(), p.value(), p.grad());
        }
        for (int b = 0; b < B; b++) {
            for (int t = LENGTHS[b]; t < T; t++) {
                for (int j = 0; j < 2 * H; j++) {
                    assertThat(dx.at(b, t, j)).as("gradient at padded step (%d, %d)", b, t).isZero();
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Pooling.class)
    void paddedAndMaskedEqualsUnpadded(Pooling kind) {
        SequencePooling pooling = pooling(kind, 2);
        Tensor x = Tensors.uniform(new SplittableRandom(3), -1, 1, B, T, 2 * H); // padding holds garbage
        Tensor probe = Tensors.uniform(new SplittableRandom(4), -1, 1, B, 2 * H);
        SequenceMask mask = SequenceMask.fromLengths(LENGTHS, T);
        SequencePooling.Trace batched = pooling.forward(x, mask);
        pooling.parameters().forEach(Parameter::zeroGrad);
        Tensor dBatched = pooling.backward(batched, probe).copy();
        Tensor[] batchedGrads = pooling.parameters().stream().map(p -> p.grad().copy()).toArray(Tensor[]::new);
        pooling.parameters().forEach(Parameter::zeroGrad);
        for (int b = 0; b < B; b++) {
            int n = LENGTHS[b];
            Tensor row = Tensor.zeros(1, n, 2 * H);
            row.write(0, x, b * T * 2 * H, n * 2 * H);
            SequencePooling.Trace alone = pooling.forward(row, null);
            for (int j = 0; j < 2 * H; j++) {
                assertThat(alone.output().get(j)).as("row %d feature %d", b, j)
                        .isCloseTo(batched.output().at(b, j), offset(1e-6f));
            }
            Tensor dAlone = pooling.backward(alone, probe.row(b).reshape(1, 2 * H));
            for (int i = 0; i < n * 2 * H; i++) {
                assertThat(dAlone.get(i)).isCloseTo(dBatched.get(b * T * 2 * H + i), offset(1e-6f));
            }
        }
        for (int k = 0; k < batchedGrads.length; k++) {
            assertThat(Tensors.maxAbsDiff(pooling.parameters().get(k).grad(), batchedGrads[k])).isLessThan(1e-5);
        }
    }

    @Test
    void lastIsEachDirectionsFinalStateOfABidirectionalLayer() {
        RecurrentLayer lstm = new RecurrentLayer(RecurrentConfig.of(CellType.LSTM, 2, H).withBidirectional(true),
                new SplittableRandom(5));
        Tensor x = Tensors.uniform(new SplittableRandom(6), -1, 1, B, T, 2);
        SequenceMask mask = SequenceMask.fromLengths(LENGTHS, T);
        RecurrentOutput out = lstm.infer(x, mask, null);
        Tensor pooled = pooling(Pooling.LAST, 2).forward(out.sequence(), mask).output();
        assertThat(Tensors.maxAbsDiff(pooled, out.lastOutput(2))).isZero();
    }

    @ParameterizedTest
    @EnumSource(Pooling.class)
    void aRowWithoutValidStepsPoolsToZerosAndGetsNoGradient(Pooling kind) {
        SequencePooling pooling = pooling(kind, 1);
        Tensor x = Tensors.uniform(new SplittableRandom(8), -1, 1, 2, 3, H);
        SequenceMask mask = SequenceMask.fromLengths(new int[] {0, 3}, 3);
        SequencePooling.Trace trace = pooling.forward(x, mask);
        for (int j = 0; j < H; j++) {
            assertThat(trace.output().at(0, j)).isZero();
        }
        Tensor dx = pooling.backward(trace, Tensor.full(1f, 2, H));
        for (int i = 0; i < 3 * H; i++) {
            assertThat(dx.get(i)).isZero();
        }
    }

    @Test
    void meanMaxAndAttentionWeightsHaveTheirDefinitions() {
        Tensor x = Tensor.of(new float[] {1, -2, 3, 4, 5, 0, 9, 9}, 1, 4, 2);
        SequenceMask mask = SequenceMask.fromLengths(new int[] {3}, 4);
        assertThat(pooling1(Pooling.MEAN).forward(x, mask).output().toArray()).containsExactly(3f, 2f / 3);
        assertThat(pooling1(Pooling.MAX).forward(x, mask).output().toArray()).containsExactly(5f, 4f);
        assertThat(pooling1(Pooling.LAST).forward(x, mask).output().toArray()).containsExactly(5f, 0f);
        SequencePooling.Trace attention = pooling1(Pooling.ATTENTION).forward(x, mask);
        float[] alpha = attention.attentionWeights().toArray();
        assertThat(alpha[0] + alpha[1] + alpha[2]).isCloseTo(1f, offset(1e-6f));
        assertThat(alpha[3]).isZero();
        assertThat(attention.output().get(0))
                .isCloseTo(alpha[0] * 1 + alpha[1] * 3 + alpha[2] * 5, offset(1e-5f));
    }

    private static SequencePooling pooling1(Pooling kind) {
        return SequencePooling.of(kind, 1, 2, 3, "p.", new SplittableRandom(1));
    }

    @Test
    void namesItsParametersAndChecksShapes() {
        assertThat(pooling(Pooling.ATTENTION, 2).parameters()).extracting(Parameter::name)
                .containsExactly("pooling.weight", "pooling.bias", "pooling.context");
        assertThat(pooling(Pooling.MAX, 2).parameters()).isEmpty();
        assertThatThrownBy(() -> pooling(Pooling.MEAN, 2).forward(Tensor.zeros(2, 3, 4), null))
                .isInstanceOf(ShapeException.class).hasMessageContaining("(B, T, 6)");
        assertThat(Pooling.fromId("attention")).isEqualTo(Pooling.ATTENTION);
        assertThatThrownBy(() -> Pooling.fromId("sum")).hasMessageContaining("last, mean, max, attention");
    }
}
