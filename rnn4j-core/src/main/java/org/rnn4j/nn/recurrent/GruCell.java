package org.rnn4j.nn.recurrent;

import java.util.List;
import java.util.random.RandomGenerator;
import org.rnn4j.tensor.GateActivation;
import org.rnn4j.tensor.RecurrentKernels;
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
 * The two projections have different gradients (r multiplies the n part of the hidden one only), so the cell keeps
 * the hidden projection in its cache, (B, 3H) a step: forward writes the n part {@code W_hn h + b_hn} there, which
 * dr needs, and backward replaces the row with the gradient of the whole hidden projection, which the all-steps
 * products read after the loop.
 */
public final class GruCell extends AbstractCell<HiddenState> {

    public GruCell(int inputSize, int hiddenSize, String suffix, RandomGenerator rng) {
        this(inputSize, hiddenSize, GateActivation.SIGMOID, suffix, rng);
    }

    /** @param gate the function of r and z: the sigmoid above, or a hard sigmoid (Keras, ONNX) */
    public GruCell(int inputSize, int hiddenSize, GateActivation gate, String suffix, RandomGenerator rng) {
        super(inputSize, hiddenSize, hiddenSize, 3, suffix, false, gate, rng);
    }

    @Override
    public CellType type() {
        return CellType.GRU;
    }

    @Override
    public int cacheWidth() {
        return 3 * hiddenSize; // [·, ·, W_hn h + b_hn] after forward; the hidden projection's gradient after backward
    }

    @Override
    public HiddenState state(List<Tensor> tensors) {
        return new HiddenState(tensors.get(0));
    }

    @Override
    public void forward(StepBuffers step, HiddenState prev, HiddenState next) {
        int width = 3 * hiddenSize;
        int batch = prev.batch();
        int n = prev.h().size();                          // B·H
        StepScratch scratch = step.scratch();
        float[] gates = scratch.gateBlock(0);             // (B, 3H) input projection, then r, z, n
        float[] hidden3 = scratch.gateBlock(1);           // (B, 3H) W_hh h + b_hh
        float[] h = scratch.stateBlock(0);                // (B, H) h
        float[] hNext = scratch.stateBlock(1);            // (B, H) h'
        Tensor hiddenProjection = scratch.gateRows();     // (B, 3H)
        for (int b = 0; b < batch; b++) {
            hiddenProjection.write(b * width, biasHh.value(), 0, width);   // b_hh
        }
        addHiddenProjection(prev.h(), hiddenProjection, 1f);                // += h W_hhᵀ
        step.gates().read(0, gates, 0, 3 * n);
        hiddenProjection.read(0, hidden3, 0, 3 * n);
        prev.h().read(0, h, 0, n);
        RecurrentKernels.gruStateUpdate(gates, hidden3, h, hNext, batch, hiddenSize, gate);
        step.gates().write(0, gates, 0, 3 * n);
        next.h().write(0, hNext, 0, n);
        for (int b = 0; b < batch; b++) { // cache: W_hn h + b_hn, which dr needs; backward reads only that part
            step.cache().write(b * width + 2 * hiddenSize, hidden3, b * width + 2 * hiddenSize, hiddenSize);
        }
    }

    @Override
    public void backward(StepBuffers step, HiddenState prev, HiddenState dNext, Tensor dGates, HiddenState dPrev) {
        int n = prev.h().size();                          // B·H
        StepScratch scratch = step.scratch();
        float[] gates = scratch.gateBlock(0);             // (B, 3H) r, z, n
        float[] hidden3 = scratch.gateBlock(1);           // (B, 3H) of which the n part W_hn h + b_hn is read
        float[] dInput = scratch.gateBlock(2);            // (B, 3H) gradient of the input projection
        float[] dHidden = scratch.gateBlock(3);           // (B, 3H) gradient of the hidden projection
        float[] h = scratch.stateBlock(0);                // (B, H) h
        float[] dh = scratch.stateBlock(1);               // (B, H) dh' on entry, dh_direct on exit
        step.gates().read(0, gates, 0, 3 * n);
        step.cache().read(0, hidden3, 0, 3 * n);
        prev.h().read(0, h, 0, n);
        dNext.h().read(0, dh, 0, n);
        RecurrentKernels.gruStateGradient(gates, hidden3, h, dh, dInput, dHidden, prev.batch(), hiddenSize, gate);
        dGates.write(0, dInput, 0, 3 * n);
        step.cache().write(0, dHidden, 0, 3 * n);         // for the all-steps products after the loop
        dPrev.h().write(0, dh, 0, n);
        hiddenGradient(step.cache(), dPrev.h(), 1f);      // dh_prev (B, H) = dh_direct + dhidden W_hh
    }

    /** Backward left the gradient of each step's hidden projection in its cache. */
    @Override
    protected Tensor hiddenProjectionGradient(Tensor dGates, Tensor cache) {
        return cache;
    }
}
