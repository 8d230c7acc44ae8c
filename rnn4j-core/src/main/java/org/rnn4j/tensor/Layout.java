package org.rnn4j.tensor;

/**
 * The copies that rearrange tensors without computing: concatenate and split on the last axis, gather and
 * scatter-add rows, and one step of a batch-first sequence. Each is a bulk copy per row, so a second backend
 * replaces them here. "Row" means everything but the last axis: a (B, T, X) tensor has B·T rows of X.
 */
public final class Layout {
    private Layout() {
    }

    /** [a b] on the last axis: a (…, p), b (…, q) with the same leading shape → (…, p + q), a new tensor. */
    public static Tensor concatLast(Tensor a, Tensor b) {
        int p = a.dim(-1);
        int q = b.dim(-1);
        int rows = rowsOf(a);
        if (rowsOf(b) != rows) {
            throw new ShapeException("cannot concatenate " + a.shapeString() + " and " + b.shapeString()
                    + " on the last axis");
        }
        int[] shape = a.shape();
        shape[shape.length - 1] = p + q;
        Tensor out = Tensor.zeros(shape);
        putLast(out, 0, a);
        putLast(out, p, b);
        return out;
    }

    /** A copy of src[…, from : from + width], src (…, W) → (…, width). */
    public static Tensor splitLast(Tensor src, int from, int width) {
        int w = src.dim(-1);
        checkRange(from, width, w, src);
        int rows = rowsOf(src);
        int[] shape = src.shape();
        shape[shape.length - 1] = width;
        Tensor out = Tensor.zeros(shape);
        for (int r = 0; r < rows; r++) {
            out.write(r * width, src, r * w + from, width);
        }
        return out;
    }

    /** dst[…, from : from + w] = src, src (…, w), dst (…, W) with as many rows. */
    public static void putLast(Tensor dst, int from, Tensor src) {
        int rows = rowsOf(src);
        int w = rows == 0 ? 0 : src.size() / rows;
        int width = rows == 0 ? 0 : dst.size() / rows;
        checkRange(from, w, width, dst);
        for (int r = 0; r < rows; r++) {
            dst.write(r * width + from, src, r * w, w);
        }
    }

    /** dst[…, from : from + w] += src, src (…, w), dst (…, W) with as many rows. */
    public static void addLast(Tensor dst, int from, Tensor src) {
        int rows = rowsOf(src);
        int w = rows == 0 ? 0 : src.size() / rows;
        int width = rows == 0 ? 0 : dst.size() / rows;
        checkRange(from, w, width, dst);
        float[] block = src.toArray();
        float[] row = new float[w];
        for (int r = 0; r < rows; r++) {
            dst.read(r * width + from, row, 0, w);
            for (int k = 0; k < w; k++) {
                row[k] += block[r * w + k];
            }
            dst.write(r * width + from, row, 0, w);
        }
    }

    /** out[i] = table[rows[i]] along dimension 0: table (N, …) → (rows.length, …). */
    public static Tensor gatherRows(Tensor table, int[] rows) {
        int[] shape = table.shape();
        int width = shape[0] == 0 ? 0 : table.size() / shape[0];
        shape[0] = rows.length;
        Tensor out = Tensor.zeros(shape);
        for (int i = 0; i < rows.length; i++) {
            out.write(i * width, table, rows[i] * width, width);
        }
        return out;
    }

    /** table[rows[i]] += values[i] along dimension 0 (repeated rows add up): values (rows.length, …). */
    public static void scatterAddRows(Tensor table, int[] rows, Tensor values) {
        int width = table.dim(0) == 0 ? 0 : table.size() / table.dim(0);
        float[] v = values.toArray();
        float[] row = new float[width];
        for (int i = 0; i < rows.length; i++) {
            table.read(rows[i] * width, row, 0, width);
            for (int k = 0; k < width; k++) {
                row[k] += v[i * width + k];
            }
            table.write(rows[i] * width, row, 0, width);
        }
    }

    /** A copy of step t of a batch-first sequence: (B, T, X) → (B, X). */
    public static Tensor step(Tensor sequence, int t) {
        int batch = sequence.dim(0);
        int steps = sequence.dim(1);
        int x = sequence.dim(2);
        Tensor out = Tensor.zeros(batch, x);
        for (int b = 0; b < batch; b++) {
            out.write(b * x, sequence, (b * steps + t) * x, x);
        }
        return out;
    }

    /** sequence[:, t] = rows: sequence (B, T, X), rows (B, X). */
    public static void putStep(Tensor sequence, int t, Tensor rows) {
        int batch = sequence.dim(0);
        int steps = sequence.dim(1);
        int x = sequence.dim(2);
        for (int b = 0; b < batch; b++) {
            sequence.write((b * steps + t) * x, rows, b * x, x);
        }
    }

    /** Swaps the first two axes, batch-first ↔ time-first: (B, T, X) → (T, B, X), a new tensor. */
    public static Tensor transposeBatchTime(Tensor sequence) {
        int batch = sequence.dim(0);
        int steps = sequence.dim(1);
        int x = sequence.size() / Math.max(1, batch * steps);
        int[] shape = sequence.shape();
        shape[0] = steps;
        shape[1] = batch;
        Tensor out = Tensor.zeros(shape);
        for (int b = 0; b < batch; b++) {
            for (int t = 0; t < steps; t++) {
                out.write((t * batch + b) * x, sequence, (b * steps + t) * x, x);
            }
        }
        return out;
    }

    private static int rowsOf(Tensor t) {
        int last = t.dim(-1);
        return last == 0 ? 0 : t.size() / last;
    }

    private static void checkRange(int from, int width, int of, Tensor t) {
        if (from < 0 || width < 0 || from + width > of) {
            throw new ShapeException("columns [" + from + ", " + (from + width) + ") outside the last axis of "
                    + t.shapeString());
        }
    }
}
