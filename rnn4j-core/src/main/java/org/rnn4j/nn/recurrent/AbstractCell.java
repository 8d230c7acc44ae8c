package org.rnn4j.nn.recurrent;

import java.util.List;
import java.util.random.RandomGenerator;
import org.rnn4j.nn.Parameter;
import org.rnn4j.tensor.Blas;
import org.rnn4j.tensor.GateActivation;
import org.rnn4j.tensor.Tensor;
import org.rnn4j.tensor.Workspace;

/** The four parameters every cell has, and the all-steps products that are the same for every cell. */
abstract class AbstractCell<S extends RecurrentState> implements RecurrentCell<S> {
    protected final int inputSize;
    protected final int hiddenSize;
    protected final Parameter weightIh; // (G·H, F)
    protected final Parameter weightHh; // (G·H, H), or (G·H, P) with a projection: it reads h
    protected final Parameter biasIh;   // (G·H)
    protected final Parameter biasHh;   // (G·H)
    protected final GateActivation gate; // of the gates; a simple RNN has none and ignores it
    private final boolean hiddenBiasInInput;

    /**
     * @param suffix            the PyTorch name suffix, e.g. "_l0" or "_l1_reverse"
     * @param hiddenBiasInInput whether the projection of the inputs also adds b_hh: true for the cells where b_hh
     *                          only ever appears summed with b_ih (RNN, LSTM, the reset-before GRU); PyTorch's GRU
     *                          keeps its n-part of b_hh inside r ⊙ (…)
     */
    AbstractCell(int inputSize, int hiddenSize, int gates, String suffix, boolean hiddenBiasInInput,
                 RandomGenerator rng) {
        this(inputSize, hiddenSize, hiddenSize, gates, suffix, hiddenBiasInInput, GateActivation.SIGMOID, rng);
    }

    /**
     * @param recurrentSize the width of h, which W_hh reads: H, or P for the LSTM with projection
     * @param gate          the function of the gates (an LSTM's i, f, o, a GRU's r, z)
     */
    AbstractCell(int inputSize, int hiddenSize, int recurrentSize, int gates, String suffix, boolean hiddenBiasInInput,
                 GateActivation gate, RandomGenerator rng) {
        if (inputSize < 1 || hiddenSize < 1) {
            throw new IllegalArgumentException("input and hidden sizes must be at least 1, got input " + inputSize
                    + ", hidden " + hiddenSize);
        }
        this.inputSize = inputSize;
        this.hiddenSize = hiddenSize;
        this.hiddenBiasInInput = hiddenBiasInInput;
        this.gate = java.util.Objects.requireNonNull(gate, "gate");
        // PyTorch initialises every RNN weight and bias from U(-1/sqrt(H), 1/sqrt(H)).
        float bound = (float) (1.0 / Math.sqrt(hiddenSize));
        this.weightIh = new Parameter("weight_ih" + suffix, gates * hiddenSize, inputSize).initUniform(bound, rng);
        this.weightHh = new Parameter("weight_hh" + suffix, gates * hiddenSize, recurrentSize).initUniform(bound, rng);
        this.biasIh = new Parameter("bias_ih" + suffix, gates * hiddenSize).initUniform(bound, rng);
        this.biasHh = new Parameter("bias_hh" + suffix, gates * hiddenSize).initUniform(bound, rng);
    }

    @Override
    public int inputSize() {
        return inputSize;
    }

    @Override
    public int hiddenSize() {
        return hiddenSize;
    }

    @Override
    public GateActivation gateActivation() {
        return gate;
    }

    @Override
    public List<Parameter> parameters() {
        return List.of(weightIh, weightHh, biasIh, biasHh);
    }

    @Override
    public void projectInputs(Tensor x, Tensor xProj) {
        int width = gateWidth();
        int rows = xProj.dim(0);
        if (rows > 0) { // every row starts as the bias: row 0 from the parameters, the others copied from row 0
            Tensor first = xProj.slice(0, 1);                                      // (1, G·H)
            first.write(0, biasIh.value(), 0, width);                              // b_ih
            if (hiddenBiasInInput) {
                Blas.axpy(1f, biasHh.value(), first);                              // b_ih + b_hh
            }
            for (int row = 1; row < rows; row++) {
                xProj.write(row * width, xProj, 0, width);
            }
        }
        Blas.gemm(false, true, 1f, x, weightIh.value(), 1f, xProj);                // (N, G·H) += x W_ihᵀ
    }

