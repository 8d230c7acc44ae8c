package org.rnn4j.nn.recurrent;

import java.util.random.RandomGenerator;
import org.rnn4j.tensor.Tensor;

/**
 * The Elman network, PyTorch's {@code nn.RNN} and Keras's {@code SimpleRNN}.
 *
 * <pre>
 * Forward:   h' = act(W_ih x + b_ih + W_hh h + b_hh),   act = tanh or relu
 * Backward:  dpre = dh' ⊙ act'(·)   (tanh: 1 − h'²;  relu: 1 where h' &gt; 0, else 0)
 *            dh_prev = dpre W_hh
 * </pre>
 * Repeated multiplication by W_hh through act' is why gradients vanish or explode over long spans.
 */
public final class SimpleRnnCell extends AbstractCell {

    /** The nonlinearity of a simple RNN. */
    public enum Activation { TANH, RELU }

    private final Activation activation;

    public SimpleRnnCell(int inputSize, int hiddenSize, Activation activation, String suffix, RandomGenerator rng) {
        super(inputSize, hiddenSize, 1, suffix, rng);
        this.activation = activation;
    }

    @Override
    public CellType type() {
        return activation == Activation.TANH ? CellType.RNN_TANH : CellType.RNN_RELU;
    }

    @Override
    public int cacheWidth() {
        return 0; // h' is in the next state, and in the gates
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
        addHiddenProjection(prev[0], gates, 1f);
        Tensor hNext = next[0];
        boolean tanh = activation == Activation.TANH;
        for (int k = 0, n = gates.size(); k < n; k++) {
            float pre = gates.get(k);
            float h = tanh ? tanh(pre) : Math.max(pre, 0f);
            gates.set(k, h);
            hNext.set(k, h);
        }
    }

    @Override
    public void backwardStep(Tensor gates, Tensor cache, Tensor[] prev, Tensor[] next, Tensor[] dNext,
                             Tensor dXProj, Tensor dHProj, Tensor[] dPrev) {
        Tensor dh = dNext[0];
        boolean tanh = activation == Activation.TANH;
        for (int k = 0, n = gates.size(); k < n; k++) {
            float h = gates.get(k);
            float derivative = tanh ? 1f - h * h : (h > 0f ? 1f : 0f);
            dXProj.set(k, dh.get(k) * derivative);
        }
        hiddenGradient(dXProj, dPrev[0], 0f);
    }
}
