package org.rnn4j.tensor;

import java.util.Arrays;

/**
 * The one softmax of the library and its relatives: log-sum-exp, the masked softmax of attention and pooling, and
 * the softmax backward. Losses, attention, pooling, beam search, sampling and classifiers all call these.
 *
 * <pre>
 * m            = max_{valid j} x_j                        (subtracted so that no exponential overflows)
 * softmax(x)_k = exp(x_k − m) / Σ_{valid j} exp(x_j − m)   at valid k; 0 at the others
 * logsumexp(x) = m + log Σ_{valid j} exp(x_j − m)          −∞ when no j is valid (then the softmax is all 0)
 * backward:      ds_k = a_k (da_k − Σ_j a_j da_j)
 * </pre>
 * Exponentials are {@link FastMath#exp(float)} (float, within 2 ulp), sums in double. {@code valid == null} means
 * every entry is valid; an entry of −∞ is valid and gets weight 0.
 */
public final class Softmax {
    private Softmax() {
    }

    /**
     * Softmax of a whole row in the vectorised form: {@code p[0, n) = softmax(x[0, n))}.
     *
     * @param work working space of at least n floats, allocated once by the caller; contents undefined on return
     * @return logsumexp(x[0, n))
     */
    public static double softmax(float[] x, float[] p, float[] work, int n) {
        float max = Float.NEGATIVE_INFINITY;
        for (int k = 0; k < n; k++) {
            max = Math.max(max, x[k]);
        }
        if (max == Float.NEGATIVE_INFINITY) {
            Arrays.fill(p, 0, n, 0f);
            return Double.NEGATIVE_INFINITY;
        }
        FastMath.exp(x, max, p, work, n);
        double sum = 0;
        for (int k = 0; k < n; k++) {
            sum += p[k];
        }
        float inverse = (float) (1 / sum);
        for (int k = 0; k < n; k++) {
            p[k] *= inverse;
        }
        return max + Math.log(sum);
    }

    /**
     * {@code p[pOffset + k] = softmax(x[xOffset + k])} over the k in [0, n) with {@code valid[validOffset + k]}; 0 at
     * the others, and everywhere when none is valid.
     *
     * @param valid which entries count, or null for all
     * @return logsumexp over the valid entries; −∞ when there is none
     */
    public static double masked(float[] x, int xOffset, int n, boolean[] valid, int validOffset, float[] p,
                                int pOffset) {
        float max = maxOf(x, xOffset, n, valid, validOffset);
        if (max == Float.NEGATIVE_INFINITY) {
            Arrays.fill(p, pOffset, pOffset + n, 0f);
            return Double.NEGATIVE_INFINITY;
        }
        double sum = 0;
        for (int k = 0; k < n; k++) {
            float e = valid == null || valid[validOffset + k] ? FastMath.exp(x[xOffset + k] - max) : 0f;
            p[pOffset + k] = e;
            sum += e;
        }
        double inverse = 1 / sum;
        for (int k = 0; k < n; k++) {
            p[pOffset + k] = (float) (p[pOffset + k] * inverse);
        }
        return max + Math.log(sum);
    }

    /** The masked softmax of every row of a (R, K) block: {@code out[r] = masked(x[r])}, valid (R, K) or null. */
    public static void maskedRows(float[] x, boolean[] valid, float[] out, int rows, int k) {
        for (int r = 0; r < rows; r++) {
            masked(x, r * k, k, valid, r * k, out, r * k);
        }
    }

    /** logsumexp over the valid entries of {@code x[offset, offset + n)}; −∞ when none is valid. */
    public static double logSumExp(float[] x, int offset, int n, boolean[] valid, int validOffset) {
        float max = maxOf(x, offset, n, valid, validOffset);
        if (max == Float.NEGATIVE_INFINITY) {
            return Double.NEGATIVE_INFINITY;
        }
        double sum = 0;
        for (int k = 0; k < n; k++) {
            if (valid == null || valid[validOffset + k]) {
                sum += FastMath.exp(x[offset + k] - max);
            }
        }
        return max + Math.log(sum);
    }

    /**
     * Backward of a softmax over rows of length k, in place allowed ({@code ds == da}): {@code ds = a (da − Σ a da)}
     * per row. Masked entries have a = 0 and so get ds = 0.
     */
    public static void backwardRows(float[] a, float[] da, float[] ds, int rows, int k) {
        for (int r = 0; r < rows; r++) {
            int row = r * k;
            double dot = 0;
            for (int j = 0; j < k; j++) {
                dot += (double) a[row + j] * da[row + j];
            }
            for (int j = 0; j < k; j++) {
                ds[row + j] = (float) (a[row + j] * (da[row + j] - dot));
            }
        }
    }

    /** {@link #backwardRows} on tensors of shape (…, K): rows along the last axis; {@code ds} may be {@code da}. */
    public static void backward(Tensor a, Tensor da, Tensor ds) {
        int k = a.dim(-1);
        int rows = k == 0 ? 0 : a.size() / k;
        float[] out = da.toArray();
        backwardRows(a.toArray(), out, out, rows, k);
        ds.write(0, out, 0, out.length);
    }

    private static float maxOf(float[] x, int offset, int n, boolean[] valid, int validOffset) {
        float max = Float.NEGATIVE_INFINITY;
        for (int k = 0; k < n; k++) {
            if (valid == null || valid[validOffset + k]) {
                max = Math.max(max, x[offset + k]);
            }
        }
        return max;
    }
}
