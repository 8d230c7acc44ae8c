package org.rnn4j.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.rnn4j.testing.Concurrently;

/** Blas.gemm against a plain triple loop, including the one-row (matrix-vector) path and every transpose. */
class BlasTest {

    @ParameterizedTest
    @CsvSource({"1, 7, 5, false, false", "1, 7, 5, false, true", "1, 7, 5, true, false", "1, 7, 5, true, true",
            "3, 4, 6, false, false", "3, 4, 6, false, true", "3, 4, 6, true, false", "3, 4, 6, true, true",
            "1, 1, 9, false, true",
            // short and wide with B stored transposed: computed as Cᵀ (see the next test); the last one is not
            "16, 256, 64, false, true", "16, 256, 64, true, true", "3, 9, 6, false, true"})
    void matchesTheDefinition(int m, int n, int k, boolean transA, boolean transB) {
        SplittableRandom rng = new SplittableRandom(m * 31 + n * 7 + k);
        Tensor a = random(rng, transA ? k : m, transA ? m : k);
        Tensor b = random(rng, transB ? n : k, transB ? k : n);
        for (float beta : new float[] {0f, 1f, 0.5f}) {
            Tensor c = random(rng, m, n);
            if (beta == 0f) {
                c.set(0, Float.NaN); // beta 0 must ignore C's contents
            }
            Tensor expected = Tensor.zeros(m, n);
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    double sum = 0;
                    for (int p = 0; p < k; p++) {
                        float av = transA ? a.get(p * m + i) : a.get(i * k + p);
                        float bv = transB ? b.get(j * k + p) : b.get(p * n + j);
                        sum += av * bv;
                    }
                    expected.set(i * n + j, (float) (0.75 * sum + (beta == 0f ? 0 : beta * c.get(i * n + j))));
                }
            }
            Blas.gemm(transA, transB, 0.75f, a, b, beta, c);
            for (int i = 0; i < m * n; i++) {
                assertThat(c.get(i)).as("element %d, beta %s", i, beta).isCloseTo(expected.get(i), within(1e-5f));
            }
        }
    }

    @Test
    void onlyShortWideProductsWithBStoredTransposedAreComputedAsTheirTranspose() {
        assertThat(Blas.computesTranspose(true, 16, 256, 64)).isTrue();
        assertThat(Blas.computesTranspose(true, 32, 1024, 256)).as("an LSTM step, B 32, H 256").isTrue();
        assertThat(Blas.computesTranspose(false, 32, 1024, 256)).as("B not transposed").isFalse();
        assertThat(Blas.computesTranspose(true, 1, 1024, 256)).as("one row is a matrix-vector product").isFalse();
        assertThat(Blas.computesTranspose(true, 64, 100, 1024)).as("not wide").isFalse();
        assertThat(Blas.computesTranspose(true, 3200, 10000, 64)).as("tall").isFalse();
        assertThat(Blas.computesTranspose(true, 3, 9, 6)).as("too small to gain").isFalse();
    }

    @Test
    void transposeSwapsRowsAndColumns() {
        Tensor a = random(new SplittableRandom(3), 5, 7);
        Tensor t = Tensor.zeros(7, 5);
        Blas.transpose(a, t);
        for (int i = 0; i < 5; i++) {
            for (int j = 0; j < 7; j++) {
                assertThat(t.get(j * 5 + i)).isEqualTo(a.get(i * 7 + j));
            }
        }
    }

    @Test
    void axpyAddsAScaledTensorAndRefusesAnotherSize() {
        Tensor y = Tensor.full(1f, 2, 3);
        Blas.axpy(-0.5f, Tensor.full(4f, 2, 3), y);
        assertThat(y.toArray()).containsOnly(-1f);
        assertThatThrownBy(() -> Blas.axpy(1f, Tensor.zeros(2, 3), Tensor.zeros(3, 3)))
                .isInstanceOf(ShapeException.class).hasMessageContaining("axpy").hasMessageContaining("(2, 3)");
    }

    @Test
    void transposeRefusesAnOutputOfTheWrongShape() {
        assertThatThrownBy(() -> Blas.transpose(Tensor.zeros(2, 3), Tensor.zeros(2, 3)))
                .isInstanceOf(ShapeException.class).hasMessageContaining("transpose");
    }

    private static Tensor random(SplittableRandom rng, int rows, int cols) {
        Tensor t = Tensor.zeros(rows, cols);
        for (int i = 0; i < t.size(); i++) {
            t.set(i, (float) rng.nextDouble(-1, 1));
        }
        return t;
    }

    @ParameterizedTest
    @CsvSource({"false, false", "false, true", "true, false", "true, true"})
    void aLargeProductSplitBetweenTwoThreadsIsTheSameProduct(boolean transA, boolean transB) {
        int m = 200;
        int n = 1024;
        int k = 700; // 143 M multiply-adds: above the threshold, so split in two row blocks
        assertThat((long) m * n * k).isGreaterThanOrEqualTo(Blas.THREADED_PRODUCT_MIN);
        SplittableRandom rng = new SplittableRandom(5);
        Tensor a = random(rng, transA ? k : m, transA ? m : k);
        Tensor b = random(rng, transB ? n : k, transB ? k : n);
        Tensor c1 = random(rng, m, n);
        Tensor c2 = c1.copy();
        Blas.gemm(transA, transB, 0.5f, a, b, 0.25f, c1);
        try {
            Parallel.setThreads(2);
            Blas.gemm(transA, transB, 0.5f, a, b, 0.25f, c2);
        } finally {
            Parallel.setThreads(1);
        }
        for (int i = 0; i < m * n; i += 97) {
            assertThat(c2.get(i)).as("element %d", i).isCloseTo(c1.get(i), within(1e-4f));
        }
        assertThat(c2.get(m * n - 1)).isCloseTo(c1.get(m * n - 1), within(1e-4f)); // the last row block too
    }

    @ParameterizedTest
    @CsvSource({"false, 0", "true, 0", "false, 1", "true, 1", "true, 0.5"})
    void aOneRowProductInTwoHalvesOnTwoThreadsIsTheSameProduct(boolean transB, float beta) {
        int n = 2000; // not a multiple of 32: the halves are 992 and 1008 entries
        int k = 300;
        assertThat((long) n * k).isGreaterThanOrEqualTo(Blas.PAIRED_PRODUCT_MIN);
        SplittableRandom rng = new SplittableRandom(9);
        Tensor a = random(rng, 1, k);
        Tensor b = random(rng, transB ? n : k, transB ? k : n);
        Tensor c1 = random(rng, 1, n);
        Tensor c2 = c1.copy();
        Blas.gemm(false, transB, 0.5f, a, b, beta, c1);
        try {
            Parallel.setThreads(2);
            for (int call = 0; call < 3; call++) { // the partner spinning, then woken from park
                Tensor c = c2.copy();
                Blas.gemm(false, transB, 0.5f, a, b, beta, c);
                for (int i = 0; i < n; i++) {
                    assertThat(c.get(i)).as("entry %d, call %d", i, call).isCloseTo(c1.get(i), within(1e-5f));
                }
                if (call == 1) {
                    Thread.sleep(5); // long enough for the partner to park
                }
            }
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        } finally {
            Parallel.setThreads(1);
        }
    }

    @Test
    void oneRowProductsFromManyThreadsAtOnceEachGetTheirOwnAnswer() throws Exception {
        // One partner for all: callers that find it busy compute both halves themselves.
        SplittableRandom rng = new SplittableRandom(10);
        Tensor b = random(rng, 1024, 256);
        Tensor[] a = new Tensor[4];
        Tensor[] expected = new Tensor[4];
        for (int t = 0; t < 4; t++) {
            a[t] = random(rng, 1, 256);
            expected[t] = Tensor.zeros(1, 1024);
            Blas.gemm(false, true, 1f, a[t], b, 0f, expected[t]);
        }
        AtomicInteger callers = new AtomicInteger();
        Parallel.setThreads(2);
        try {
            assertThat(Concurrently.failuresOf(4, () -> {
                int caller = callers.getAndIncrement();
                for (int call = 0; call < 200; call++) {
                    Tensor c = Tensor.zeros(1, 1024);
                    Blas.gemm(false, true, 1f, a[caller], b, 0f, c);
                    for (int i = 0; i < 1024; i++) {
                        assertThat(c.get(i)).isCloseTo(expected[caller].get(i), within(1e-5f));
                    }
                }
            })).isEmpty();
        } finally {
            Parallel.setThreads(1);
        }
    }
}
