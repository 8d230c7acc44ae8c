package org.rnn4j.nn.recurrent;

import java.util.List;
import java.util.random.RandomGenerator;
import org.rnn4j.tensor.Blas;
import org.rnn4j.tensor.GateActivation;
import org.rnn4j.tensor.RecurrentKernels;
import org.rnn4j.tensor.Tensor;
import org.rnn4j.tensor.Workspace;

/**
 * Gated recurrent unit with the reset gate applied to h before the hidden product (Cho et al. 2014's original form):
 * Keras {@code GRU(reset_after=False)}, ONNX {@code GRU} with {@code linear_before_reset=0}, oneDNN's
 * {@code vanilla_gru}. Parameters under PyTorch's names and layouts, as {@link GruCell}: weight_ih (3H, F),
 * weight_hh (3H, H), bias_ih and bias_hh (3H), gate blocks in the order r, z, n (Keras and ONNX store z, r, h:
 * an importer moves the blocks).
 *
 * <pre>
 * Forward, for each step:
 *   r  = σ(W_ir x + b_ir + W_hr h + b_hr)              reset gate
 *   z  = σ(W_iz x + b_iz + W_hz h + b_hz)              update gate
 *   n  = tanh(W_in x + b_in + W_hn (r ⊙ h) + b_hn)     candidate
 *   h' = (1 − z) ⊙ n + z ⊙ h
 *
 * Backward, given dh':
 *   dn_pre = dh' ⊙ (1 − z) ⊙ (1 − n²),   dz_pre = dh' ⊙ (h − n) ⊙ z(1 − z),   dh_direct = dh' ⊙ z
 *   a = dn_pre W_hn                                     the gradient of r ⊙ h
 *   dr_pre = a ⊙ h ⊙ r(1 − r)
 *   dh_prev = dh_direct + a ⊙ r + [dr_pre, dz_pre] W_h{r,z}
 * Parameters, over all steps after the loop (one product each):
 *   dW_ih = dgatesᵀ x,   dW_h{r,z} = [dr_pre, dz_pre]ᵀ h,   dW_hn = dn_preᵀ (r ⊙ h),   db_ih = db_hh = Σ dgates
 * </pre>
 *
 * <p>Every bias sits outside a product with r, so b_hh is summed into the input projection with b_ih, and the
 * gradient of the hidden projection is that of the gates. What differs from the other cells is that W_hn reads
 * r ⊙ h, which needs r of the same step: the hidden product cannot be one {@code h W_hhᵀ} per step. So a step runs
 * two products: {@code h W_h{r,z}ᵀ} (B, 2H) with the first 2H rows of W_hh, then r and z, then
 * {@code (r ⊙ h) W_hnᵀ} (B, H) with its last H rows, together as many multiply-adds as the one product of
 * {@link GruCell}. Backward likewise: {@code dn_pre W_hn} first (dr_pre needs it), then {@code [dr_pre, dz_pre] W_h{r,z}}.
 * The cache keeps r ⊙ h, (B, H) a step: the all-steps product of dW_hn reads it after the loop.
 */
public final class GruResetBeforeCell extends AbstractCell<HiddenState> {
    /** W_h{r,z}ᵀ (H, 2H) and W_hnᵀ (H, H) while a backward pass runs: see {@link AbstractCell#beginBackward}. */
    private Tensor weightHrzTransposed;
    private Tensor weightHnTransposed;

    public GruResetBeforeCell(int inputSize, int hiddenSize, String suffix, RandomGenerator rng) {
        this(inputSize, hiddenSize, GateActivation.SIGMOID, suffix, rng);
    }

    /** @param gate the function of r and z: the sigmoid above, or a hard sigmoid (Keras, ONNX) */
    public GruResetBeforeCell(int inputSize, int hiddenSize, GateActivation gate, String suffix, RandomGenerator rng) {
        super(inputSize, hiddenSize, hiddenSize, 3, suffix, true, gate, rng);
    }

