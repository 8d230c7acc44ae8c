package org.rnn4j.nn.recurrent;

import java.util.List;
import java.util.random.RandomGenerator;
import org.rnn4j.nn.Parameter;
import org.rnn4j.tensor.Blas;
import org.rnn4j.tensor.GateActivation;
import org.rnn4j.tensor.RecurrentKernels;
import org.rnn4j.tensor.Tensor;
import org.rnn4j.tensor.Workspace;

/**
 * The LSTM with a projection of its hidden state (Sak et al. 2014's LSTMP): PyTorch's {@code nn.LSTM(proj_size=P)},
 * gates i, f, g, o as {@link LstmCell}, but h is the cell's output projected to P &lt; H values, so the state is h
 * (B, P) and c (B, H) and the layer's output is P wide.
 *
 * <pre>
 * Forward, for each step:
 *   i, f, g, o as the LSTM, with W_hh (4H, P) reading h (B, P)
 *   c' = f ⊙ c + i ⊙ g
 *   u  = o ⊙ tanh(c')                             (B, H): the LSTM's h
 *   h' = u W_hrᵀ                                  (B, P), W_hr (P, H)
 *
 * Backward, given dh' (B, P) and dc':
 *   du = dh' W_hr                                 (B, H), then the LSTM's backward with du for its dh'
 *   dh_prev = dgates W_hh                         (B, P)
 * Parameters, over all steps after the loop (one product each):
 *   dW_hr = dh'ᵀ u,   and dW_ih, dW_hh, db as the LSTM (dW_hh = dgatesᵀ h, h (N, P))
 * </pre>
 *
 * <p>One more product per step than the LSTM, in each direction. A row of the cache holds
 * [tanh(c') (H) | u (H) | dh' (P)]: forward writes the first two, backward the third (the gradient reaching h' is
 * only known in the backward loop), and the all-steps product of dW_hr reads the last two after the loop.
 * Parameters under PyTorch's names and in its order: weight_ih, weight_hh, bias_ih, bias_hh, weight_hr.
 */
public final class LstmProjectionCell extends AbstractCell<LstmState> {
    private final int projSize;
    private final Parameter weightHr; // (P, H)

    public LstmProjectionCell(int inputSize, int hiddenSize, int projSize, String suffix, RandomGenerator rng) {
        this(inputSize, hiddenSize, projSize, GateActivation.SIGMOID, suffix, rng);
    }

    /** @param gate the function of i, f and o: the sigmoid, or a hard sigmoid (ONNX) */
    public LstmProjectionCell(int inputSize, int hiddenSize, int projSize, GateActivation gate, String suffix,
                              RandomGenerator rng) {
        super(inputSize, hiddenSize, checkedProjSize(projSize, hiddenSize), 4, suffix, true, gate, rng);
        this.projSize = projSize;
        // PyTorch draws weight_hr from the same U(-1/sqrt(H), 1/sqrt(H)) as the other weights.
        this.weightHr = new Parameter("weight_hr" + suffix, projSize, hiddenSize)
                .initUniform((float) (1.0 / Math.sqrt(hiddenSize)), rng);
    }

    /** PyTorch's rule: 0 &lt; proj_size &lt; hidden_size (0 is the plain LSTM, {@link LstmCell}). */
    private static int checkedProjSize(int projSize, int hiddenSize) {
        if (projSize < 1 || projSize >= hiddenSize) {
            throw new IllegalArgumentException("proj_size must be between 1 and hidden_size - 1 (" + (hiddenSize - 1)
                    + "), got " + projSize);
        }
        return projSize;
    }

    @Override
    public CellType type() {
        return CellType.LSTM;
    }

    public int projSize() {
        return projSize;
    }

    /** h is (B, P), c (B, H). */
    @Override
    public int stateWidth(int k) {
        return k == 0 ? projSize : hiddenSize;
    }

    @Override
    public int cacheWidth() {
        return 2 * hiddenSize + projSize; // [tanh(c') | u | dh'] per row
    }

    @Override
    public LstmState state(List<Tensor> tensors) {
        return new LstmState(tensors.get(0), tensors.get(1));
    }

    @Override
    public List<Parameter> parameters() {
        return List.of(weightIh, weightHh, biasIh, biasHh, weightHr);
    }

    /** A (rows, width) view of the step's scratch tensor, from its start. */
    private static Tensor scratchRows(StepScratch scratch, int rows, int width) {
        Tensor flat = scratch.gateRows();
        return flat.reshape(flat.size()).slice(0, rows * width).reshape(rows, width);
    }

