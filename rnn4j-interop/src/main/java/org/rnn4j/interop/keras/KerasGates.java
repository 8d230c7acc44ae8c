package org.rnn4j.interop.keras;

import org.rnn4j.tensor.Tensor;

/**
 * Keras's recurrent weights in PyTorch's layout and gate order.
 *
 * <pre>
 *            Keras (columns of kernel (F, G·H))   PyTorch (rows of weight_ih (G·H, F))
 * SimpleRNN  h                                    h
 * LSTM       i, f, c, o                           i, f, g, o        (c and g are the same candidate)
 * GRU        z, r, h                              r, z, n
 * </pre>
 * Keras computes {@code x · kernel}, PyTorch {@code W_ih · x}: every matrix is transposed, and for a GRU the first two
 * blocks of H columns swap places. A Keras bias is the input-side one ({@code bias_ih}; {@code bias_hh} = 0), except a
 * GRU with {@code reset_after=True}, whose bias (2, 3H) holds both: row 0 input, row 1 recurrent (the recurrent one
 * sits inside {@code r ⊙ (W_hn h + b_hn)}, exactly where PyTorch puts it).
 */
final class KerasGates {
    private KerasGates() {
    }

    /** The PyTorch order of Keras's gate blocks: block k of the result is block order[k] of Keras's. */
    static int[] pytorchOrder(String keras) {
        return keras.equals("GRU") ? new int[] {1, 0, 2} : keras.equals("LSTM") ? new int[] {0, 1, 2, 3} : new int[] {0};
    }

    /** (in, G·H) Keras matrix → (G·H, in) PyTorch matrix, gate blocks reordered. */
    static Tensor matrix(Tensor keras, int[] order) {
        int in = keras.dim(0);
        int width = keras.dim(1);
        int hidden = width / order.length;
        Tensor out = Tensor.zeros(width, in);
        for (int k = 0; k < order.length; k++) {
            for (int j = 0; j < hidden; j++) {
                int column = order[k] * hidden + j;                // Keras column
                int row = k * hidden + j;                          // PyTorch row
                for (int i = 0; i < in; i++) {
                    out.set(row * in + i, keras.get(i * width + column));
                }
            }
        }
        return out;
    }

    /** A (G·H) Keras bias, or row {@code row} of a (2, G·H) one, with its gate blocks reordered. */
    static Tensor bias(Tensor keras, int row, int[] order) {
        int width = keras.dim(-1);
        int hidden = width / order.length;
        Tensor out = Tensor.zeros(width);
        for (int k = 0; k < order.length; k++) {
            out.write(k * hidden, keras, row * width + order[k] * hidden, hidden);
        }
        return out;
    }

    /** (in, out) Keras Dense kernel → (out, in) PyTorch Linear weight. */
    static Tensor transpose(Tensor keras) {
        return matrix(keras, new int[] {0});
    }
}
