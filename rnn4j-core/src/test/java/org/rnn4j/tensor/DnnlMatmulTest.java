package org.rnn4j.tensor;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.rnn4j.testing.Concurrently;
import org.rnn4j.testing.OneDnnBackend;

/**
 * Products on oneDNN's matmul (Blas.gemm when the backend allows it) give OpenBLAS's numbers: every transpose,
 * β 0, 1 and ½, B as stored and packed, a packed B that changed in place, many threads at once.
 */
@ExtendWith(OneDnnBackend.class)
class DnnlMatmulTest {
    private static final float TOLERANCE = 2e-5f;
    @ParameterizedTest
    @CsvSource({"3, 4, 6, false, false", "3, 4, 6, false, true", "3, 4, 6, true, false", "3, 4, 6, true, true",
            "32, 128, 64, false, true", "40, 24, 130, true, false",
            // from 1024 rows B is packed at every call
            "1100, 24, 40, false, true", "1100, 24, 40, true, false"})
    void givesOpenBlasNumbersForEveryTransposeAndBeta(int m, int n, int k, boolean transA, boolean transB) {
        SplittableRandom rng = new SplittableRandom(m * 31 + n * 7 + k);
        Tensor a = random(rng, transA ? k : m, transA ? m : k);
        Tensor b = random(rng, transB ? n : k, transB ? k : n);
        for (float beta : new float[] {0f, 1f, 0.5f}) {
            Tensor c = random(rng, m, n);
            Tensor onOpenBlas = c.copy();
            System.setProperty(OneDnn.BACKEND_PROPERTY, "java");
            Blas.gemm(transA, transB, 1f, a, b, beta, onOpenBlas);
            System.setProperty(OneDnn.BACKEND_PROPERTY, "dnnl");
            if (beta == 0f) {
                c.set(0, Float.NaN); // beta 0 must ignore C's contents
            }
            Blas.gemm(transA, transB, 1f, a, b, beta, c);
            assertClose(c, onOpenBlas, "beta " + beta);
        }
    }

    @Test
    void aWeightUsedAgainRunsPackedAndAChangeInPlaceIsSeen() {
        System.setProperty(OneDnn.BACKEND_PROPERTY, "dnnl");
        SplittableRandom rng = new SplittableRandom(5);
        Tensor x = random(rng, 32, 64);
        Tensor w = random(rng, 128, 64);                       // (out, in), as a Dense layer's weight
        Tensor first = Tensor.zeros(32, 128);
        Blas.gemm(false, true, 1f, x, w, 0f, first);           // as stored
        Tensor again = Tensor.zeros(32, 128);
        Blas.gemm(false, true, 1f, x, w, 0f, again);           // the same weight, unchanged: packed
        assertClose(again, first, "the second call, on the packed weight");

        w.set(7, w.get(7) + 1f);                               // an optimiser step, in place
        Tensor expected = Tensor.zeros(32, 128);
        System.setProperty(OneDnn.BACKEND_PROPERTY, "java");
        Blas.gemm(false, true, 1f, x, w, 0f, expected);
        System.setProperty(OneDnn.BACKEND_PROPERTY, "dnnl");
        for (int call = 0; call < 3; call++) {
            Tensor after = Tensor.zeros(32, 128);
            Blas.gemm(false, true, 1f, x, w, 0f, after);
            assertClose(after, expected, "call " + call + " after the weight changed");
        }
        assertThat(maxDifference(expected, first)).as("the change mattered").isGreaterThan(0.1);
    }

    @Test
    void aTallProductSeesItsPackedOperandChange() {
        System.setProperty(OneDnn.BACKEND_PROPERTY, "dnnl");
        SplittableRandom rng = new SplittableRandom(6);
        Tensor x = random(rng, 1500, 32);
        Tensor w = random(rng, 16, 32);
        Tensor before = Tensor.zeros(1500, 16);
        Blas.gemm(false, true, 1f, x, w, 0f, before);
        w.set(0, w.get(0) - 2f);
        Tensor after = Tensor.zeros(1500, 16);
        Blas.gemm(false, true, 1f, x, w, 0f, after);
        Tensor expected = Tensor.zeros(1500, 16);
        System.setProperty(OneDnn.BACKEND_PROPERTY, "java");
        Blas.gemm(false, true, 1f, x, w, 0f, expected);
        assertClose(after, expected, "after the change");
    }

    @Test
    void productsOnManyThreadsAtOnceGiveEachTheSameAnswer() throws Exception {
        System.setProperty(OneDnn.BACKEND_PROPERTY, "dnnl");
        SplittableRandom rng = new SplittableRandom(7);
        Tensor x = random(rng, 64, 96);
        Tensor w = random(rng, 256, 96);
        Tensor expected = Tensor.zeros(64, 256);
        Blas.gemm(false, true, 1f, x, w, 0f, expected);
        assertThat(Concurrently.failuresOf(4, () -> {
            for (int k = 0; k < 50; k++) {
                Tensor c = Tensor.zeros(64, 256);
                Blas.gemm(false, true, 1f, x, w, 0f, c);
                assertClose(c, expected, "on another thread");
            }
        })).isEmpty();
    }

    private static void assertClose(Tensor actual, Tensor expected, String what) {
        assertThat(maxDifference(actual, expected)).as(what).isLessThanOrEqualTo(TOLERANCE);
    }

    private static double maxDifference(Tensor a, Tensor b) {
        double max = 0;
        for (int i = 0; i < a.size(); i++) {
            max = Math.max(max, Math.abs(a.get(i) - b.get(i)));
        }
        return max;
    }

    private static Tensor random(SplittableRandom rng, int rows, int cols) {
        Tensor t = Tensor.zeros(rows, cols);
        for (int i = 0; i < t.size(); i++) {
            t.set(i, (float) rng.nextDouble(-1, 1));
        }
        return t;
    }
}
