import static org.bytedeco.openblas.global.openblas_full.CblasNoTrans;
import static org.bytedeco.openblas.global.openblas_full.CblasRowMajor;
import static org.bytedeco.openblas.global.openblas_full.CblasTrans;
import static org.bytedeco.openblas.global.openblas_full.cblas_saxpy;
import static org.bytedeco.openblas.global.openblas_full.cblas_sgemm;
import static org.bytedeco.openblas.global.openblas_full.cblas_somatcopy;
import static org.bytedeco.openblas.global.openblas_full.openblas_set_num_threads;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import org.rnn4j.tensor.Blas;

/**
 * How fast OpenBLAS runs C (m, n) += op(A) op(B) as it is, and as its transpose Cᵀ = op(B)ᵀ op(A)ᵀ followed by a
 * transpose (somatcopy) and an add (saxpy): the measurement behind Blas.computesTranspose. Single-threaded.
 *
 *   java -cp rnn4j-cli/target/rnn4j.jar tools/bench/GemmOrientation.java 32,1024,256,n,t 32,256,1024,n,n
 *   env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE java -cp rnn4j-cli/target/rnn4j.jar tools/bench/GemmOrientation.java 1024,1024,1024,n,n
 *
 * Each argument is m,n,k,opA,opB with op n (as stored) or t (transposed). Prints the best of 5 rounds of each
 * form in µs, the GFLOP/s of the direct form, and direct/transposed (> 1: the transposed form is faster).
 */
public class GemmOrientation {
    public static void main(String[] args) {
        // OpenBLAS single-threaded, as rnn4j runs it: this calls OpenBLAS directly, so rnn4j's own setting
        // (Parallel.setThreads) would not reach it, and OpenBLAS's default is a thread per core.
        openblas_set_num_threads(1);
        for (String spec : args) {
            String[] s = spec.split(",");
            int m = Integer.parseInt(s[0]);
            int n = Integer.parseInt(s[1]);
            int k = Integer.parseInt(s[2]);
            boolean ta = s[3].equals("t");
            boolean tb = s[4].equals("t");
            FloatBuffer a = filled(m * k);
            FloatBuffer b = filled(k * n);
            FloatBuffer c = filled(m * n);
            FloatBuffer ct = filled(n * m);
            FloatBuffer product = filled(m * n);
            int lda = ta ? m : k;
            int ldb = tb ? k : n;
            int reps = (int) Math.max(100, 2e9 / (2.0 * m * n * k));
            double[] best = {Double.MAX_VALUE, Double.MAX_VALUE};
            for (int round = 0; round < 5; round++) {
                for (int form = 0; form < 2; form++) {
                    long t0 = System.nanoTime();
                    for (int r = 0; r < reps; r++) {
                        if (form == 0) {
                            cblas_sgemm(CblasRowMajor, ta ? CblasTrans : CblasNoTrans, tb ? CblasTrans : CblasNoTrans,
                                    m, n, k, 1f, a, lda, b, ldb, 1f, c, n);
                        } else {
                            cblas_sgemm(CblasRowMajor, tb ? CblasNoTrans : CblasTrans, ta ? CblasNoTrans : CblasTrans,
                                    n, m, k, 1f, b, ldb, a, lda, 0f, ct, m);
                            cblas_somatcopy(CblasRowMajor, CblasTrans, n, m, 1f, ct, m, product, n);
                            cblas_saxpy(m * n, 1f, product, 1, c, 1);
                        }
                    }
                    best[form] = Math.min(best[form], (System.nanoTime() - t0) / 1e3 / reps);
                }
            }
            System.out.printf("%s %s: direct %.1f us (%.1f GFLOP/s), transposed %.1f us, direct/transposed %.2f%n",
                    Blas.coreName(), spec, best[0], 2.0 * m * n * k / best[0] / 1e3, best[1], best[0] / best[1]);
        }
    }

    /** A direct buffer of {@code size} floats, as rnn4j's tensors are (their buffers are private to rnn4j). */
    private static FloatBuffer filled(int size) {
        FloatBuffer t = ByteBuffer.allocateDirect(size * Float.BYTES).order(ByteOrder.nativeOrder()).asFloatBuffer();
        for (int i = 0; i < size; i++) {
            t.put(i, (float) Math.sin(i));
        }
        return t;
    }
}
