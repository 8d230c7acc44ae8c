package org.rnn4j.seq2seq;

import org.rnn4j.tensor.FastMath;
import org.rnn4j.tensor.Layout;
import org.rnn4j.tensor.Tensor;

/** Row and column copies between the (N, ·) blocks of the decoder, in the decoder's words; {@link Layout} does them. */
final class Rows {
    private Rows() {
    }

    /** [a b] by columns: a (N, p), b (N, q) → (N, p + q). */
    static Tensor concat(Tensor a, Tensor b) {
        return Layout.concatLast(a, b);
    }

    /** dst[:, offset : offset + w] = src, src (N, w), dst (N, W). */
    static void putColumns(Tensor dst, int offset, Tensor src) {
        Layout.putLast(dst, offset, src);
    }

    /** A copy of src[:, offset : offset + w], src (N, W). */
    static Tensor columns(Tensor src, int offset, int w) {
        return Layout.splitLast(src, offset, w);
    }

    /** A copy of step t of a batch-first (B, T, X) tensor: (B, X). */
    static Tensor step(Tensor sequence, int t) {
        return Layout.step(sequence, t);
    }

    /** sequence[:, t] = rows, sequence (B, T, X), rows (B, X). */
    static void putStep(Tensor sequence, int t, Tensor rows) {
        Layout.putStep(sequence, t, rows);
    }

    /** target += add, elementwise (same size). */
    static void addInto(Tensor target, Tensor add) {
        target.addInPlace(add);
    }

    /** out[i] = t[rows[i]] along dimension 0. */
    static Tensor gather(Tensor t, int[] rows) {
        return Layout.gatherRows(t, rows);
    }

    /** Each row of t (N, ·) repeated k times in place: row i becomes rows i·k .. i·k + k − 1. */
    static Tensor repeat(Tensor t, int k) {
        int n = t.dim(0);
        int[] rows = new int[n * k];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = i / k;
        }
        return gather(t, rows);
    }

    /** tanh elementwise, in place ({@link FastMath#tanh(Tensor)}). */
    static void tanh(Tensor t) {
        FastMath.tanh(t);
    }
}
