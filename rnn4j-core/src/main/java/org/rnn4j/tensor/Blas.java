package org.rnn4j.tensor;

import static org.bytedeco.openblas.global.openblas_nolapack.CblasNoTrans;
import static org.bytedeco.openblas.global.openblas_nolapack.CblasRowMajor;
import static org.bytedeco.openblas.global.openblas_nolapack.CblasTrans;
import static org.bytedeco.openblas.global.openblas_nolapack.cblas_saxpy;
import static org.bytedeco.openblas.global.openblas_nolapack.cblas_sgemm;
import static org.bytedeco.openblas.global.openblas_nolapack.cblas_sgemv;
import static org.bytedeco.openblas.global.openblas_nolapack.cblas_sscal;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.openblas.global.openblas_full;
import org.bytedeco.openblas.presets.openblas_nolapack;

/**
 * The products of tensors: on oneDNN's matmul where the backend allows it and the product is not small, on
 * OpenBLAS otherwise (the only caller of OpenBLAS). Tensors are handed over as direct buffers, read in place.
 */
public final class Blas {
    private Blas() {
    }

    /**
     * {@code c = alpha * op(a) * op(b) + beta * c}, all row-major 2-D (a view's first dimension is its rows,
     * the rest flattened). {@code op(x)} is {@code x} or its transpose.
     */
    public static void gemm(boolean transposeA, boolean transposeB, float alpha, Tensor a, Tensor b, float beta, Tensor c) {
        int aRows = a.dim(0);
        int aCols = a.rank() == 0 ? 1 : a.size() / Math.max(aRows, 1);
        int bRows = b.dim(0);
        int bCols = b.size() / Math.max(bRows, 1);
        int m = transposeA ? aCols : aRows;
        int k = transposeA ? aRows : aCols;
        int kb = transposeB ? bCols : bRows;
        int n = transposeB ? bRows : bCols;
        if (k != kb || c.dim(0) != m || c.size() != m * n) {
            throw new ShapeException("gemm: " + (transposeA ? "transposed " : "") + a.shapeString() + " times "
                    + (transposeB ? "transposed " : "") + b.shapeString() + " into " + c.shapeString());
        }
        if (m == 0 || n == 0) {
            return;
        }
        if (k == 0) {
            // OpenBLAS leaves C alone when K is 0; the maths says C = beta * C.
            scale(c, beta);
            return;
        }
        useOneOpenBlasThread(); // OpenBLAS's default is a thread per core, for every product
        if (m == 1) {
            // One row (batch 1, streaming): a matrix-vector product. OpenBLAS's sgemm at M = 1 ran at 1.3-1.6
            // GFLOP/s here, its sgemv at 9-13 (H 512 LSTM step: 1.5 ms against 0.17 ms, on a loaded machine).
            // op(a) is a row of k values, contiguous whether or not it is "transposed".
            if (beta == 0f) {
                c.zero(); // sgemv scales c by beta, and 0 × NaN would leak old contents
            }
            FloatBuffer out = c.bufferForWriting();
            float scale = beta == 0f ? 1f : beta;
            if (Parallel.threads() >= 2 && (long) n * k >= PAIRED_PRODUCT_MIN) {
                // Half of c's entries each on this thread and its partner: at batch 1 the product is the time to
                // read b from cache, and two cores read twice as fast (4.5 MiB: 49 µs on one core, 25 on two).
                int half = n / 2 / 16 * 16; // the second half starts on a cache line
                if (PairedThread.runPair(() -> matrixVector(transposeB, alpha, a, b, bCols, k, scale, out, 0, half),
                        () -> matrixVector(transposeB, alpha, a, b, bCols, k, scale, out, half, n))) {
                    return;
                }
            }
            matrixVector(transposeB, alpha, a, b, bCols, k, scale, out, 0, n);
            return;
        }
        long multiplyAdds = (long) m * n * k;
        if (alpha == 1f && runsOnOneDnn(multiplyAdds)) {
            // Its threads as ours would be: all of them for a large product, one below that (see the constant).
            DnnlMatmul.gemm(transposeA, transposeB, a, b, beta, c, m, n, k,
                    multiplyAdds >= THREADED_PRODUCT_MIN ? Parallel.threads() : 1);
            return;
        }
        int opA = transposeA ? CblasTrans : CblasNoTrans;
        int opB = transposeB ? CblasTrans : CblasNoTrans;
        int parts = multiplyAdds >= THREADED_PRODUCT_MIN
                ? Math.min(Parallel.threads(), m / MIN_ROWS_PER_PART) : 1;
        if (parts <= 1 && computesTranspose(transposeB, m, n, k)) {
            gemmAsTranspose(opA, alpha, a, aCols, b, bCols, beta, c, m, n, k);
            return;
        }
        if (parts <= 1) {
            cblas_sgemm(CblasRowMajor, opA, opB, m, n, k, alpha, a.buffer(), aCols, b.buffer(), bCols, beta,
                    c.bufferForWriting(), n);
            return;
        }
        // A large product with more than one thread: rows of C split between our own threads, each product
        // single-threaded. OpenBLAS's own threads spin after each call, and on this 2-core machine they fought the
        // batch parts of the recurrent layers (Parallel) for the cores: 2 threads trained 7-13% slower than 1.
        Parallel.runRows(parts, m, (part, from, to) -> {
            // Row i of op(A) starts at i·aCols in A, or at column i when A is transposed (same leading dimension).
            int aOffset = transposeA ? from : from * aCols;
            cblas_sgemm(CblasRowMajor, opA, opB, to - from, n, k, alpha, a.buffer().slice(aOffset, a.size() - aOffset),
                    aCols, b.buffer(), bCols, beta, c.bufferForWriting().slice(from * n, (to - from) * n), n);
        });
    }

