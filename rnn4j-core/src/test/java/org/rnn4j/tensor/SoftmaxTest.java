package org.rnn4j.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SoftmaxTest {

    /** The plain definition in double precision, over the valid entries. */
    private static double[] reference(float[] x, boolean[] valid) {
        double max = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < x.length; k++) {
            if (valid == null || valid[k]) {
                max = Math.max(max, x[k]);
            }
        }
        double[] p = new double[x.length];
        if (max == Double.NEGATIVE_INFINITY) {
            return p;
        }
        double sum = 0;
        for (int k = 0; k < x.length; k++) {
            if (valid == null || valid[k]) {
                p[k] = Math.exp(x[k] - max);
                sum += p[k];
            }
        }
        for (int k = 0; k < x.length; k++) {
            p[k] /= sum;
        }
        return p;
    }

    private static double referenceLogSumExp(float[] x, boolean[] valid) {
        double max = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < x.length; k++) {
            if (valid == null || valid[k]) {
                max = Math.max(max, x[k]);
            }
        }
        double sum = 0;
        for (int k = 0; k < x.length; k++) {
            if (valid == null || valid[k]) {
                sum += Math.exp(x[k] - max);
            }
        }
        return max + Math.log(sum);
    }

    private static float[] randomRow(int n, double scale, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] x = new float[n];
        for (int k = 0; k < n; k++) {
            x[k] = (float) (scale * (2 * random.nextDouble() - 1));
        }
        return x;
    }

    @Test
    void softmaxOfARowMatchesTheDefinitionAndReturnsItsLogSumExp() {
        for (int n : new int[] {1, 3, 17, 256}) {
            float[] x = randomRow(n, 10, n);
            float[] p = new float[n];
            double lse = Softmax.softmax(x, p, new float[n], n);
            double[] expected = reference(x, null);
            for (int k = 0; k < n; k++) {
                assertThat((double) p[k]).isCloseTo(expected[k], within(1e-6 * Math.max(expected[k], 1e-3)));
            }
            assertThat(lse).isCloseTo(referenceLogSumExp(x, null), within(1e-5));
        }
    }

    @Test
    void largeLogitsDoNotOverflow() {
        float[] x = {1e30f, 1e30f - 1e24f, -1e30f, 80f};
        float[] p = new float[4];
        double lse = Softmax.softmax(x, p, new float[4], 4);
        assertThat(p[0] + p[1]).isCloseTo(1f, within(1e-6f));
        assertThat(p[2]).isZero();
        assertThat(Double.isFinite(lse)).isTrue();
        float[] masked = new float[4];
        Softmax.masked(new float[] {88.5f, 300f, 89f, 0f}, 0, 4, null, 0, masked, 0);
        assertThat(masked[1]).isCloseTo(1f, within(1e-6f));
    }

    @Test
    void maskedSoftmaxIgnoresInvalidEntriesAndWritesThemAsZero() {
        float[] x = randomRow(9, 5, 42);
        x[3] = Float.NaN;                 // invalid entries are not read
        boolean[] valid = {true, false, true, false, true, true, false, true, true};
        float[] p = new float[11];
        double lse = Softmax.masked(x, 0, 9, valid, 0, p, 2);
        double[] expected = reference(x, valid);
        for (int k = 0; k < 9; k++) {
            assertThat((double) p[2 + k]).isCloseTo(expected[k], within(1e-6));
            if (!valid[k]) {
                assertThat(p[2 + k]).isZero();
            }
        }
        assertThat(lse).isCloseTo(referenceLogSumExp(x, valid), within(1e-5));
    }

    @Test
    void aFullyMaskedRowIsAllZeroWithLogSumExpMinusInfinity() {
        float[] p = {7f, 7f, 7f};
        double lse = Softmax.masked(new float[] {1f, 2f, 3f}, 0, 3, new boolean[3], 0, p, 0);
        assertThat(p).containsExactly(0f, 0f, 0f);
        assertThat(lse).isEqualTo(Double.NEGATIVE_INFINITY);
        assertThat(Softmax.logSumExp(new float[] {1f, 2f}, 0, 2, new boolean[2], 0))
                .isEqualTo(Double.NEGATIVE_INFINITY);
    }

    @Test
    void minusInfinityIsAValidEntryOfWeightZero() {
        float[] x = {Float.NEGATIVE_INFINITY, 0f, Float.NEGATIVE_INFINITY, 0f};
        float[] p = new float[4];
        Softmax.masked(x, 0, 4, null, 0, p, 0);
        assertThat(p).containsExactly(0f, 0.5f, 0f, 0.5f);
        float[] all = {Float.NEGATIVE_INFINITY, Float.NEGATIVE_INFINITY};
        assertThat(Softmax.softmax(all, p, new float[2], 2)).isEqualTo(Double.NEGATIVE_INFINITY);
        assertThat(p[0]).isZero();
        assertThat(Softmax.logSumExp(x, 0, 4, null, 0)).isCloseTo(Math.log(2), within(1e-6));
    }

    @Test
    void logSumExpOfALongRowMatchesTheDefinition() {
        float[] x = randomRow(5000, 30, 7);
        boolean[] valid = new boolean[5000];
        for (int k = 0; k < valid.length; k++) {
            valid[k] = k % 3 != 0;
        }
        assertThat(Softmax.logSumExp(x, 0, 5000, valid, 0)).isCloseTo(referenceLogSumExp(x, valid), within(1e-5));
        assertThat(Softmax.logSumExp(x, 10, 1, null, 0)).isCloseTo(x[10], within(1e-6));
    }

    @Test
    void backwardIsTheJacobianOfTheSoftmaxTimesTheGradient() {
        int rows = 3;
        int k = 5;
        float[] x = randomRow(rows * k, 3, 11);
        float[] da = randomRow(rows * k, 1, 12);
        boolean[] valid = new boolean[rows * k];
        for (int i = 0; i < valid.length; i++) {
            valid[i] = i % k != 1 && i / k != 2; // row 2 fully masked
        }
        float[] a = new float[rows * k];
        Softmax.maskedRows(x, valid, a, rows, k);
        float[] ds = new float[rows * k];
        Softmax.backwardRows(a, da, ds, rows, k);
        for (int r = 0; r < rows; r++) {
            for (int i = 0; i < k; i++) {
                double expected = 0; // Σ_j ∂a_j/∂x_i da_j,  ∂a_j/∂x_i = a_j (δ_ij − a_i)
                for (int j = 0; j < k; j++) {
                    double aj = a[r * k + j];
                    double ai = a[r * k + i];
                    expected += aj * ((i == j ? 1 : 0) - ai) * da[r * k + j];
                }
                assertThat((double) ds[r * k + i]).isCloseTo(expected, within(1e-6));
            }
        }
        assertThat(ds[2 * k]).isZero();
        assertThat(ds[1]).isZero();

        Tensor at = Tensor.of(a, rows, k);
        Tensor dat = Tensor.of(da, rows, k);
        Softmax.backward(at, dat, dat);
        assertThat(dat.toArray()).containsExactly(ds);
    }
}
