package org.rnn4j.nn.recurrent;

import java.util.random.RandomGenerator;
import org.rnn4j.tensor.FastMath;
import org.rnn4j.tensor.Tensor;

/**
 * Gated recurrent unit (Cho et al. 2014), PyTorch's formulation (Keras {@code reset_after=True}), gates r, z, n.
 *
 * <pre>
 * Forward, for each step:
 *   r  = σ(W_ir x + b_ir + W_hr h + b_hr)            reset gate
 *   z  = σ(W_iz x + b_iz + W_hz h + b_hz)            update gate
 *   n  = tanh(W_in x + b_in + r ⊙ (W_hn h + b_hn))   candidate
 *   h' = (1 − z) ⊙ n + z ⊙ h
 *
 * Backward, given dh':
 *   dn = dh' ⊙ (1 − z),   dz = dh' ⊙ (h − n),   dh_direct = dh' ⊙ z
 *   dn_pre = dn ⊙ (1 − n²)
 *   dr = dn_pre ⊙ (W_hn h + b_hn),   dr_pre = dr ⊙ r(1 − r),   dz_pre = dz ⊙ z(1 − z)
 *   gradient of the input projection:  [dr_pre, dz_pre, dn_pre]
 *   gradient of the hidden projection: [dr_pre, dz_pre, dn_pre ⊙ r]
 *   dh_prev = dh_direct + (hidden-projection gradient) W_hh
 * </pre>
 */
public final class GruCell extends AbstractCell {

    public GruCell(int inputSize, int hiddenSize, String suffix, RandomGenerator rng) {
        super(inputSize, hiddenSize, 3, suffix, rng);
    }

    @Override
    public CellType type() {
        return CellType.GRU;
    }

    @Override
    public int cacheWidth() {
        return hiddenSize; // W_hn h + b_hn, needed for dr
    }

    @Override
    public boolean hasSeparateHiddenGradient() {
        return true;
    }

    @Override
    protected boolean foldsHiddenBiasIntoInput() {
        return false;
    }

    @Override
    public void forwardStep(Tensor gates, Tensor[] prev, Tensor[] next, Tensor cache, Tensor scratch) {
        int hidden = hiddenSize;
        int width = 3 * hidden;
        int batch = prev[0].dim(0);
        int n = batch * hidden;
        for (int b = 0; b < batch; b++) { // scratch = b_hh, then += h W_hhᵀ
            scratch.buffer().put(b * width, biasHh.value().buffer(), 0, width);
        }
        addHiddenProjection(prev[0], scratch, 1f);
        float[] g = FastMath.scratch(0, 3 * n);  // (B, 3H) input projection, then r, z, n
        float[] hp = FastMath.scratch(1, 3 * n); // (B, 3H) W_hh h + b_hh
        float[] h = FastMath.scratch(2, n);
        float[] hn = FastMath.scratch(3, n);
        gates.buffer().get(0, g, 0, 3 * n);
        scratch.buffer().get(0, hp, 0, 3 * n);
        prev[0].buffer().get(0, h, 0, n);
        for (int b = 0; b < batch; b++) {
            int g0 = b * width;
            int s0 = b * hidden;
            for (int j = 0; j < 2 * hidden; j++) { // r, z
                g[g0 + j] = FastMath.sigmoid(g[g0 + j] + hp[g0 + j]);
            }
            // n = tanh(…) and h' in separate passes: C2 (JDK 17) vectorises neither half when they share a loop.
            for (int j = 0; j < hidden; j++) {
                g[g0 + 2 * hidden + j] += g[g0 + j] * hp[g0 + 2 * hidden + j];
            }
            FastMath.tanh(g, g0 + 2 * hidden, g0 + 3 * hidden);
            for (int j = 0; j < hidden; j++) {
                float z = g[g0 + hidden + j];
                hn[s0 + j] = (1f - z) * g[g0 + 2 * hidden + j] + z * h[s0 + j];
            }
        }
        gates.buffer().put(0, g, 0, 3 * n);
        next[0].buffer().put(0, hn, 0, n);
        for (int b = 0; b < batch; b++) { // cache: W_hn h + b_hn, needed for dr
            cache.buffer().put(b * hidden, hp, b * width + 2 * hidden, hidden);
        }
    }

    @Override
    public void backwardStep(Tensor gates, Tensor cache, Tensor[] prev, Tensor[] next, Tensor[] dNext,
                             Tensor dXProj, Tensor dHProj, Tensor[] dPrev) {
        int hidden = hiddenSize;
        int width = 3 * hidden;
        int batch = prev[0].dim(0);
        int n = batch * hidden;
        float[] g = FastMath.scratch(0, 3 * n);
        float[] hpN = FastMath.scratch(1, n);
        float[] h = FastMath.scratch(2, n);
        float[] dh = FastMath.scratch(3, n);   // dh' on entry, the direct part of dh_prev on exit
        float[] dx = FastMath.scratch(4, 3 * n);
        float[] dhp = FastMath.scratch(5, 3 * n);
        gates.buffer().get(0, g, 0, 3 * n);
        cache.buffer().get(0, hpN, 0, n);
        prev[0].buffer().get(0, h, 0, n);
        dNext[0].buffer().get(0, dh, 0, n);
        for (int b = 0; b < batch; b++) {
            int g0 = b * width;
            int s0 = b * hidden;
            for (int j = 0; j < hidden; j++) {
                float r = g[g0 + j];
                float z = g[g0 + hidden + j];
                float nj = g[g0 + 2 * hidden + j];
                float dhj = dh[s0 + j];
                float dn = dhj * (1f - z);
                float dz = dhj * (h[s0 + j] - nj);
                float dnPre = dn * (1f - nj * nj);
                float drPre = dnPre * hpN[s0 + j] * r * (1f - r);
                float dzPre = dz * z * (1f - z);
                dx[g0 + j] = drPre;
                dx[g0 + hidden + j] = dzPre;
                dx[g0 + 2 * hidden + j] = dnPre;
                dhp[g0 + j] = drPre;
                dhp[g0 + hidden + j] = dzPre;
                dhp[g0 + 2 * hidden + j] = dnPre * r;
                dh[s0 + j] = dhj * z;
            }
        }
        dXProj.buffer().put(0, dx, 0, 3 * n);
        dHProj.buffer().put(0, dhp, 0, 3 * n);
        dPrev[0].buffer().put(0, dh, 0, n);
        hiddenGradient(dHProj, dPrev[0], 1f); // dh_prev = dh_direct + dHProj W_hh
    }
}
