package org.rnn4j.tensor;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.rnn4j.testing.Concurrently;
import org.rnn4j.testing.OneDnnBackend;
import org.rnn4j.testing.Tensors;

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
        Tensor a = Tensors.uniform(rng, -1, 1, transA ? k : m, transA ? m : k);
        Tensor b = Tensors.uniform(rng, -1, 1, transB ? n : k, transB ? k : n);
        for (float beta : new float[] {0f, 1f, 0.5f}) {
            Tensor c = Tensors.uniform(rng, -1, 1, m, n);
            Tensor onOpenBlas = onOpenBlas(transA, transB, a, b, beta, c.copy());
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
        Tensor x = Tensors.uniform(rng, -1, 1, 32, 64);
        Tensor w = Tensors.uniform(rng, -1, 1, 128, 64);                       // (out, in), as a Dense layer's weight
        Tensor first = Tensor.zeros(32, 128);
        Blas.gemm(false, true, 1f, x, w, 0f, first);           // as stored
        Tensor again = Tensor.zeros(32, 128);
        Blas.gemm(false, true, 1f, x, w, 0f, again);           // the same weight, unchanged: packed
        assertClose(again, first, "the second call, on the packed weight");

        w.set(7, w.get(7) + 1f);                               // an optimiser step, in place
        Tensor expected = onOpenBlas(false, true, x, w, 0f, Tensor.zeros(32, 128));
        for (int call = 0; call < 3; call++) {
            Tensor after = Tensor.zeros(32, 128);
            Blas.gemm(false, true, 1f, x, w, 0f, after);
            assertClose(after, expected, "call " + call + " after the weight changed");
        }
        assertThat(Tensors.maxAbsDiff(expected, first)).as("the change mattered").isGreaterThan(0.1);
    }

    @Test
    void aTallProductSeesItsPackedOperandChange() {
        System.setProperty(OneDnn.BACKEND_PROPERTY, "dnnl");
        SplittableRandom rng = new SplittableRandom(6);
        Tensor x = Tensors.uniform(rng, -1, 1, 1500, 32);
        Tensor w = Tensors.uniform(rng, -1, 1, 16, 32);
        Tensor before = Tensor.zeros(1500, 16);
        Blas.gemm(false, true, 1f, x, w, 0f, before);
        w.set(0, w.get(0) - 2f);
        Tensor after = Tensor.zeros(1500, 16);
        Blas.gemm(false, true, 1f, x, w, 0f, after);
        Tensor expected = onOpenBlas(false, true, x, w, 0f, Tensor.zeros(1500, 16));
        assertClose(after, expected, "after the change");
    }

    @Test
    void productsOnManyThreadsAtOnceGiveEachTheSameAnswer() throws Exception {
        System.setProperty(OneDnn.BACKEND_PROPERTY, "dnnl");
        SplittableRandom rng = new SplittableRandom(7);
        Tensor x = Tensors.uniform(rng, -1, 1, 64, 96);
        Tensor w = Tensors.uniform(rng, -1, 1, 256, 96);
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

    /** c = op(a)·op(b) + beta·c on OpenBLAS (as the Java backend runs it), then back to oneDNN for every product. */
    private static Tensor onOpenBlas(boolean transA, boolean transB, Tensor a, Tensor b, float beta, Tensor c) {
        System.setProperty(OneDnn.BACKEND_PROPERTY, "java");
        Blas.gemm(transA, transB, 1f, a, b, beta, c);
        System.setProperty(OneDnn.BACKEND_PROPERTY, "dnnl");
        return c;
    }

    private static void assertClose(Tensor actual, Tensor expected, String what) {
        assertThat(Tensors.maxAbsDiff(actual, expected)).as(what).isLessThanOrEqualTo(TOLERANCE);
    }
}
