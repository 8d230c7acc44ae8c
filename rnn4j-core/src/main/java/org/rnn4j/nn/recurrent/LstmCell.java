package org.rnn4j.nn.recurrent;

import java.util.List;
import java.util.random.RandomGenerator;
import org.rnn4j.tensor.GateActivation;
import org.rnn4j.tensor.RecurrentKernels;
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
public final class LstmCell extends AbstractCell<LstmState> {

    public LstmCell(int inputSize, int hiddenSize, String suffix, RandomGenerator rng) {
        this(inputSize, hiddenSize, GateActivation.SIGMOID, suffix, rng);
    }

    /** @param gate the function of i, f and o: the sigmoid above, or a hard sigmoid (Keras, ONNX) */
    public LstmCell(int inputSize, int hiddenSize, GateActivation gate, String suffix, RandomGenerator rng) {
        super(inputSize, hiddenSize, hiddenSize, 4, suffix, true, gate, rng);
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
    public LstmState state(List<Tensor> tensors) {
        return new LstmState(tensors.get(0), tensors.get(1));
    }

    /*
     * Both steps copy their (B, ·) blocks into the loop's scratch arrays, run the equations there (RecurrentKernels),
     * and copy the results back: see StepScratch for why.
     */
    @Override
    public void forward(StepBuffers step, LstmState prev, LstmState next) {
        int n = prev.c().size();                          // B·H
        StepScratch scratch = step.scratch();
        float[] gates = scratch.gateBlock(0);             // (B, 4H): pre-activations, then i, f, g, o
        float[] c = scratch.stateBlock(0);                // (B, H) c
        float[] cNext = scratch.stateBlock(1);            // (B, H) c'
        float[] tanhNext = scratch.stateBlock(2);         // (B, H) tanh(c')
        float[] hNext = scratch.stateBlock(3);            // (B, H) h'
        addHiddenProjection(prev.h(), step.gates(), 1f);  // gates (B, 4H) += h W_hhᵀ
        step.gates().read(0, gates, 0, 4 * n);
        prev.c().read(0, c, 0, n);
        RecurrentKernels.lstmStateUpdate(gates, c, cNext, tanhNext, hNext, prev.batch(), hiddenSize, gate);
        step.gates().write(0, gates, 0, 4 * n);
        step.cache().write(0, tanhNext, 0, n);
        next.h().write(0, hNext, 0, n);
        next.c().write(0, cNext, 0, n);
    }

    @Override
    public void backward(StepBuffers step, LstmState prev, LstmState dNext, Tensor dGates, LstmState dPrev) {
        int n = prev.c().size();                          // B·H
        StepScratch scratch = step.scratch();
        float[] gates = scratch.gateBlock(0);             // (B, 4H) i, f, g, o
        float[] dPre = scratch.gateBlock(1);              // (B, 4H) gradient of the pre-activations
        float[] c = scratch.stateBlock(0);                // (B, H) c
        float[] tanhNext = scratch.stateBlock(1);         // (B, H) tanh(c')
        float[] dh = scratch.stateBlock(2);               // (B, H) dh'
        float[] dc = scratch.stateBlock(3);               // (B, H) dc' on entry, dc_prev on exit
        step.gates().read(0, gates, 0, 4 * n);
        step.cache().read(0, tanhNext, 0, n);
        prev.c().read(0, c, 0, n);
        dNext.h().read(0, dh, 0, n);
        dNext.c().read(0, dc, 0, n);
        RecurrentKernels.lstmStateGradient(gates, c, tanhNext, dh, dc, dPre, prev.batch(), hiddenSize, gate);
        dGates.write(0, dPre, 0, 4 * n);
        dPrev.c().write(0, dc, 0, n);
        hiddenGradient(dGates, dPrev.h(), 0f);            // dh_prev (B, H) = dgates W_hh
    }
}
