package org.rnn4j.nn.attention;

import java.util.List;
import java.util.random.RandomGenerator;
import org.rnn4j.nn.Parameter;
import org.rnn4j.tensor.Tensor;

/**
 * Additive attention (Bahdanau, Cho &amp; Bengio 2015, "Neural machine translation by jointly learning to align
 * and translate", eq. 6 and appendix A.1.2): the alignment model is a one-layer network.
 *
 * <pre>
 * Forward (the paper's W_a is W_q here, U_a is W_k; q is the decoder's previous state s_{i−1}, k_j the annotation h_j):
 *   r_j  = W_k k_j                         (B, Tk, A)   once per source batch, in {@link #memory}: one GEMM
 *   p_i  = W_q q_i                         (B, Tq, A)   one GEMM for all queries
 *   s_ij = v_aᵀ tanh(p_i + r_j)            (B, Tq, Tk)
 *   a, c as in {@link Attention}
 * Backward:
 *   dp, dr, dv_a from the scores (see AdditiveScore)
 *   dW_q += dpᵀ q,   dq = dp W_q
 *   dW_k += drᵀ k,   dk = dr W_k            in {@link #backwardMemory}, once for all steps
 * </pre>
 * Parameters, named as PyTorch names a module holding {@code W_q = nn.Linear(Hq, A, bias=False)},
 * {@code W_k = nn.Linear(Hk, A, bias=False)}, {@code v_a = nn.Linear(A, 1, bias=False)}, after the caller's prefix:
 * {@code W_q.weight} (A, Hq), {@code W_k.weight} (A, Hk), {@code v_a.weight} (1, A). The paper has no biases, and
 * neither has this.
 *
 * <p>In the paper's decoder the query of step i is the state before it, s_{i−1}, and the context c_i is an input
 * of the recurrent step, so a decoder attends step by step: make the memory once, {@link #attend} with (B, Hq)
 * at each step, backward each step in reverse order, then {@link #backwardMemory} once.
 */
public final class BahdanauAttention extends Attention {
    private final int attentionSize;
    private final Parameter queryWeight; // W_q (A, Hq)
    private final Parameter keyWeight;   // W_k (A, Hk)
    private final Parameter v;           // v_a (1, A)

    /** PyTorch's nn.Linear initialisation: U(−1/√in, 1/√in) for each weight. */
    public BahdanauAttention(int querySize, int keySize, int attentionSize, String prefix, RandomGenerator rng) {
        super(querySize, keySize);
        if (attentionSize < 1) {
            throw new IllegalArgumentException("attention size must be at least 1, got " + attentionSize);
        }
        this.attentionSize = attentionSize;
        this.queryWeight = new Parameter(prefix + "W_q.weight", attentionSize, querySize)
                .initUniform((float) (1 / Math.sqrt(querySize)), rng);
        this.keyWeight = new Parameter(prefix + "W_k.weight", attentionSize, keySize)
                .initUniform((float) (1 / Math.sqrt(keySize)), rng);
        this.v = new Parameter(prefix + "v_a.weight", 1, attentionSize)
                .initUniform((float) (1 / Math.sqrt(attentionSize)), rng);
    }

    /** A, the width of the alignment network's hidden layer. */
    public int attentionSize() {
        return attentionSize;
    }

    @Override
    public List<Parameter> parameters() {
        return List.of(queryWeight, keyWeight, v);
    }

    @Override
    Tensor projectKeys(Tensor keyRows) {
        return linear(keyRows, keyWeight.value()); // r = W_k k
    }

    @Override
    Tensor projectKeysBackward(Tensor dProjectedKeys, Tensor keyRows) {
        return linearBackward(dProjectedKeys, keyRows, keyWeight.value(), keyWeight.grad()); // dW_k += drᵀ k; dk = dr W_k
    }

    @Override
    Tensor scores(Tensor queries, AttentionMemory memory, Tensor scores) {
        int rows = queries.dim(0) * queries.dim(1);
        Tensor p = linear(queries.reshape(rows, querySize()), queryWeight.value())  // p = W_q q
                .reshape(queries.dim(0), queries.dim(1), attentionSize);
        AdditiveScore.forward(p, memory, v.value(), scores);                          // s = v_aᵀ tanh(p + r)
        return p;
    }

    @Override
    Tensor scoresBackward(Tensor dScores, Tensor queries, Tensor projectedQueries, AttentionMemory memory) {
        Tensor dp = AdditiveScore.backward(dScores, projectedQueries, memory, v.value(), v.grad());
        int rows = queries.dim(0) * queries.dim(1);
        return linearBackward(dp.reshape(rows, attentionSize), queries.reshape(rows, querySize()),
                queryWeight.value(), queryWeight.grad())                               // dW_q += dpᵀ q; dq = dp W_q
                .reshape(queries.shape());
    }

    @Override
    public String toString() {
        return "BahdanauAttention(query " + querySize() + ", key " + keySize() + ", attention " + attentionSize + ")";
    }
}
