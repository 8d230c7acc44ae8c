package org.rnn4j.nn.recurrent;

import java.util.random.RandomGenerator;
import org.rnn4j.tensor.Tensor;

/**
 * Long short-term memory (Hochreiter &amp; Schmidhuber 1997), PyTorch's formulation and gate order i, f, g, o.
 *
 * <pre>
 * Forward, for each step (⊙ is the elementwise product):
 *   i  = σ(W_ii x + b_ii + W_hi h + b_hi)        input gate
 *   f  = σ(W_if x + b_if + W_hf h + b_hf)        forget gate
 *   g  = tanh(W_ig x + b_ig + W_hg h + b_hg)     candidate cell
 *   o  = σ(W_io x + b_io + W_ho h + b_ho)        output gate
 *   c' = f ⊙ c + i ⊙ g
 *   h' = o ⊙ tanh(c')
 *
 * Backward, given dh' and dc' (the gradient reaching c' from the next step):
 *   do  = dh' ⊙ tanh(c')
 *   dc  = dc' + dh' ⊙ o ⊙ (1 − tanh²(c'))        everything that reaches c'
 *   di  = dc ⊙ g,   df = dc ⊙ c,   dg = dc ⊙ i,   dc_prev = dc ⊙ f
 *   pre-activation: di·i(1−i), df·f(1−f), dg·(1−g²), do·o(1−o)  → dgates (B, 4H)
 *   dh_prev = dgates W_hh
 * </pre>
 * The weights of the four gates are stacked in that order: weight_ih (4H, F), weight_hh (4H, H).
 */
public final class LstmCell extends AbstractCell {

    public LstmCell(int inputSize, int hiddenSize, String suffix, RandomGenerator rng) {
        super(inputSize, hiddenSize, 4, suffix, rng);
    }

    @Override
    public CellType type() {
        return CellType.LSTM;
    }

    @Override
    public int cacheWidth() {
        return hiddenSize; // tanh(c'), reused by backward
    }

    @Override
    public boolean hasSeparateHiddenGradient() {
        return false;
    }

    @Override
    protected boolean foldsHiddenBiasIntoInput() {
        return true;
    }

    @Override
    public void forwardStep(Tensor gates, Tensor[] prev, Tensor[] next, Tensor cache, Tensor scratch) {
        addHiddenProjection(prev[0], gates, 1f); // gates (B, 4H) += h W_hhᵀ
        Tensor c = prev[1];
        Tensor hNext = next[0];
        Tensor cNext = next[1];
        int hidden = hiddenSize;
        for (int b = 0, batch = c.dim(0); b < batch; b++) {
            int g0 = b * 4 * hidden;
            int s0 = b * hidden;
            for (int j = 0; j < hidden; j++) {
                float i = sigmoid(gates.get(g0 + j));
                float f = sigmoid(gates.get(g0 + hidden + j));
                float g = tanh(gates.get(g0 + 2 * hidden + j));
                float o = sigmoid(gates.get(g0 + 3 * hidden + j));
                float cn = f * c.get(s0 + j) + i * g;
                float tc = tanh(cn);
                gates.set(g0 + j, i);
                gates.set(g0 + hidden + j, f);
                gates.set(g0 + 2 * hidden + j, g);
                gates.set(g0 + 3 * hidden + j, o);
                cNext.set(s0 + j, cn);
                hNext.set(s0 + j, o * tc);
                cache.set(s0 + j, tc);
            }
        }
    }

    @Override
    public void backwardStep(Tensor gates, Tensor cache, Tensor[] prev, Tensor[] next, Tensor[] dNext,
                             Tensor dXProj, Tensor dHProj, Tensor[] dPrev) {
        Tensor c = prev[1];
        Tensor dh = dNext[0];
        Tensor dcNext = dNext[1];
        Tensor dcPrev = dPrev[1];
        int hidden = hiddenSize;
        for (int b = 0, batch = c.dim(0); b < batch; b++) {
            int g0 = b * 4 * hidden;
            int s0 = b * hidden;
            for (int j = 0; j < hidden; j++) {
                float i = gates.get(g0 + j);
                float f = gates.get(g0 + hidden + j);
                float g = gates.get(g0 + 2 * hidden + j);
                float o = gates.get(g0 + 3 * hidden + j);
                float tc = cache.get(s0 + j);
                float dhj = dh.get(s0 + j);
                float dO = dhj * tc;
                float dc = dcNext.get(s0 + j) + dhj * o * (1f - tc * tc);
                float dI = dc * g;
                float dF = dc * c.get(s0 + j);
                float dG = dc * i;
                dcPrev.set(s0 + j, dc * f);
                dXProj.set(g0 + j, dI * i * (1f - i));
                dXProj.set(g0 + hidden + j, dF * f * (1f - f));
                dXProj.set(g0 + 2 * hidden + j, dG * (1f - g * g));
                dXProj.set(g0 + 3 * hidden + j, dO * o * (1f - o));
            }
        }
        hiddenGradient(dXProj, dPrev[0], 0f); // dh_prev = dgates W_hh
    }
}
