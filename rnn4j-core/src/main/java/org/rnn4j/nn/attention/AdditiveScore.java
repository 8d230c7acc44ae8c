package org.rnn4j.nn.attention;

import org.rnn4j.tensor.FastMath;
import org.rnn4j.tensor.Tensor;

/**
 * The additive score shared by Bahdanau's attention and Luong's concat score, on projections made beforehand:
 *
 * <pre>
 * Forward:  s_ij = Σ_a v_a tanh(p_ia + r_ja)        p = W_q q_i (B, Tq, A), r = W_k k_j (B, Tk, A), v (A)
 * Backward: t = tanh(p_ia + r_ja);  g = ds_ij v_a (1 − t²)
 *           dv_a += Σ_bij ds_ij t,   dp_ia += Σ_j g,   dr_ja += Σ_i g
 * </pre>
 * This is the one part of an attention that is no matrix product: B·Tq·Tk·A tanh. Backward computes the tanh
 * again instead of keeping B·Tq·Tk·A of them from forward. Padded key positions are skipped.
 */
final class AdditiveScore {
    private AdditiveScore() {
    }

    /** Fills the scores (B, Tq, Tk) at the valid key positions. */
    static void forward(Tensor projectedQueries, AttentionMemory memory, Tensor v, Tensor scores) {
        int batch = scores.dim(0);
        int steps = scores.dim(1);
        int keySteps = scores.dim(2);
        int width = v.size();
        float[] p = projectedQueries.toArray();
        float[] r = memory.projectedKeyArray();
        float[] va = v.toArray();
        for (int b = 0; b < batch; b++) {
            for (int j = 0; j < keySteps; j++) {
                if (!memory.isValid(b, j)) {
                    continue;
                }
                int r0 = (b * keySteps + j) * width;
                for (int i = 0; i < steps; i++) {
                    int p0 = (b * steps + i) * width;
                    double s = 0;
                    for (int k = 0; k < width; k++) {
                        s += va[k] * FastMath.tanh(p[p0 + k] + r[r0 + k]);
                    }
                    scores.set((b * steps + i) * keySteps + j, (float) s);
                }
            }
        }
    }

    /**
     * Returns dp (B, Tq, A), adds dr into the memory's sums of the projected-key gradient and dv into {@code vGrad}.
     */
    static Tensor backward(Tensor dScores, Tensor projectedQueries, AttentionMemory memory, Tensor v, Tensor vGrad) {
        int batch = dScores.dim(0);
        int steps = dScores.dim(1);
        int keySteps = dScores.dim(2);
        int width = v.size();
        float[] p = projectedQueries.toArray();
        float[] r = memory.projectedKeyArray();
        float[] va = v.toArray();
        float[] dp = new float[p.length];
        float[] dr = memory.dProjectedKeyArray(); // summed over steps, handed over by backwardMemory
        double[] dv = new double[width];
        for (int b = 0; b < batch; b++) {
            for (int j = 0; j < keySteps; j++) {
                if (!memory.isValid(b, j)) {
                    continue;
                }
                int r0 = (b * keySteps + j) * width;
                for (int i = 0; i < steps; i++) {
                    float ds = dScores.get((b * steps + i) * keySteps + j);
                    if (ds == 0f) {
                        continue;
                    }
                    int p0 = (b * steps + i) * width;
                    for (int k = 0; k < width; k++) {
                        float t = FastMath.tanh(p[p0 + k] + r[r0 + k]);
                        dv[k] += ds * t;
                        float g = ds * va[k] * (1f - t * t);
                        dp[p0 + k] += g;
                        dr[r0 + k] += g;
                    }
                }
            }
        }
        for (int k = 0; k < width; k++) {
            vGrad.set(k, vGrad.get(k) + (float) dv[k]);
        }
        return Tensor.of(dp, projectedQueries.shape());
    }

    /** The library's one tanh ({@link FastMath#tanh(float)}); kept under this name for {@code AttentionalHidden}. */
    static float tanh(float x) {
        return FastMath.tanh(x);
    }
}
