package org.rnn4j.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Orthogonal draws: orthonormal columns (or rows), reproducible from the seed, different between seeds. */
class OrthogonalMatrixTest {
    /** (AᵀA)_jk for a rows × cols row-major A when byColumns, else (AAᵀ)_jk. */
    private static double gram(float[] a, int rows, int cols, int j, int k, boolean byColumns) {
        double sum = 0;
        int n = byColumns ? rows : cols;
        for (int i = 0; i < n; i++) {
            sum += byColumns ? (double) a[i * cols + j] * a[i * cols + k] : (double) a[j * cols + i] * a[k * cols + i];
        }
        return sum;
    }

    private static void assertOrthonormal(float[] a, int rows, int cols, boolean byColumns) {
        int n = byColumns ? cols : rows;
        for (int j = 0; j < n; j++) {
            for (int k = 0; k < n; k++) {
                assertThat(gram(a, rows, cols, j, k, byColumns)).as("(%d, %d)", j, k)
                        .isCloseTo(j == k ? 1 : 0, within(1e-5));
            }
        }
    }

    @Test
    void aSquareDrawIsOrthogonal() {
        float[] q = OrthogonalMatrix.draw(16, 16, new SplittableRandom(1));
        assertOrthonormal(q, 16, 16, true);
        assertOrthonormal(q, 16, 16, false);
    }

    @Test
    void aTallDrawHasOrthonormalColumnsAndAWideOneOrthonormalRows() {
        assertOrthonormal(OrthogonalMatrix.draw(12, 5, new SplittableRandom(2)), 12, 5, true);
        assertOrthonormal(OrthogonalMatrix.draw(5, 12, new SplittableRandom(2)), 5, 12, false);
    }

    @Test
    void theSeedDecidesTheDraw() {
        assertThat(OrthogonalMatrix.draw(8, 8, new SplittableRandom(3)))
                .containsExactly(OrthogonalMatrix.draw(8, 8, new SplittableRandom(3)));
        assertThat(OrthogonalMatrix.draw(8, 8, new SplittableRandom(3)))
                .isNotEqualTo(OrthogonalMatrix.draw(8, 8, new SplittableRandom(4)));
    }

    @Test
    void anEmptySideIsRefused() {
        assertThatThrownBy(() -> OrthogonalMatrix.draw(0, 3, new SplittableRandom(1)))
                .hasMessage("an orthogonal matrix needs positive sides, got 0 x 3");
    }
}
