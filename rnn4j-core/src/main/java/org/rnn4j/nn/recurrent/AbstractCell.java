package org.rnn4j.nn.recurrent;

import java.util.List;
import java.util.random.RandomGenerator;
import org.rnn4j.nn.Parameter;
import org.rnn4j.tensor.Blas;
import org.rnn4j.tensor.FastMath;
import org.rnn4j.tensor.Tensor;
import org.rnn4j.tensor.Workspace;

/** The four parameters every cell has, and the all-steps products that are the same for every cell. */
abstract class AbstractCell implements RecurrentCell {
    protected final int inputSize;
    protected final int hiddenSize;
    protected final Parameter weightIh; // (G·H, F)
    protected final Parameter weightHh; // (G·H, H)
    protected final Parameter biasIh;   // (G·H)
    protected final Parameter biasHh;   // (G·H)

    /**
     * @param suffix the PyTorch name suffix, e.g. "_l0" or "_l1_reverse"
     */
    AbstractCell(int inputSize, int hiddenSize, int gates, String suffix, RandomGenerator rng) {
        if (inputSize < 1 || hiddenSize < 1) {
            throw new IllegalArgumentException("input and hidden sizes must be at least 1, got input " + inputSize
                    + ", hidden " + hiddenSize);
        }
        this.inputSize = inputSize;
        this.hiddenSize = hiddenSize;
        // PyTorch initialises every RNN weight and bias from U(-1/sqrt(H), 1/sqrt(H)).
        float bound = (float) (1.0 / Math.sqrt(hiddenSize));
        this.weightIh = new Parameter("weight_ih" + suffix, gates * hiddenSize, inputSize).initUniform(bound, rng);
        this.weightHh = new Parameter("weight_hh" + suffix, gates * hiddenSize, hiddenSize).initUniform(bound, rng);
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
    public List<Parameter> parameters() {
        return List.of(weightIh, weightHh, biasIh, biasHh);
    }

    /**
     * Whether the projection of the inputs also adds b_hh. True for the cells where b_hh only ever appears
     * summed with b_ih (RNN, LSTM); the GRU keeps its n-part of b_hh inside r ⊙ (…).
     */
    protected abstract boolean foldsHiddenBiasIntoInput();

    @Override
    public void projectInputs(Tensor x, Tensor xProj) {
        int width = gateWidth();
        // Per-thread arrays, not new ones: streaming calls this at every step, and 16 KB of garbage per step (H 512)
        // grew the young generation, and the process, to 340 MB.
        float[] bias = FastMath.scratch(6, width);
        biasIh.value().buffer().get(0, bias, 0, width);
        if (foldsHiddenBiasIntoInput()) {
            float[] hh = FastMath.scratch(7, width);
            biasHh.value().buffer().get(0, hh, 0, width);
            for (int j = 0; j < width; j++) {
                bias[j] += hh[j];
            }
        }
        for (int row = 0, rows = xProj.dim(0); row < rows; row++) {
            xProj.buffer().put(row * width, bias, 0, width);
        }
        Blas.gemm(false, true, 1f, x, weightIh.value(), 1f, xProj);
    }

    @Override
    public void accumulateParameterGradients(Tensor x, Tensor dXProj, Tensor hPrev, Tensor dHProj) {
        Blas.gemm(true, false, 1f, dXProj, x, 1f, weightIh.grad());     // (G·H, N) · (N, F)
        Blas.gemm(true, false, 1f, dHProj, hPrev, 1f, weightHh.grad()); // (G·H, N) · (N, H)
        addColumnSums(dXProj, biasIh.grad());
        addColumnSums(dHProj, biasHh.grad());
    }

    @Override
    public void inputGradient(Tensor dXProj, Tensor dx) {
        Blas.gemm(false, false, 1f, dXProj, weightIh.value(), 0f, dx);
    }

    /** {@code hp = h W_hhᵀ} added into {@code gates} (beta 1) or written (beta 0). */
    protected void addHiddenProjection(Tensor h, Tensor out, float beta) {
        Blas.gemm(false, true, 1f, h, weightHh.value(), beta, out);
    }

    /** {@code dPrevH = dHProj W_hh} (beta 0) or added to it (beta 1): (B, G·H) → (B, H). */
    protected void hiddenGradient(Tensor dHProj, Tensor dPrevH, float beta) {
        if (weightHhTransposed != null) {
            Blas.gemm(false, true, 1f, dHProj, weightHhTransposed, beta, dPrevH);
        } else {
            Blas.gemm(false, false, 1f, dHProj, weightHh.value(), beta, dPrevH);
        }
    }

    /**
     * W_hhᵀ, (H, G·H), while a backward pass runs: with it, every step's {@code dHProj W_hh} is a product whose
     * second operand is stored transposed, which {@link Blas#gemm} runs in OpenBLAS's faster tall form (at B 32,
     * H 256: 119 µs against 163 per step). One transpose per pass instead of one per step.
     */
    private Tensor weightHhTransposed;

    @Override
    public void beginBackward() {
        endBackward();
        weightHhTransposed = Workspace.take(hiddenSize, gateWidth());
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

    static float sigmoid(float x) {
        return (float) (1.0 / (1.0 + Math.exp(-x)));
    }

    /**
     * tanh through exp, which the JIT compiles to a fast intrinsic; {@link Math#tanh} is not one on JDK 17 and
     * cost a fifth of a training step. Exact to float precision: 1 − 2/(e^{2x}+1), with the sign folded so that
     * e^{2|x|} never underflows to a cancellation.
     */
    static float tanh(float x) {
        double e = Math.exp(-2.0 * Math.abs(x));
        double t = (1.0 - e) / (1.0 + e);
        return (float) (x < 0 ? -t : t);
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "(input " + inputSize + ", hidden " + hiddenSize + ")";
    }
}
