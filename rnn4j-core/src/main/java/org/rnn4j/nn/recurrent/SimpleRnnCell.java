package org.rnn4j.nn.recurrent;

import java.util.List;
import java.util.random.RandomGenerator;
import org.rnn4j.tensor.RecurrentKernels;
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
public final class SimpleRnnCell extends AbstractCell<HiddenState> {

    /** The nonlinearity of a simple RNN. */
    public enum Activation { TANH, RELU }

    private final Activation activation;

    public SimpleRnnCell(int inputSize, int hiddenSize, Activation activation, String suffix, RandomGenerator rng) {
        super(inputSize, hiddenSize, 1, suffix, true, rng);
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
    public HiddenState state(List<Tensor> tensors) {
        return new HiddenState(tensors.get(0));
    }

    @Override
    public void forward(StepBuffers step, HiddenState prev, HiddenState next) {
        int n = prev.h().size();                          // B·H
        float[] a = step.scratch().gateBlock(0);          // (B, H) pre-activation, then h'
        addHiddenProjection(prev.h(), step.gates(), 1f);  // pre (B, H) = x W_ihᵀ + b + h W_hhᵀ
        step.gates().read(0, a, 0, n);
        if (activation == Activation.TANH) {
            RecurrentKernels.rnnTanh(a, n);               // h' = tanh(pre)
        } else {
            RecurrentKernels.rnnRelu(a, n);               // h' = relu(pre)
        }
        step.gates().write(0, a, 0, n);
        next.h().write(0, a, 0, n);
    }

    @Override
    public void backward(StepBuffers step, HiddenState prev, HiddenState dNext, Tensor dGates, HiddenState dPrev) {
        int n = prev.h().size();                          // B·H
        float[] hNext = step.scratch().gateBlock(0);      // (B, H) h'
        float[] dh = step.scratch().gateBlock(1);         // (B, H) dh', then dpre
        step.gates().read(0, hNext, 0, n);
        dNext.h().read(0, dh, 0, n);
        if (activation == Activation.TANH) {
            RecurrentKernels.rnnTanhGradient(hNext, dh, n);
        } else {
            RecurrentKernels.rnnReluGradient(hNext, dh, n);
        }
        dGates.write(0, dh, 0, n);
        hiddenGradient(dGates, dPrev.h(), 0f);            // dh_prev (B, H) = dpre W_hh
    }
}