    /**
     * Entries [from, to) of the one-row product c = alpha·op(b)ᵀ·a + beta·c, a being a row of k values (contiguous
     * whether or not it is "transposed"): b (n, k) gives rows from..to of b, b (k, n) its columns from..to.
     */
    private static void matrixVector(boolean transposeB, float alpha, Tensor a, Tensor b, int bCols, int k,
                                     float beta, FloatBuffer c, int from, int to) {
        if (to <= from) {
            return;
        }
        FloatBuffer cPart = c.slice(from, to - from);
        if (transposeB) { // b is (n, k): c = b · a
            cblas_sgemv(CblasRowMajor, CblasNoTrans, to - from, k, alpha, b.buffer().slice(from * bCols,
                    (to - from) * bCols), bCols, a.buffer(), 1, beta, cPart, 1);
        } else {          // b is (k, n): c = bᵀ · a
            FloatBuffer bColumns = b.buffer();
            cblas_sgemv(CblasRowMajor, CblasTrans, k, to - from, alpha, bColumns.slice(from, bColumns.capacity()
                    - from), bCols, a.buffer(), 1, beta, cPart, 1);
        }
    }

    /**
     * Entries × k from which a one-row product runs in two halves on two threads (when rnn4j has two): 2^17 floats
     * of b, 512 KB, about 5 µs to read on one core, where the hand-over (well under a microsecond to a spinning
     * thread) is small against the half it saves.
     */
    static final long PAIRED_PRODUCT_MIN = 1L << 17;

    /**
     * Whether C = op(A)·Bᵀ is better computed as its transpose, Cᵀ = B·op(A)ᵀ: when C is short and wide and B is
     * stored (n, k), as W_hh is in a recurrent step's {@code h W_hhᵀ}. OpenBLAS's kernels run the tall form
     * faster, and its transpose of C costs a few microseconds. Measured here (tools/bench/GemmOrientation.java,
     * Cooperlake / Haswell kernels), the tall form plus transpose against the short form: (32, 1024, 256) 1.46 /
     * 1.34×, (16, 1024, 256) 1.75 / 1.67×, (64, 2048, 512) 1.21 / 1.17×, (128, 4096, 1024) 1.16 / 1.03×,
     * (32, 256, 64) 1.21 / 1.18×; but (20, 256, 16), 82 K multiply-adds, 0.86×, hence the lower bound, which also
     * keeps small predictions from loading the transpose's library (150-200 ms of start-up).
     */
    static boolean computesTranspose(boolean transposeB, int m, int n, int k) {
        return transposeB && m >= 2 && m <= TRANSPOSED_PRODUCT_MAX_ROWS && n >= 2 * m
                && (long) m * n * k >= TRANSPOSED_PRODUCT_MIN;
    }

    /** Rows of C up to which a short, wide product is computed as its transpose (see {@link #computesTranspose}). */
    static final int TRANSPOSED_PRODUCT_MAX_ROWS = 128;
    /** Multiply-adds from which a short, wide product is computed as its transpose. */
    static final long TRANSPOSED_PRODUCT_MIN = 1L << 18;

    private static void gemmAsTranspose(int opA, float alpha, Tensor a, int aCols, Tensor b, int bCols, float beta,
                                        Tensor c, int m, int n, int k) {
        // Cᵀ (n, m) = B (n, k) · op(A)ᵀ (k, m): B untransposed, op(A)ᵀ is A with the opposite transpose flag.
        FloatBuffer cTransposed = TransposeScratch.get().transposed(n * m);
        cblas_sgemm(CblasRowMajor, CblasNoTrans, opA == CblasTrans ? CblasNoTrans : CblasTrans, n, m, k, alpha,
                b.buffer(), bCols, a.buffer(), aCols, 0f, cTransposed, m);
        if (beta == 0f) {
            // Written, not added: old contents of C (even NaN) must not leak, as with sgemm's beta 0.
            openblas_full.cblas_somatcopy(CblasRowMajor, CblasTrans, n, m, 1f, cTransposed, m, c.bufferForWriting(), n);
            return;
        }
        FloatBuffer product = TransposeScratch.get().product(m * n);
        openblas_full.cblas_somatcopy(CblasRowMajor, CblasTrans, n, m, 1f, cTransposed, m, product, n);
        if (beta != 1f) {
            cblas_sscal(m * n, beta, c.bufferForWriting(), 1);
        }
        cblas_saxpy(m * n, 1f, product, 1, c.bufferForWriting(), 1);
    }