    @Override
    public void accumulateParameterGradients(Tensor x, Tensor dGates, List<Tensor> prevStates, Tensor cache) {
        Tensor hPrev = prevStates.get(0);                                 // (N, H)
        Tensor dHidden = hiddenProjectionGradient(dGates, cache);         // (N, G·H)
        Blas.gemm(true, false, 1f, dGates, x, 1f, weightIh.grad());       // dW_ih += dgatesᵀ x:  (G·H, N) · (N, F)
        addHiddenWeightGradient(dHidden, hPrev, cache);
        addColumnSums(dGates, biasIh.grad());
        addColumnSums(dHidden, biasHh.grad());
    }

    /**
     * dW_hh += dhiddenᵀ h, (G·H, N) · (N, width of h), for all steps at once: every gate's hidden product reads h. A cell
     * whose hidden product reads something else for some gate (the reset-before GRU: r ⊙ h) overrides it.
     */
    protected void addHiddenWeightGradient(Tensor dHidden, Tensor hPrev, Tensor cache) {
        Blas.gemm(true, false, 1f, dHidden, hPrev, 1f, weightHh.grad());
    }

    /**
     * The gradient of every step's hidden projection {@code h W_hhᵀ + b_hh}, (N, G·H): the same as the input
     * projection's for the RNN and the LSTM, where both are summed before any gate; a cell where they differ keeps
     * its own in its cache.
     */
    protected Tensor hiddenProjectionGradient(Tensor dGates, Tensor cache) {
        return dGates;
    }

    @Override
    public void inputGradient(Tensor dGates, Tensor dx) {
        Blas.gemm(false, false, 1f, dGates, weightIh.value(), 0f, dx);      // dx = dgates W_ih
    }

    /** {@code hp = h W_hhᵀ} added into {@code gates} (beta 1) or written (beta 0). */
    protected void addHiddenProjection(Tensor h, Tensor out, float beta) {
        Blas.gemm(false, true, 1f, h, weightHh.value(), beta, out);
    }

    /** {@code dPrevH = dHProj W_hh} (beta 0) or added to it (beta 1): (B, G·H) → (B, H), or (B, P). */
    protected void hiddenGradient(Tensor dHProj, Tensor dPrevH, float beta) {
        if (weightHhTransposed != null) {
            Blas.gemm(false, true, 1f, dHProj, weightHhTransposed, beta, dPrevH);
        } else {
            Blas.gemm(false, false, 1f, dHProj, weightHh.value(), beta, dPrevH);
        }
    }

    /**
     * W_hhᵀ, (H, G·H) (or (P, G·H)), while a backward pass runs: with it, every step's {@code dHProj W_hh} is a product whose
     * second operand is stored transposed, which {@link Blas#gemm} runs in OpenBLAS's faster tall form (at B 32,
     * H 256: 119 µs against 163 per step). One transpose per pass instead of one per step.
     */
    private Tensor weightHhTransposed;

    @Override
    public void beginBackward() {
        endBackward();
        weightHhTransposed = Workspace.take(weightHh.value().dim(1), gateWidth());
        Blas.transpose(weightHh.value(), weightHhTransposed);
    }

    @Override
    public void endBackward() {
        Workspace.give(weightHhTransposed);
        weightHhTransposed = null;
    }

    /** sums += Σ_rows rows, as one product with a row of ones. */
    private static void addColumnSums(Tensor rows, Tensor sums) {
        Tensor ones = Tensor.full(1f, 1, rows.dim(0));
        Blas.gemm(false, false, 1f, ones, rows, 1f, sums.reshape(1, sums.size()));
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "(input " + inputSize + ", hidden " + hiddenSize + ")";
    }
}
