package org.rnn4j.nn.attention;

import java.util.List;
import java.util.random.RandomGenerator;
import org.rnn4j.nn.Parameter;
import org.rnn4j.tensor.Layout;
import org.rnn4j.tensor.Tensor;

/**
 * Global attention of Luong, Pham &amp; Manning 2015, "Effective approaches to attention-based neural machine
 * translation", eq. 8, with its three content-based scores (q is the decoder's current top state h_t, k_j a source
 * state h̄_s):
 *
 * <pre>
 *   dot      s_ij = q_iᵀ k_j                      Hq = Hk; no parameters
 *   general  s_ij = q_iᵀ W_a k_j                  W_a (Hq, Hk)
 *   concat   s_ij = v_aᵀ tanh(W_a [q_i; k_j])     W_a (A, Hq+Hk), v_a (1, A)
 *   a, c as in {@link Attention}
 *
 * Forward, as computed:
 *   dot      s = Q Kᵀ per row b
 *   general  r_j = W_a k_j (B, Tk, Hq), once per source batch in {@link #memory} (one GEMM); s = Q Rᵀ per row b
 *   concat   W_a = [W_q, W_k] split by columns; r_j = W_k k_j in {@link #memory}, p_i = W_q q_i, then
 *            s_ij = v_aᵀ tanh(p_i + r_j), the additive score of {@link BahdanauAttention}
 * Backward:
 *   dot      dQ = ds K,   dK += dsᵀ Q                          per row b
 *   general  dQ = ds R,   dR += dsᵀ Q;   dW_a += dRᵀ K,  dK = dR W_a   (the last two once, in backwardMemory)
 *   concat   as BahdanauAttention; the gradients of W_q and W_k land in the two column blocks of W_a's gradient
 * </pre>
 * Parameters, named as PyTorch names a module holding {@code W_a = nn.Linear(Hk, Hq, bias=False)} (general) or
 * {@code W_a = nn.Linear(Hq+Hk, A, bias=False)} and {@code v_a = nn.Linear(A, 1, bias=False)} (concat), after the
 * caller's prefix: {@code W_a.weight}, {@code v_a.weight}. The paper has no biases; for the general score a bias
 * would add q_iᵀ b to every s_ij of a row, which the softmax cancels.
 *
 * <p>The paper's attentional hidden state h̃_t = tanh(W_c [c_t; h_t]) is a separate piece, {@link AttentionalHidden},
 * so that a decoder may also use the context otherwise. The paper's location-based score (a_t = softmax(W_a h_t))
 * is not provided.
 */
public final class LuongAttention extends Attention {

    /** Luong's content-based scores. */
    public enum Score {
        DOT, GENERAL, CONCAT
    }

    private final Score score;
    private final int attentionSize;  // S: Hq for dot and general, A for concat
    private final Parameter weight;   // W_a: null for dot, (Hq, Hk) general, (A, Hq+Hk) concat
    private final Parameter v;        // v_a (1, A): concat only

    private LuongAttention(Score score, int querySize, int keySize, int attentionSize, String prefix,
                           RandomGenerator rng) {
        super(querySize, keySize);
        this.score = score;
        this.attentionSize = attentionSize;
        switch (score) {
            case DOT -> {
                weight = null;
                v = null;
            }
            case GENERAL -> {
                weight = new Parameter(prefix + "W_a.weight", querySize, keySize)
                        .initUniform((float) (1 / Math.sqrt(keySize)), rng);
                v = null;
            }
            default -> {
                weight = new Parameter(prefix + "W_a.weight", attentionSize, querySize + keySize)
                        .initUniform((float) (1 / Math.sqrt(querySize + keySize)), rng);
                v = new Parameter(prefix + "v_a.weight", 1, attentionSize)
                        .initUniform((float) (1 / Math.sqrt(attentionSize)), rng);
            }
        }
    }

    /** s = qᵀ k: queries and keys of the same size, no parameters. */
    public static LuongAttention dot(int size) {
        return new LuongAttention(Score.DOT, size, size, size, "", null);
    }

    /** s = qᵀ W_a k, W_a (Hq, Hk) initialised as PyTorch's nn.Linear(Hk, Hq): U(−1/√Hk, 1/√Hk). */
    public static LuongAttention general(int querySize, int keySize, String prefix, RandomGenerator rng) {
        return new LuongAttention(Score.GENERAL, querySize, keySize, querySize, prefix, rng);
    }

