package org.rnn4j.tensor;

import static org.bytedeco.openblas.global.openblas_full.LAPACKE_sgeqrf;
import static org.bytedeco.openblas.global.openblas_full.LAPACKE_sorgqr;
import static org.bytedeco.openblas.global.openblas_full.LAPACK_ROW_MAJOR;

import java.util.random.RandomGenerator;

/**
 * Random (semi-)orthogonal matrices, drawn as PyTorch's {@code nn.init.orthogonal_} draws them (Saxe et al. 2014):
 * the Q of a QR factorisation (LAPACK's {@code sgeqrf}, {@code sorgqr}) of a standard Gaussian matrix, each column of
 * Q multiplied by the sign of R's diagonal so that the draw is uniform over orthogonal matrices (Mezzadri 2007).
 * A rows × cols result has orthonormal columns when rows ≥ cols, orthonormal rows otherwise.
 */
public final class OrthogonalMatrix {
    private OrthogonalMatrix() {
    }

    /** A rows × cols matrix, row-major. */
    public static float[] draw(int rows, int cols, RandomGenerator rng) {
        if (rows < 1 || cols < 1) {
            throw new IllegalArgumentException("an orthogonal matrix needs positive sides, got " + rows + " x " + cols);
        }
        int m = Math.max(rows, cols);
        int n = Math.min(rows, cols);
        float[] a = new float[m * n];
        for (int i = 0; i < a.length; i++) {
            a[i] = (float) rng.nextGaussian();
        }
        float[] tau = new float[n];
        check(LAPACKE_sgeqrf(LAPACK_ROW_MAJOR, m, n, a, n, tau), "sgeqrf");
        float[] signs = new float[n];
        for (int j = 0; j < n; j++) {
            signs[j] = a[j * n + j] < 0 ? -1f : 1f; // R's diagonal, in the upper triangle sgeqrf leaves
        }
        check(LAPACKE_sorgqr(LAPACK_ROW_MAJOR, m, n, n, a, n, tau), "sorgqr");
        float[] q = new float[m * n]; // Q·diag(signs), m × n, then transposed when rows < cols
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                float value = a[i * n + j] * signs[j];
                if (rows >= cols) {
                    q[i * n + j] = value;
                } else {
                    q[j * m + i] = value;
                }
            }
        }
        return q;
    }

    private static void check(int info, String routine) {
        if (info != 0) {
            throw new IllegalStateException("LAPACK " + routine + " failed with info " + info);
        }
    }
}
