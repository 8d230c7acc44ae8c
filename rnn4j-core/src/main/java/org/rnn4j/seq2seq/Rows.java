package org.rnn4j.seq2seq;

import org.rnn4j.tensor.FastMath;
import org.rnn4j.tensor.Tensor;

/** Row and column copies between the (N, ·) blocks of the decoder; nothing here computes. */
final class Rows {
    private Rows() {
    }

    /** [a b] by columns: a (N, p), b (N, q) → (N, p + q). */
    static Tensor concat(Tensor a, Tensor b) {
        int n = a.dim(0);
        int p = a.dim(1);
        int q = b.dim(1);
        Tensor out = Tensor.zeros(n, p + q);
        putColumns(out, 0, a);
        putColumns(out, p, b);
        return out;
    }

    /** dst[:, offset : offset + w] = src, src (N, w), dst (N, W). */
    static void putColumns(Tensor dst, int offset, Tensor src) {
        int n = src.dim(0);
        int w = src.size() / n;
        int width = dst.size() / n;
        for (int r = 0; r < n; r++) {
            dst.buffer().put(r * width + offset, src.buffer(), r * w, w);
        }
    }

    /** A copy of src[:, offset : offset + w], src (N, W). */
    static Tensor columns(Tensor src, int offset, int w) {
        int n = src.dim(0);
        int width = src.size() / n;
        Tensor out = Tensor.zeros(n, w);
        for (int r = 0; r < n; r++) {
            out.buffer().put(r * w, src.buffer(), r * width + offset, w);
        }
        return out;
    }

    /** A copy of step t of a batch-first (B, T, X) tensor: (B, X). */
    static Tensor step(Tensor sequence, int t) {
        int batch = sequence.dim(0);
        int steps = sequence.dim(1);
        int x = sequence.dim(2);
        Tensor out = Tensor.zeros(batch, x);
        for (int b = 0; b < batch; b++) {
            out.buffer().put(b * x, sequence.buffer(), (b * steps + t) * x, x);
        }
        return out;
    }

    /** sequence[:, t] = rows, sequence (B, T, X), rows (B, X). */
    static void putStep(Tensor sequence, int t, Tensor rows) {
        int batch = sequence.dim(0);
        int steps = sequence.dim(1);
        int x = sequence.dim(2);
        for (int b = 0; b < batch; b++) {
            sequence.buffer().put((b * steps + t) * x, rows.buffer(), b * x, x);
        }
    }

    /** target += add, elementwise (same size). */
    static void addInto(Tensor target, Tensor add) {
        for (int i = 0, n = target.size(); i < n; i++) {
            target.set(i, target.get(i) + add.get(i));
        }
    }

    /** out[i] = t[rows[i]] along dimension 0. */
    static Tensor gather(Tensor t, int[] rows) {
        int[] shape = t.shape();
        int width = t.size() / shape[0];
        shape[0] = rows.length;
        Tensor out = Tensor.zeros(shape);
        for (int i = 0; i < rows.length; i++) {
            out.buffer().put(i * width, t.buffer(), rows[i] * width, width);
        }
        return out;
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
