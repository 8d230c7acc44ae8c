package org.rnn4j.nn.recurrent;

import java.util.random.RandomGenerator;
import org.rnn4j.tensor.FastMath;
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
        int n = gates.size();
        float[] a = FastMath.scratch(0, n);
        gates.buffer().get(0, a, 0, n);
        if (activation == Activation.TANH) {
            FastMath.tanh(a, 0, n);
        } else {
            for (int k = 0; k < n; k++) {
                a[k] = Math.max(a[k], 0f);
            }
        }
        gates.buffer().put(0, a, 0, n);
        next[0].buffer().put(0, a, 0, n);
    }

    @Override
    public void backwardStep(Tensor gates, Tensor cache, Tensor[] prev, Tensor[] next, Tensor[] dNext,
                             Tensor dXProj, Tensor dHProj, Tensor[] dPrev) {
        int n = gates.size();
        float[] h = FastMath.scratch(0, n);
        float[] dh = FastMath.scratch(1, n);
        gates.buffer().get(0, h, 0, n);
        dNext[0].buffer().get(0, dh, 0, n);
        if (activation == Activation.TANH) {
            for (int k = 0; k < n; k++) {
                dh[k] = dh[k] * (1f - h[k] * h[k]);
            }
        } else {
            for (int k = 0; k < n; k++) {
                dh[k] = h[k] > 0f ? dh[k] : 0f;
            }
        }
        dXProj.buffer().put(0, dh, 0, n);
        hiddenGradient(dXProj, dPrev[0], 0f);
    }
}
