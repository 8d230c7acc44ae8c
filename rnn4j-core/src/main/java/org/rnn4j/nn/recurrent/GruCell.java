package org.rnn4j.nn.recurrent;

import java.util.random.RandomGenerator;
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
        Tensor h = prev[0];
        Tensor hNext = next[0];
        int hidden = hiddenSize;
        int width = 3 * hidden;
        int batch = h.dim(0);
        for (int b = 0; b < batch; b++) { // scratch = b_hh, then += h W_hhᵀ
            for (int j = 0; j < width; j++) {
                scratch.set(b * width + j, biasHh.value().get(j));
            }
        }
        addHiddenProjection(h, scratch, 1f);
        for (int b = 0; b < batch; b++) {
            int g0 = b * width;
            int s0 = b * hidden;
            for (int j = 0; j < hidden; j++) {
                float hpN = scratch.get(g0 + 2 * hidden + j);
                float r = sigmoid(gates.get(g0 + j) + scratch.get(g0 + j));
                float z = sigmoid(gates.get(g0 + hidden + j) + scratch.get(g0 + hidden + j));
                float n = tanh(gates.get(g0 + 2 * hidden + j) + r * hpN);
                gates.set(g0 + j, r);
                gates.set(g0 + hidden + j, z);
                gates.set(g0 + 2 * hidden + j, n);
                cache.set(s0 + j, hpN);
                hNext.set(s0 + j, (1f - z) * n + z * h.get(s0 + j));
            }
        }
    }

    @Override
    public void backwardStep(Tensor gates, Tensor cache, Tensor[] prev, Tensor[] next, Tensor[] dNext,
                             Tensor dXProj, Tensor dHProj, Tensor[] dPrev) {
        Tensor h = prev[0];
        Tensor dh = dNext[0];
        Tensor dhPrev = dPrev[0];
        int hidden = hiddenSize;
        int width = 3 * hidden;
        for (int b = 0, batch = h.dim(0); b < batch; b++) {
            int g0 = b * width;
            int s0 = b * hidden;
            for (int j = 0; j < hidden; j++) {
                float r = gates.get(g0 + j);
                float z = gates.get(g0 + hidden + j);
                float n = gates.get(g0 + 2 * hidden + j);
                float dhj = dh.get(s0 + j);
                float dn = dhj * (1f - z);
                float dz = dhj * (h.get(s0 + j) - n);
                float dnPre = dn * (1f - n * n);
                float dr = dnPre * cache.get(s0 + j);
                float drPre = dr * r * (1f - r);
                float dzPre = dz * z * (1f - z);
                dXProj.set(g0 + j, drPre);
                dXProj.set(g0 + hidden + j, dzPre);
                dXProj.set(g0 + 2 * hidden + j, dnPre);
                dHProj.set(g0 + j, drPre);
                dHProj.set(g0 + hidden + j, dzPre);
                dHProj.set(g0 + 2 * hidden + j, dnPre * r);
                dhPrev.set(s0 + j, dhj * z);
            }
        }
        hiddenGradient(dHProj, dhPrev, 1f); // dh_prev = dh_direct + dHProj W_hh
    }
}
