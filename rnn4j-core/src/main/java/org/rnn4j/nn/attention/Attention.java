package org.rnn4j.nn.attention;

import java.util.List;
import java.util.Objects;
import org.rnn4j.nn.Parameter;
import org.rnn4j.tensor.Blas;
import org.rnn4j.tensor.SequenceMask;
import org.rnn4j.tensor.ShapeException;
import org.rnn4j.tensor.Shapes;
import org.rnn4j.tensor.Softmax;
import org.rnn4j.tensor.Tensor;
import org.rnn4j.tensor.Workspace;

/**
 * Attention of a decoder over an encoder's outputs: each query q_i (a decoder state) scores every key k_j (an
 * encoder output), the scores become weights by a softmax over the valid key positions, and the context is the
 * weighted sum of the values v_j. The subclasses differ only in the score.
 *
 * <pre>
 * Forward, for each row b and query i (j runs over key positions; a padded j has score −∞):
 *   s_ij = score(q_i, k_j)                              (B, Tq, Tk)   see LuongAttention, BahdanauAttention
 *   a_ij = exp(s_ij) / Σ_{j' valid} exp(s_ij')          (B, Tq, Tk)   padded j: 0; no valid j at all: every a_ij = 0
 *   c_i  = Σ_j a_ij v_j                                 (B, Tq, Hv)   per row b: c = a V, one GEMM
 *
 * Backward, given dc and, when the loss reads the weights, da:
 *   da_ij += dc_i · v_j                                 per row b: da += dc Vᵀ
 *   dv_j  += Σ_i a_ij dc_i                              per row b: dV += aᵀ dc
 *   ds_ij  = a_ij (da_ij − Σ_j' a_ij' da_ij')          softmax; 0 wherever a_ij = 0
 *   then the score's backward: dq_i, and dk_j through the projected keys
 * </pre>
 *
 * <h2>Two halves: the memory and the queries</h2>
 * {@link #memory} takes the encoder side once per source batch and projects the keys with the score's key weights
 * in one GEMM for all B·Tk positions. {@link #attend} then takes the queries: one decoder step (B, Hq), or a block
 * of queries (B, Tq, Hq) for teacher forcing, which costs one product per batch row for all Tq steps. Backward
 * mirrors it: {@link #backward(AttentionTrace, Tensor, Tensor)} after each {@code attend} returns dQueries and
 * sums the key and value gradients in the memory; {@link #backwardMemory} after the last one turns the sums into
 * dKeys (one GEMM) and dValues. {@link #forward} is both halves in one call.
 *
 * <p>Nothing of a call is kept in the attention: a memory and its traces carry it, so one attention serves
 * several threads.
 */
public abstract sealed class Attention permits LuongAttention, BahdanauAttention {
    private final int querySize;
    private final int keySize;

    Attention(int querySize, int keySize) {
        if (querySize < 1 || keySize < 1) {
            throw new IllegalArgumentException("attention sizes must be at least 1, got query " + querySize
                    + ", key " + keySize);
        }
        this.querySize = querySize;
        this.keySize = keySize;
    }

    /** Hq, the size of a query (a decoder state). */
    public int querySize() {
        return querySize;
    }

    /** Hk, the size of a key (an encoder output). */
    public int keySize() {
        return keySize;
    }

    public abstract List<Parameter> parameters();

    // ---------------------------------------------------------------- forward

    /**
     * The encoder side, once per source batch.
     *
     * @param keys   (B, Tk, Hk), the encoder outputs that the queries are scored against
     * @param values (B, Tk, Hv), what the context averages; usually the same tensor as the keys
     * @param mask   the valid key positions (B, Tk), or null when all are valid
     */
    public final AttentionMemory memory(Tensor keys, Tensor values, SequenceMask mask) {
        Objects.requireNonNull(keys, "keys");
        Objects.requireNonNull(values, "values (for the encoder outputs as keys and values, pass them twice)");
        Shapes.check(keys, this + " keys", "(B, Tk, " + keySize + ")", -1, -1, keySize);
        int batch = keys.dim(0);
        int steps = keys.dim(1);
        Shapes.check(values, this + " values", "(" + batch + ", " + steps + ", Hv)", batch, steps, -1);
        if (mask != null && (mask.batch() != batch || mask.steps() != steps)) {
            throw new ShapeException(this + " mask: expected shape (" + batch + ", " + steps + ") like the keys, got ("
                    + mask.batch() + ", " + mask.steps() + ")");
        }
        Tensor projected = projectKeys(keys.reshape(batch * steps, keySize)); // (B·Tk, S)
        return new AttentionMemory(this, keys, values, mask, projected.reshape(batch, steps, projected.dim(1)));
    }

