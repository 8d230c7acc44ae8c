package org.rnn4j.nn.recurrent;

import java.util.Locale;

/**
 * How a recurrent layer's recurrent weights W_hh start, besides PyTorch's uniform draw.
 *
 * <p>Why it matters for long memories: the gradient reaching step t − k is the product of k Jacobians
 * ∂h_{i}/∂h_{i−1} = diag(φ'(·))·W_hh, so W_hh's singular values decide whether it shrinks or grows as k does.
 * PyTorch's U(−1/√H, 1/√H) gives a spectral radius near 0.58 (it shrinks); an orthogonal or identity W_hh keeps
 * every singular value at 1.
 */
public enum RecurrentInit {
    /** PyTorch's: every weight and bias from U(−1/√H, 1/√H). */
    DEFAULT("default"),
    /**
     * Each gate's block of W_hh (H × H, or H × P with a projection) a random orthogonal matrix (Saxe et al. 2014;
     * Keras's default {@code recurrent_initializer}); the other weights and the biases as PyTorch draws them.
     */
    ORTHOGONAL("orthogonal"),
    /**
     * IRNN (Le, Jaitly & Hinton 2015): W_hh = I and every bias 0, so that a relu RNN starts by carrying its state
     * unchanged; the input weights as PyTorch draws them. For the simple RNN only: a gate's block is not a state map.
     */
    IDENTITY("identity");

    private final String id;

    RecurrentInit(String id) {
        this.id = id;
    }

    /** Its name in options and files: default, orthogonal, identity. */
    public String id() {
        return id;
    }

    /** Whether it can start a layer of {@code cell}. */
    public boolean appliesTo(CellType cell) {
        return this != IDENTITY || cell == CellType.RNN_RELU || cell == CellType.RNN_TANH;
    }

    /** By {@link #id()}, case-insensitive. */
    public static RecurrentInit fromId(String id) {
        for (RecurrentInit init : values()) {
            if (init.id.equals(id.toLowerCase(Locale.ROOT))) {
                return init;
            }
        }
        throw new IllegalArgumentException("unknown recurrent initialisation '" + id
                + "': default, orthogonal or identity");
    }
}
