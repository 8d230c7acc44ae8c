package org.rnn4j.nn;

import java.util.List;
import java.util.Objects;
import java.util.random.RandomGenerator;
import org.rnn4j.tensor.SequenceMask;
import org.rnn4j.tensor.Tensor;

/**
 * Pools the output sequence of a recurrent layer over time, one vector per row: (B, T, W) → (B, W) with
 * W = D·H (D directions of H units, concatenated as {@link org.rnn4j.nn.recurrent.RecurrentLayer} writes them).
 * Only valid steps are read: a padded step never contributes, and its gradient is zero. A row without any valid
 * step pools to zeros.
 *
 * <pre>
 * last:      y = [h→_{last valid}, h←_{first valid}]              (each direction's final h)
 *            dh→_{last} += dy→,  dh←_{first} += dy←
 * mean:      y = Σ_valid h_t / n                                    dh_t = dy / n
 * max:       y_j = max_valid h_tj   (first of equal maxima)         dh_{t*j} = dy_j at the arg max t*
 * attention: u_t = tanh(W h_t + b)  (A)     s_t = vᵀ u_t     α = softmax(s) over the valid steps
 *            y = Σ_t α_t h_t
 *            dα_t = dy·h_t,  ds_t = α_t (dα_t − Σ_t' α_t' dα_t'),  dz_t = ds_t v ⊙ (1 − u_t²)
 *            dv += Σ ds_t u_t,  dW += Σ dz_t h_tᵀ,  db += Σ dz_t,  dh_t = α_t dy + Wᵀ dz_t
 * </pre>
 * Attention parameters: {@code <prefix>weight} (A, W), {@code <prefix>bias} (A), {@code <prefix>context} (A) = v,
 * initialised U(−1/√W, 1/√W) for W and b and U(−1/√A, 1/√A) for v, as PyTorch's {@code nn.Linear}. The other
 * poolings have no parameters.
 *
 * <p>One implementation per kind: {@link LastPooling}, {@link MeanPooling}, {@link MaxPooling},
 * {@link AttentionPooling}; {@link #of} makes the one a {@link Pooling} names. Nothing of a call is kept in the
 * layer: forward returns a {@link Trace}, so one layer serves several threads.
 */
public sealed interface SequencePooling permits LastPooling, MeanPooling, MaxPooling, AttentionPooling {

    /**
     * @param directions    D, 1 or 2
     * @param hiddenSize    H of each direction
     * @param attentionSize A, the width of the attention's hidden layer (read for {@link Pooling#ATTENTION} only)
     * @param prefix        the parameter names' prefix, e.g. {@code pooling.}
     */
    static SequencePooling of(Pooling kind, int directions, int hiddenSize, int attentionSize, String prefix,
                              RandomGenerator rng) {
        Objects.requireNonNull(kind, "kind");
        if (directions != 1 && directions != 2) {
            throw new IllegalArgumentException("pooling: directions must be 1 or 2, got " + directions);
        }
        if (hiddenSize < 1) {
            throw new IllegalArgumentException("pooling: hidden size must be at least 1, got " + hiddenSize);
        }
        return switch (kind) {
            case LAST -> new LastPooling(directions, hiddenSize);
            case MEAN -> new MeanPooling(directions * hiddenSize);
            case MAX -> new MaxPooling(directions * hiddenSize);
            case ATTENTION -> new AttentionPooling(directions * hiddenSize, attentionSize, prefix, rng);
        };
    }

    Pooling kind();

    /** W = D·H, the width of the input steps and of the output. */
    int width();

    /** A for attention, 0 otherwise. */
    default int attentionSize() {
        return 0;
    }

    /** The attention's weight, bias and context vector; empty for the other poolings. */
    default List<Parameter> parameters() {
        return List.of();
    }

    /**
     * What forward computed.
     *
     * @param sequence the input (B, T, W)
     * @param mask     the valid steps, or null
     * @param output   (B, W)
     * @param selected last: the step read per (row, direction); max: the arg max step per (row, feature); −1 where
     *                 a row has no valid step; null for the others
     * @param weights  attention: α (B·T), 0 at padded steps; null for the others
     * @param hidden   attention: u = tanh(W h + b) (B·T·A); null for the others
     */
    public record Trace(Tensor sequence, SequenceMask mask, Tensor output, int[] selected, float[] weights,
                        float[] hidden) {
        /** The attention weights as (B, T); for attention pooling only. */
        public Tensor attentionWeights() {
            if (weights == null) {
                throw new IllegalStateException("only attention pooling has weights");
            }
            return Tensor.of(weights, sequence.dim(0), sequence.dim(1));
        }
    }

    /** @param sequence (B, T, W); @param mask the valid steps, or null when all are */
    Trace forward(Tensor sequence, SequenceMask mask);

    /**
     * Backpropagation: adds into the attention's parameter gradients and returns dLoss/dSequence (B, T, W), zero at
     * padded steps. The returned tensor is an ordinary new one (inside a training step, recycled when the step ends).
     */
    Tensor backward(Trace trace, Tensor dOutput);

    /** "attention pooling (A 64)", "mean pooling". */
    default String describe() {
        return kind().id() + " pooling";
    }
}
