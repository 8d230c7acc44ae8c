package org.rnn4j.nn.attention;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.rnn4j.nn.Parameter;
import org.rnn4j.tensor.SequenceMask;
import org.rnn4j.tensor.Tensor;
import org.rnn4j.testing.Tensors;

/**
 * Padded source positions get no weight and no gradient: each row of a padded, masked batch equals that row run
 * alone on its valid keys (padding on the right, on the left, or holes anywhere); a row without any valid key is
 * defined (zero weights, zero context, zero gradients), not NaN.
 */
class AttentionMaskTest {
    private static final double TOLERANCE = 1e-5;
    private static final int QUERY = 4;
    private static final int KEY = 5;
    private static final int VALUE = 3;
    private static final int ATTENTION = 6;
    private static final int QUERY_STEPS = 3;
    private static final int KEY_STEPS = 6;

    /** (B, Tk) 0/1 masks: right padding, left padding, holes. */
    static Stream<Arguments> cases() {
        float[][] right = {{1, 1, 1, 1, 1, 1}, {1, 1, 0, 0, 0, 0}, {1, 1, 1, 1, 0, 0}};
        float[][] left = {{0, 0, 0, 1, 1, 1}, {1, 1, 1, 1, 1, 1}, {0, 0, 0, 0, 0, 1}};
        float[][] holes = {{1, 0, 1, 0, 0, 1}, {0, 1, 1, 1, 1, 0}, {1, 1, 0, 1, 1, 1}};
        List<Arguments> all = new ArrayList<>();
        for (String score : AttentionCases.SCORES) {
            all.add(Arguments.of(score, "right", right));
            all.add(Arguments.of(score, "left", left));
            all.add(Arguments.of(score, "holes", holes));
        }
        return all.stream();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cases")
    void paddedAndMaskedKeysGiveWhatTheUnpaddedKeysGive(String score, String padding, float[][] valid) {
        SplittableRandom rng = new SplittableRandom(21);
        int query = AttentionCases.querySize(score, QUERY, KEY);
        Attention attention = AttentionCases.make(score, query, KEY, ATTENTION, 5);
        int batch = valid.length;
        SequenceMask mask = SequenceMask.fromTensor(Tensor.of(flatten(valid), batch, KEY_STEPS));
        Tensor queries = Tensors.uniform(rng, -1, 1, batch, QUERY_STEPS, query);
        Tensor keys = Tensors.uniform(rng, -1, 1, batch, KEY_STEPS, KEY);
        Tensor values = Tensors.uniform(rng, -1, 1, batch, KEY_STEPS, VALUE);
        for (int b = 0; b < batch; b++) {
            for (int j = 0; j < KEY_STEPS; j++) {
                if (!mask.isValid(b, j)) { // padding that would dominate every score and context if it were read
                    fillPosition(keys, b, j, 50f);
                    fillPosition(values, b, j, 1000f);
                }
            }
        }
        Tensor probeContext = Tensors.uniform(rng, -1, 1, batch, QUERY_STEPS, VALUE);
        Tensor probeWeights = Tensors.uniform(rng, -1, 1, batch, QUERY_STEPS, KEY_STEPS);

        AttentionTrace padded = attention.forward(queries, keys, values, mask);
        Tensor dQueries = attention.backward(padded, probeContext, probeWeights);
        MemoryGradients dMemory = attention.backwardMemory(padded.memory());
        List<Tensor> parameterGradients = attention.parameters().stream().map(p -> p.grad().copy()).toList();
        attention.parameters().forEach(Parameter::zeroGrad);

        for (int b = 0; b < batch; b++) {
            int[] kept = validPositions(mask, b);
            Tensor rowQueries = rows(queries, b);
            Tensor rowKeys = gather(keys, b, kept);
            Tensor rowValues = gather(values, b, kept);
            Tensor rowProbeWeights = gatherLast(rows(probeWeights, b), kept);
            AttentionTrace alone = attention.forward(rowQueries, rowKeys, rowValues, null);
            Tensor dQueriesAlone = attention.backward(alone, rows(probeContext, b), rowProbeWeights);
            MemoryGradients dAlone = attention.backwardMemory(alone.memory());

            assertClose(rows(padded.context(), b), alone.context(), "context of row " + b);
            assertClose(gatherLast(rows(padded.weights(), b), kept), alone.weights(), "weights of row " + b);
            assertClose(rows(dQueries, b), dQueriesAlone, "dQueries of row " + b);
            assertClose(gather(dMemory.keys(), b, kept), dAlone.keys(), "dKeys of row " + b);
            assertClose(gather(dMemory.values(), b, kept), dAlone.values(), "dValues of row " + b);
            for (int j = 0; j < KEY_STEPS; j++) {
                if (!mask.isValid(b, j)) {
                    for (int i = 0; i < QUERY_STEPS; i++) {
                        assertThat(padded.weights().at(b, i, j)).as("weight of padded key %d, row %d", j, b).isZero();
                    }
                    assertThat(Tensors.maxAbs(position(dMemory.keys(), b, j))).as("dKeys at padded %d, row %d", j, b).isZero();
                    assertThat(Tensors.maxAbs(position(dMemory.values(), b, j))).as("dValues at padded %d", j).isZero();
                }
            }
        }
        for (int k = 0; k < parameterGradients.size(); k++) { // now the sums over the rows run alone
            assertClose(parameterGradients.get(k), attention.parameters().get(k).grad(),
                    "gradient of " + attention.parameters().get(k).name());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scores")
    void weightsSumToOneOverValidPositionsAndAreZeroOnPaddedOnes(String score) {
        SplittableRandom rng = new SplittableRandom(8);
        int query = AttentionCases.querySize(score, QUERY, KEY);
        Attention attention = AttentionCases.make(score, query, KEY, ATTENTION, 9);
        SequenceMask mask = SequenceMask.fromLengths(new int[] {6, 1, 3, 5}, KEY_STEPS);

        Tensor weights = attention.forward(Tensors.uniform(rng, -1, 1, 4, QUERY_STEPS, query),
                Tensors.uniform(rng, -1, 1, 4, KEY_STEPS, KEY), Tensors.uniform(rng, -1, 1, 4, KEY_STEPS, VALUE),
                mask).weights();

        for (int b = 0; b < 4; b++) {
            for (int i = 0; i < QUERY_STEPS; i++) {
                double sum = 0;
                for (int j = 0; j < KEY_STEPS; j++) {
                    float w = weights.at(b, i, j);
                    if (mask.isValid(b, j)) {
                        assertThat(w).as("weight (%d, %d, %d)", b, i, j).isPositive();
                        sum += w;
                    } else {
                        assertThat(w).as("weight (%d, %d, %d)", b, i, j).isZero();
                    }
                }
                assertThat(sum).as("Σ weights of row %d query %d", b, i).isCloseTo(1, Offset.offset(1e-6));
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scores")
    void aRowWithoutAnyValidKeyGetsZeroWeightsZeroContextAndNoGradient(String score) {
        SplittableRandom rng = new SplittableRandom(10);
        int query = AttentionCases.querySize(score, QUERY, KEY);
        Attention attention = AttentionCases.make(score, query, KEY, ATTENTION, 11);
        SequenceMask mask = SequenceMask.fromLengths(new int[] {3, 0}, KEY_STEPS);
        Tensor queries = Tensors.uniform(rng, -1, 1, 2, query); // one decoder step
        Tensor keys = Tensors.uniform(rng, -1, 1, 2, KEY_STEPS, KEY);

        AttentionTrace trace = attention.forward(queries, keys, keys, mask);
        Tensor dQueries = attention.backward(trace, Tensors.uniform(rng, -1, 1, 2, KEY),
                Tensors.uniform(rng, -1, 1, 2, KEY_STEPS));
        MemoryGradients dMemory = attention.backwardMemory(trace.memory());

        assertThat(Tensors.maxAbs(trace.weights().row(1))).isZero();
        assertThat(Tensors.maxAbs(trace.context().row(1))).isZero();
        assertThat(Tensors.maxAbs(dQueries.row(1))).isZero();
        assertThat(Tensors.maxAbs(dMemory.keysPlusValues().row(1))).isZero();
        assertThat(Tensors.maxAbs(trace.context().row(0))).as("the other row is not affected").isPositive();
        for (Tensor t : List.of(trace.context(), trace.weights(), dQueries, dMemory.keys(), dMemory.values())) {
            assertThat(t.hasNonFinite()).isFalse();
        }
        for (Parameter p : attention.parameters()) {
            assertThat(p.grad().hasNonFinite()).as(p.name()).isFalse();
        }
    }

    @Test
    void largeScoresDoNotOverflowTheSoftmax() {
        Attention attention = LuongAttention.dot(2);
        Tensor queries = Tensor.of(new float[] {100, 0}, 1, 2);
        Tensor keys = Tensor.of(new float[] {100, 0, 99, 0, -100, 0}, 1, 3, 2); // scores 10000, 9900, −10000

        AttentionTrace trace = attention.forward(queries, keys, keys, null);

        assertThat(trace.weights().hasNonFinite()).isFalse();
        assertThat(trace.weights().get(0)).isCloseTo(1f, Offset.offset(1e-6f));
        assertThat(trace.context().get(0)).isCloseTo(100f, Offset.offset(1e-3f));
    }

    static Stream<String> scores() {
        return Stream.of(AttentionCases.SCORES);
    }

    private static void assertClose(Tensor actual, Tensor expected, String what) {
        assertThat(actual.shape()).as("shape of %s", what).containsExactly(expected.shape());
        assertThat(Tensors.relativeError(actual, expected)).as(what).isLessThan(TOLERANCE);
    }

    private static float[] flatten(float[][] rows) {
        float[] out = new float[rows.length * rows[0].length];
        for (int b = 0; b < rows.length; b++) {
            System.arraycopy(rows[b], 0, out, b * rows[b].length, rows[b].length);
        }
        return out;
    }

    private static int[] validPositions(SequenceMask mask, int row) {
        return java.util.stream.IntStream.range(0, mask.steps()).filter(j -> mask.isValid(row, j)).toArray();
    }

    /** Row b of a (B, ...) tensor as a (1, ...) copy. */
    private static Tensor rows(Tensor t, int b) {
        return t.slice(b, b + 1).copy();
    }

    /** (1, n, H): the positions {@code kept} of row b of a (B, T, H) tensor. */
    private static Tensor gather(Tensor t, int b, int[] kept) {
        int width = t.dim(2);
        Tensor out = Tensor.zeros(1, kept.length, width);
        for (int n = 0; n < kept.length; n++) {
            out.write(n * width, t, (b * t.dim(1) + kept[n]) * width, width);
        }
        return out;
    }

    /** The columns {@code kept} of the last dimension of a (1, Tq, Tk) tensor. */
    private static Tensor gatherLast(Tensor t, int[] kept) {
        int rows = t.size() / t.dim(-1);
        Tensor out = Tensor.zeros(1, rows, kept.length);
        for (int r = 0; r < rows; r++) {
            for (int n = 0; n < kept.length; n++) {
                out.set(r * kept.length + n, t.get(r * t.dim(-1) + kept[n]));
            }
        }
        return out;
    }

    private static Tensor position(Tensor t, int b, int j) {
        return t.row(b).row(j);
    }

    private static void fillPosition(Tensor t, int b, int j, float value) {
        position(t, b, j).fill(value);
    }
}