    @Override
    public CellType type() {
        return CellType.GRU_RESET_BEFORE;
    }

    @Override
    public int cacheWidth() {
        return hiddenSize; // r ⊙ h, the operand of W_hn, for dW_hn after the loop
    }

    @Override
    public HiddenState state(List<Tensor> tensors) {
        return new HiddenState(tensors.get(0));
    }

    /** Rows r, z of W_hh: (2H, H), a view. */
    private Tensor weightHrz() {
        return weightHh.value().slice(0, 2 * hiddenSize);
    }

    /** Rows n of W_hh: (H, H), a view. */
    private Tensor weightHn() {
        return weightHh.value().slice(2 * hiddenSize, 3 * hiddenSize);
    }

    /** A (rows, width) view of the step's scratch tensor from flat index {@code offset}. */
    private static Tensor scratchRows(StepScratch scratch, int batch, int offset, int width) {
        Tensor flat = scratch.gateRows();
        return flat.reshape(flat.size()).slice(offset, offset + batch * width).reshape(batch, width);
    }

    @Override
    public void forward(StepBuffers step, HiddenState prev, HiddenState next) {
        int batch = prev.batch();
        int n = prev.h().size();                                   // B·H
        StepScratch scratch = step.scratch();
        float[] gates = scratch.gateBlock(0);                      // (B, 3H) input projection, then r, z, n
        float[] hiddenRz = scratch.gateBlock(1);                   // (B, 2H) h W_h{r,z}ᵀ
        float[] h = scratch.stateBlock(0);                         // (B, H) h
        float[] rh = scratch.stateBlock(1);                        // (B, H) r ⊙ h
        float[] hiddenN = scratch.stateBlock(2);                   // (B, H) (r ⊙ h) W_hnᵀ
        float[] hNext = scratch.stateBlock(3);                     // (B, H) h'
        Tensor productRz = scratchRows(scratch, batch, 0, 2 * hiddenSize);       // (B, 2H)
        Tensor productN = scratchRows(scratch, batch, 2 * n, hiddenSize);        // (B, H)
        Blas.gemm(false, true, 1f, prev.h(), weightHrz(), 0f, productRz);        // h W_h{r,z}ᵀ
        step.gates().read(0, gates, 0, 3 * n);
        productRz.read(0, hiddenRz, 0, 2 * n);
        prev.h().read(0, h, 0, n);
        RecurrentKernels.gruResetBeforeGates(gates, hiddenRz, h, rh, batch, hiddenSize, gate);
        step.cache().write(0, rh, 0, n);                                         // r ⊙ h, kept for dW_hn
        Blas.gemm(false, true, 1f, step.cache(), weightHn(), 0f, productN);      // (r ⊙ h) W_hnᵀ
        productN.read(0, hiddenN, 0, n);
        RecurrentKernels.gruResetBeforeStateUpdate(gates, hiddenN, h, hNext, batch, hiddenSize);
        step.gates().write(0, gates, 0, 3 * n);
        next.h().write(0, hNext, 0, n);
    }