    /** The encoder side when the encoder outputs (B, Tk, Hk) are both keys and values, as in both papers. */
    public final AttentionMemory memory(Tensor encoderOutputs, SequenceMask mask) {
        return memory(encoderOutputs, encoderOutputs, mask);
    }

    /**
     * The decoder side: attends with one decoder step (B, Hq) or a block of steps (B, Tq, Hq).
     *
     * @return the context (B, [Tq,] Hv) and weights (B, [Tq,] Tk), and what backward needs
     */
    public final AttentionTrace attend(Tensor queries, AttentionMemory memory) {
        Objects.requireNonNull(queries, "queries");
        checkMemory(memory);
        int batch = memory.batch();
        if (queries.rank() < 2 || queries.rank() > 3 || queries.dim(0) != batch || queries.dim(-1) != querySize) {
            throw new ShapeException(this + " queries: expected shape (" + batch + ", " + querySize + ") or ("
                    + batch + ", Tq, " + querySize + "), got " + queries.shapeString());
        }
        Tensor q = queries.rank() == 2 ? queries.reshape(batch, 1, querySize) : queries; // (B, Tq, Hq)
        int steps = q.dim(1);
        int keySteps = memory.keySteps();
        Tensor values = memory.values();

        Tensor scores = Workspace.take(batch, steps, keySteps);                  // s (B, Tq, Tk)
        Tensor projectedQueries = scores(q, memory, scores);
        Tensor weights = Tensor.zeros(batch, steps, keySteps);                   // a (B, Tq, Tk)
        maskedSoftmax(scores, memory, weights);
        Workspace.give(scores);
        Tensor context = Tensor.zeros(batch, steps, memory.valueSize());         // c (B, Tq, Hv)
        for (int b = 0; b < batch; b++) {
            Blas.gemm(false, false, 1f, weights.row(b), values.row(b), 0f, context.row(b)); // c = a V
        }
        return new AttentionTrace(queries, memory, context, weights, projectedQueries);
    }

    /** Both halves in one call: {@code attend(queries, memory(keys, values, mask))}. */
    public final AttentionTrace forward(Tensor queries, Tensor keys, Tensor values, SequenceMask mask) {
        return attend(queries, memory(keys, values, mask));
    }

    /** a_ij = softmax over the valid j of s_ij (see {@link Softmax#masked}); all zero when no j is valid. */
    private static void maskedSoftmax(Tensor scores, AttentionMemory memory, Tensor weights) {
        int batch = scores.dim(0);
        int steps = scores.dim(1);
        int keySteps = scores.dim(2);
        boolean[] valid = new boolean[batch * keySteps];                         // (B, Tk)
        for (int b = 0; b < batch; b++) {
            for (int j = 0; j < keySteps; j++) {
                valid[b * keySteps + j] = memory.isValid(b, j);
            }
        }
        float[] s = scores.toArray();                                            // (B, Tq, Tk)
        float[] a = new float[s.length];
        for (int b = 0; b < batch; b++) {
            for (int i = 0; i < steps; i++) {
                int row = (b * steps + i) * keySteps;
                Softmax.masked(s, row, keySteps, valid, b * keySteps, a, row);
            }
        }
        weights.write(0, a, 0, a.length);
    }

    // ---------------------------------------------------------------- backward

    /**
     * Backward of one {@link #attend}: adds the query-side parameter gradients, sums dKeys and dValues in the
     * trace's memory (see {@link #backwardMemory}) and returns dQueries, shaped like the queries.
     *
     * @param dContext dLoss/d(context), shaped like {@link AttentionTrace#context()}
     * @param dWeights dLoss/d(weights), shaped like {@link AttentionTrace#weights()}, or null when the loss does not
     *                 read the weights
     */
    public final Tensor backward(AttentionTrace trace, Tensor dContext, Tensor dWeights) {
        AttentionMemory memory = trace.memory();
        checkMemory(memory);
        checkGradient(dContext, trace.context(), "context");
        if (dWeights != null) {
            checkGradient(dWeights, trace.weights(), "weights");
        }
        Tensor a = trace.weightBlock();                                          // (B, Tq, Tk)
        int batch = a.dim(0);
        int steps = a.dim(1);
        int keySteps = a.dim(2);
        Tensor dc = dContext.reshape(trace.contextBlock().shape());             // (B, Tq, Hv)
        Tensor values = memory.values();
        Tensor dValues = memory.dValues();

        Tensor da = Workspace.take(batch, steps, keySteps);                      // (B, Tq, Tk)
        if (dWeights != null) {
            da.copyFrom(dWeights);
        }
        for (int b = 0; b < batch; b++) {
            Blas.gemm(false, true, 1f, dc.row(b), values.row(b), 1f, da.row(b));  // da += dc Vᵀ
            Blas.gemm(true, false, 1f, a.row(b), dc.row(b), 1f, dValues.row(b)); // dV += aᵀ dc
        }
        Tensor ds = da;                                                          // in place: ds = a (da − Σ a da)
        Softmax.backward(a, da, ds);
        Tensor dq = scoresBackward(ds, trace.queryBlock(), trace.projectedQueries(), memory);
        Workspace.give(da);
        return dq.reshape(trace.queries().shape());
    }