    /**
     * Whether a product of this many multiply-adds runs on oneDNN's matmul ({@link DnnlMatmul}, faster than
     * OpenBLAS's sgemm on every shape measured here) rather than on OpenBLAS: when the backend allows oneDNN and the
     * product is not small, or always under {@code -Drnn4j.backend=dnnl}. The size is asked first, so that a small
     * prediction never loads oneDNN's library (400 ms).
     */
    private static boolean runsOnOneDnn(long multiplyAdds) {
        return (multiplyAdds >= ONEDNN_PRODUCT_MIN || OneDnn.forced()) && OneDnn.enabled();
    }

    /** Multiply-adds from which a product runs on oneDNN under the default backend (see {@link #runsOnOneDnn}). */
    static final long ONEDNN_PRODUCT_MIN = 1L << 20;

    /** {@code y += alpha·x}, element by element over tensors of the same size. */
    public static void axpy(float alpha, Tensor x, Tensor y) {
        if (x.size() != y.size()) {
            throw new ShapeException("axpy: " + x.shapeString() + " added to " + y.shapeString());
        }
        useOneOpenBlasThread();
        cblas_saxpy(x.size(), alpha, x.buffer(), 1, y.bufferForWriting(), 1);
    }

    /** {@code out = aᵀ}: a (r, c) row-major, out (c, r). */
    public static void transpose(Tensor a, Tensor out) {
        int rows = a.dim(0);
        int cols = a.size() / Math.max(rows, 1);
        if (out.dim(0) != cols || out.size() != a.size()) {
            throw new ShapeException("transpose: " + a.shapeString() + " into " + out.shapeString());
        }
        if (a.size() > 0) {
            useOneOpenBlasThread();
            openblas_full.cblas_somatcopy(CblasRowMajor, CblasTrans, rows, cols, 1f, a.buffer(), cols, out.bufferForWriting(), rows);
        }
    }

    /**
     * The two working buffers of {@link #gemmAsTranspose} on one thread, direct so that OpenBLAS writes them in
     * place, grown as needed and reused (a fresh direct buffer per product would pay its first touch every step).
     * Private to this class: nothing else shares them.
     */
    private static final class TransposeScratch {
        private static final ThreadLocal<TransposeScratch> PER_THREAD = ThreadLocal.withInitial(TransposeScratch::new);
        private FloatBuffer transposed;
        private FloatBuffer product;

        static TransposeScratch get() {
            return PER_THREAD.get();
        }

        /** Room for Cᵀ, at least {@code size} floats. */
        FloatBuffer transposed(int size) {
            transposed = grown(transposed, size);
            return transposed;
        }

        /** Room for the product before it is added into C, at least {@code size} floats. */
        FloatBuffer product(int size) {
            product = grown(product, size);
            return product;
        }

        private static FloatBuffer grown(FloatBuffer buffer, int size) {
            if (buffer != null && buffer.capacity() >= size) {
                return buffer;
            }
            int capacity = Math.max(size, buffer == null ? 0 : buffer.capacity() + buffer.capacity() / 2);
            return ByteBuffer.allocateDirect(Math.multiplyExact(capacity, Float.BYTES))
                    .order(ByteOrder.nativeOrder()).asFloatBuffer();
        }
    }

    private static void scale(Tensor c, float beta) {
        for (int i = 0, size = c.size(); i < size; i++) {
            c.set(i, beta == 0f ? 0f : beta * c.get(i));
        }
    }

    /**
     * Products with fewer multiply-adds than this run on one thread whatever {@link Parallel#setThreads} says: the
     * per-step products of a recurrent layer (B·G·H·H, e.g. 64·1024·256 = 17 M) ran up to 8× slower on two
     * threads than on one on a busy two-core machine, while the all-steps products gain from them.
     */
    static final long THREADED_PRODUCT_MIN = 1L << 27;
    /** Rows of C below which a block of a split product is not worth a thread. */
    private static final int MIN_ROWS_PER_PART = 64;
    private static volatile boolean openBlasSingleThreaded;

    private static void useOneOpenBlasThread() {
        if (!openBlasSingleThreaded) {
            synchronized (Blas.class) {
                openblas_nolapack.blas_set_num_threads(1);
                openBlasSingleThreaded = true;
            }
        }
    }

    /** Loads OpenBLAS's native library now (it is otherwise loaded by the first product): for warming up. */
    public static void load() {
        // Not openblas_full (somatcopy, the core name): 24 MB more to load, 150-200 ms of start-up that a small
        // prediction never needs; the first transposed product loads it.
        Loader.load(org.bytedeco.openblas.global.openblas_nolapack.class);
    }

    /** The CPU kernel OpenBLAS chose (e.g. "Haswell", "SkylakeX"): it decides how fast products run. */
    public static String coreName() {
        return openblas_full.openblas_get_corename().getString();
    }
}