    @Override
    public void backward(StepBuffers step, HiddenState prev, HiddenState dNext, Tensor dGates, HiddenState dPrev) {
        int batch = prev.batch();
        int n = prev.h().size();                                   // B·H
        StepScratch scratch = step.scratch();
        float[] gates = scratch.gateBlock(0);                      // (B, 3H) r, z, n
        float[] dPre = scratch.gateBlock(1);                       // (B, 3H) gradient of the pre-activations
        float[] dRz = scratch.gateBlock(2);                        // (B, 2H) [dr_pre, dz_pre]
        float[] h = scratch.stateBlock(0);                         // (B, H) h
        float[] dh = scratch.stateBlock(1);                        // (B, H) dh', then dh_direct, then + a ⊙ r
        float[] dnPre = scratch.stateBlock(2);                     // (B, H) dn_pre
        float[] a = scratch.stateBlock(3);                         // (B, H) dn_pre W_hn
        // The scratch tensor holds [dn_pre | · | a] for the first product, then [dr_pre, dz_pre | a] for the second.
        Tensor dnPreRows = scratchRows(scratch, batch, 0, hiddenSize);           // (B, H)
        Tensor aRows = scratchRows(scratch, batch, 2 * n, hiddenSize);           // (B, H)
        Tensor dRzRows = scratchRows(scratch, batch, 0, 2 * hiddenSize);         // (B, 2H)
        step.gates().read(0, gates, 0, 3 * n);
        prev.h().read(0, h, 0, n);
        dNext.h().read(0, dh, 0, n);
        RecurrentKernels.gruResetBeforeCandidateGradient(gates, h, dh, dPre, dnPre, batch, hiddenSize, gate);
        dnPreRows.write(0, dnPre, 0, n);
        if (weightHnTransposed != null) {                                        // a = dn_pre W_hn
            Blas.gemm(false, true, 1f, dnPreRows, weightHnTransposed, 0f, aRows);
        } else {
            Blas.gemm(false, false, 1f, dnPreRows, weightHn(), 0f, aRows);
        }
        aRows.read(0, a, 0, n);
        RecurrentKernels.gruResetBeforeResetGradient(gates, h, a, dh, dPre, dRz, batch, hiddenSize, gate);
        dGates.write(0, dPre, 0, 3 * n);
        dPrev.h().write(0, dh, 0, n);
        dRzRows.write(0, dRz, 0, 2 * n);
        if (weightHrzTransposed != null) {                                       // dh_prev += [dr, dz]_pre W_h{r,z}
            Blas.gemm(false, true, 1f, dRzRows, weightHrzTransposed, 1f, dPrev.h());
        } else {
            Blas.gemm(false, false, 1f, dRzRows, weightHrz(), 1f, dPrev.h());
        }
    }

    /** The two blocks of W_hh transposed, once per pass, for the tall form of the per-step products. */
    @Override
    public void beginBackward() {
        endBackward();
        weightHrzTransposed = Workspace.take(hiddenSize, 2 * hiddenSize);
        weightHnTransposed = Workspace.take(hiddenSize, hiddenSize);
        Blas.transpose(weightHrz(), weightHrzTransposed);
        Blas.transpose(weightHn(), weightHnTransposed);
    }

    @Override
    public void endBackward() {
        if (weightHrzTransposed != null) {
            Workspace.give(weightHrzTransposed, weightHnTransposed);
            weightHrzTransposed = null;
            weightHnTransposed = null;
        }
    }

    /**
     * dW_h{r,z} += [dr_pre, dz_pre]ᵀ h and dW_hn += dn_preᵀ (r ⊙ h), over all N steps' rows: the columns of the
     * gradient are copied into two contiguous blocks first (N·3H floats, against N·3H·H multiply-adds).
     */
    @Override
    protected void addHiddenWeightGradient(Tensor dHidden, Tensor hPrev, Tensor cache) {
        int rows = dHidden.dim(0);
        int h = hiddenSize;
        Tensor dRz = Workspace.take(rows, 2 * h);                                // (N, 2H)
        Tensor dN = Workspace.take(rows, h);                                     // (N, H)
        for (int row = 0; row < rows; row++) {
            dRz.write(row * 2 * h, dHidden, row * 3 * h, 2 * h);
            dN.write(row * h, dHidden, row * 3 * h + 2 * h, h);
        }
        Tensor grad = weightHh.grad();
        Blas.gemm(true, false, 1f, dRz, hPrev, 1f, grad.slice(0, 2 * h));          // (2H, N) · (N, H)
        Blas.gemm(true, false, 1f, dN, cache, 1f, grad.slice(2 * h, 3 * h));       // (H, N) · (N, H)
        Workspace.give(dRz, dN);
    }
}