    /**
     * After the backward of every trace made from this memory: returns dKeys and dValues, summed over those traces,
     * and adds the key-side parameter gradients. The memory's sums start again from zero.
     */
    public final MemoryGradients backwardMemory(AttentionMemory memory) {
        checkMemory(memory);
        Tensor[] sums = memory.takeGradients(); // dProjectedKeys (B, Tk, S), dValues (B, Tk, Hv)
        Tensor keys = memory.keys();
        int rows = keys.dim(0) * keys.dim(1);
        Tensor dKeys = projectKeysBackward(sums[0].reshape(rows, sums[0].dim(2)), keys.reshape(rows, keySize));
        return new MemoryGradients(dKeys.reshape(keys.shape()), sums[1]);
    }

    private void checkMemory(AttentionMemory memory) {
        if (memory.owner() != this) {
            throw new IllegalArgumentException(this + ": the memory was made by another attention, " + memory.owner());
        }
    }

    private void checkGradient(Tensor gradient, Tensor of, String what) {
        if (!gradient.sameShape(of)) {
            throw new ShapeException(this + " d" + what + ": expected shape " + of.shapeString() + " like the "
                    + what + ", got " + gradient.shapeString());
        }
    }

    // ---------------------------------------------------------------- the score, in the subclasses

    /** The keys as the score reads them, (B·Tk, Hk) → (B·Tk, S); may return the keys themselves. */
    abstract Tensor projectKeys(Tensor keyRows);

    /** Backward of {@link #projectKeys}: adds the key weights' gradient, returns dKeys (B·Tk, Hk). */
    abstract Tensor projectKeysBackward(Tensor dProjectedKeys, Tensor keyRows);

    /**
     * Fills {@code scores} (B, Tq, Tk) at least at the valid key positions, from the queries (B, Tq, Hq) and the
     * memory's projected keys; returns what the score's backward needs besides (the projected queries), or null.
     */
    abstract Tensor scores(Tensor queries, AttentionMemory memory, Tensor scores);

    /**
     * Backward of {@link #scores}, given ds (B, Tq, Tk), zero at padded positions: adds the query-side parameter
     * gradients and dLoss/d(projected keys) into {@link AttentionMemory#dProjectedKeys()}, returns dQueries
     * (B, Tq, Hq).
     */
    abstract Tensor scoresBackward(Tensor dScores, Tensor queries, Tensor projectedQueries, AttentionMemory memory);

    // ---------------------------------------------------------------- shared pieces of the scores

    /** y = x Wᵀ (nn.Linear without bias): x (N, in), W (out, in) → (N, out). */
    static Tensor linear(Tensor x, Tensor weight) {
        Tensor y = Tensor.zeros(x.dim(0), weight.dim(0));
        Blas.gemm(false, true, 1f, x, weight, 0f, y);
        return y;
    }

    /** Backward of {@link #linear}: dW += dyᵀ x, returns dx = dy W. */
    static Tensor linearBackward(Tensor dy, Tensor x, Tensor weight, Tensor weightGrad) {
        Blas.gemm(true, false, 1f, dy, x, 1f, weightGrad);
        Tensor dx = Tensor.zeros(x.dim(0), weight.dim(1));
        Blas.gemm(false, false, 1f, dy, weight, 0f, dx);
        return dx;
    }

    /** Multiplicative scores, per row b: s = Q Kᵀ with Q (Tq, S) and K (Tk, S) the projected keys. */
    static void dotScores(Tensor queries, AttentionMemory memory, Tensor scores) {
        Tensor keys = memory.projectedKeys();
        for (int b = 0, batch = queries.dim(0); b < batch; b++) {
            Blas.gemm(false, true, 1f, queries.row(b), keys.row(b), 0f, scores.row(b));
        }
    }

    /** Backward of {@link #dotScores}, per row b: dQ = ds K, dK += dsᵀ Q (into the memory); returns dQ. */
    static Tensor dotScoresBackward(Tensor dScores, Tensor queries, AttentionMemory memory) {
        Tensor keys = memory.projectedKeys();
        Tensor dKeys = memory.dProjectedKeys();
        Tensor dQueries = Tensor.zeros(queries.shape());
        for (int b = 0, batch = queries.dim(0); b < batch; b++) {
            Blas.gemm(false, false, 1f, dScores.row(b), keys.row(b), 0f, dQueries.row(b));
            Blas.gemm(true, false, 1f, dScores.row(b), queries.row(b), 1f, dKeys.row(b));
        }
        return dQueries;
    }
}