    @Override
    public void forward(StepBuffers step, LstmState prev, LstmState next) {
        int batch = prev.batch();
        int h = hiddenSize;
        int width = cacheWidth();
        int n = batch * h;                                // B·H
        StepScratch scratch = step.scratch();
        float[] gates = scratch.gateBlock(0);             // (B, 4H): pre-activations, then i, f, g, o
        float[] cacheRows = scratch.gateBlock(1);         // (B, 2H + P): this step's cache
        float[] c = scratch.stateBlock(0);                // (B, H) c
        float[] cNext = scratch.stateBlock(1);            // (B, H) c'
        float[] tanhNext = scratch.stateBlock(2);         // (B, H) tanh(c')
        float[] u = scratch.stateBlock(3);                // (B, H) u = o ⊙ tanh(c')
        addHiddenProjection(prev.h(), step.gates(), 1f);  // gates (B, 4H) += h W_hhᵀ
        step.gates().read(0, gates, 0, 4 * n);
        prev.c().read(0, c, 0, n);
        RecurrentKernels.lstmStateUpdate(gates, c, cNext, tanhNext, u, batch, h, gate);
        step.gates().write(0, gates, 0, 4 * n);
        for (int b = 0; b < batch; b++) {
            System.arraycopy(tanhNext, b * h, cacheRows, b * width, h);
            System.arraycopy(u, b * h, cacheRows, b * width + h, h);
        }
        step.cache().write(0, cacheRows, 0, batch * width);
        next.c().write(0, cNext, 0, n);
        Tensor uRows = scratchRows(scratch, batch, h);    // (B, H)
        uRows.write(0, u, 0, n);
        Blas.gemm(false, true, 1f, uRows, weightHr.value(), 0f, next.h());  // h' = u W_hrᵀ, (B, P)
    }

    @Override
    public void backward(StepBuffers step, LstmState prev, LstmState dNext, Tensor dGates, LstmState dPrev) {
        int batch = prev.batch();
        int h = hiddenSize;
        int p = projSize;
        int width = cacheWidth();
        int n = batch * h;                                // B·H
        StepScratch scratch = step.scratch();
        float[] gates = scratch.gateBlock(0);             // (B, 4H) i, f, g, o
        float[] dPre = scratch.gateBlock(1);              // (B, 4H) gradient of the pre-activations
        float[] cacheRows = scratch.gateBlock(2);         // (B, 2H + P) this step's cache
        float[] c = scratch.stateBlock(0);                // (B, H) c
        float[] tanhNext = scratch.stateBlock(1);         // (B, H) tanh(c')
        float[] du = scratch.stateBlock(2);               // (B, H) du = dh' W_hr; first dh' (B, P)
        float[] dc = scratch.stateBlock(3);               // (B, H) dc' on entry, dc_prev on exit
        step.cache().read(0, cacheRows, 0, batch * width);
        dNext.h().read(0, du, 0, batch * p);
        for (int b = 0; b < batch; b++) {
            System.arraycopy(cacheRows, b * width, tanhNext, b * h, h);
            System.arraycopy(du, b * p, cacheRows, b * width + 2 * h, p);        // dh', for dW_hr after the loop
        }
        step.cache().write(0, cacheRows, 0, batch * width);
        Tensor duRows = scratchRows(scratch, batch, h);                          // (B, H)
        Blas.gemm(false, false, 1f, dNext.h(), weightHr.value(), 0f, duRows);    // du = dh' W_hr
        duRows.read(0, du, 0, n);
        step.gates().read(0, gates, 0, 4 * n);
        prev.c().read(0, c, 0, n);
        dNext.c().read(0, dc, 0, n);
        RecurrentKernels.lstmStateGradient(gates, c, tanhNext, du, dc, dPre, batch, h, gate);
        dGates.write(0, dPre, 0, 4 * n);
        dPrev.c().write(0, dc, 0, n);
        hiddenGradient(dGates, dPrev.h(), 0f);            // dh_prev (B, P) = dgates W_hh
    }

    /**
     * The LSTM's parameter gradients, then dW_hr += dh'ᵀ u, (P, N) · (N, H), for all N steps' rows: u and dh' are
     * copied out of the cache's rows into two contiguous blocks first (N·(H + P) floats).
     */
    @Override
    public void accumulateParameterGradients(Tensor x, Tensor dGates, List<Tensor> prevStates, Tensor cache) {
        super.accumulateParameterGradients(x, dGates, prevStates, cache);
        int rows = cache.dim(0);
        int h = hiddenSize;
        int width = cacheWidth();
        Tensor u = Workspace.take(rows, h);                                      // (N, H)
        Tensor dh = Workspace.take(rows, projSize);                              // (N, P)
        for (int row = 0; row < rows; row++) {
            u.write(row * h, cache, row * width + h, h);
            dh.write(row * projSize, cache, row * width + 2 * h, projSize);
        }
        Blas.gemm(true, false, 1f, dh, u, 1f, weightHr.grad());                  // dW_hr += dh'ᵀ u
        Workspace.give(u, dh);
    }

    @Override
    public String toString() {
        return "LstmProjectionCell(input " + inputSize + ", hidden " + hiddenSize + ", proj " + projSize + ")";
    }
}