    /**
     * s = v_aᵀ tanh(W_a [q; k]), W_a (A, Hq+Hk) and v_a (1, A) initialised as PyTorch's nn.Linear: U(−1/√in, 1/√in).
     */
    public static LuongAttention concat(int querySize, int keySize, int attentionSize, String prefix,
                                        RandomGenerator rng) {
        if (attentionSize < 1) {
            throw new IllegalArgumentException("attention size must be at least 1, got " + attentionSize);
        }
        return new LuongAttention(Score.CONCAT, querySize, keySize, attentionSize, prefix, rng);
    }

    public Score score() {
        return score;
    }

    @Override
    public List<Parameter> parameters() {
        return switch (score) {
            case DOT -> List.of();
            case GENERAL -> List.of(weight);
            case CONCAT -> List.of(weight, v);
        };
    }

    @Override
    Tensor projectKeys(Tensor keyRows) {
        return switch (score) {
            case DOT -> keyRows;                                                   // r = k
            case GENERAL -> linear(keyRows, weight.value());                      // r = W_a k
            case CONCAT -> linear(keyRows, columns(weight.value(), querySize(), keySize())); // r = W_k k
        };
    }

    @Override
    Tensor projectKeysBackward(Tensor dProjectedKeys, Tensor keyRows) {
        return switch (score) {
            case DOT -> dProjectedKeys;                                            // dk = dr
            case GENERAL -> linearBackward(dProjectedKeys, keyRows, weight.value(), weight.grad());
            case CONCAT -> {
                Tensor dW = Tensor.zeros(attentionSize, keySize());
                Tensor dk = linearBackward(dProjectedKeys, keyRows, columns(weight.value(), querySize(), keySize()), dW);
                addColumns(weight.grad(), querySize(), dW);                       // dW_a[:, Hq:] += dW_k
                yield dk;
            }
        };
    }

    @Override
    Tensor scores(Tensor queries, AttentionMemory memory, Tensor scores) {
        if (score != Score.CONCAT) {
            dotScores(queries, memory, scores);                                    // s = Q Rᵀ per row b
            return null;
        }
        int rows = queries.dim(0) * queries.dim(1);
        Tensor p = linear(queries.reshape(rows, querySize()), columns(weight.value(), 0, querySize())) // p = W_q q
                .reshape(queries.dim(0), queries.dim(1), attentionSize);
        AdditiveScore.forward(p, memory, v.value(), scores);                        // s = v_aᵀ tanh(p + r)
        return p;
    }

    @Override
    Tensor scoresBackward(Tensor dScores, Tensor queries, Tensor projectedQueries, AttentionMemory memory) {
        if (score != Score.CONCAT) {
            return dotScoresBackward(dScores, queries, memory);                    // dQ = ds R, dR += dsᵀ Q
        }
        Tensor dp = AdditiveScore.backward(dScores, projectedQueries, memory, v.value(), v.grad());
        int rows = queries.dim(0) * queries.dim(1);
        Tensor dW = Tensor.zeros(attentionSize, querySize());
        Tensor dq = linearBackward(dp.reshape(rows, attentionSize), queries.reshape(rows, querySize()),
                columns(weight.value(), 0, querySize()), dW);                        // dW_q += dpᵀ q; dq = dp W_q
        addColumns(weight.grad(), 0, dW);                                           // dW_a[:, :Hq] += dW_q
        return dq.reshape(queries.shape());
    }

    /** A copy of columns [from, from + count) of a (rows, cols) matrix, so that BLAS reads it contiguous. */
    private static Tensor columns(Tensor matrix, int from, int count) {
        return Layout.splitLast(matrix, from, count);
    }

    /** matrix[:, from : from + block.cols] += block. */
    private static void addColumns(Tensor matrix, int from, Tensor block) {
        Layout.addLast(matrix, from, block);
    }

    @Override
    public String toString() {
        String name = "LuongAttention(" + score.name().toLowerCase(java.util.Locale.ROOT) + ", query " + querySize()
                + ", key " + keySize();
        return name + (score == Score.CONCAT ? ", attention " + attentionSize + ")" : ")");
    }
}
