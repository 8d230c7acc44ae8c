package org.rnn4j.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class LayoutTest {

    private static Tensor counting(int... shape) {
        Tensor t = Tensor.zeros(shape);
        for (int i = 0; i < t.size(); i++) {
            t.set(i, i);
        }
        return t;
    }

    @Test
    void concatenateAndSplitOnTheLastAxisAreInverse() {
        Tensor a = counting(2, 3, 2);
        Tensor b = counting(2, 3, 1).scaleInPlace(-1);
        Tensor ab = Layout.concatLast(a, b);
        assertThat(ab.shape()).containsExactly(2, 3, 3);
        assertThat(ab.at(1, 2, 0)).isEqualTo(a.at(1, 2, 0));
        assertThat(ab.at(1, 2, 1)).isEqualTo(a.at(1, 2, 1));
        assertThat(ab.at(1, 2, 2)).isEqualTo(b.at(1, 2, 0));
        assertThat(Layout.splitLast(ab, 0, 2).toArray()).containsExactly(a.toArray());
        assertThat(Layout.splitLast(ab, 2, 1).toArray()).containsExactly(b.toArray());
        assertThatThrownBy(() -> Layout.splitLast(ab, 2, 2)).isInstanceOf(ShapeException.class);
    }

    @Test
    void putAndAddWriteOneBlockOfColumns() {
        Tensor dst = Tensor.zeros(2, 4);
        Layout.putLast(dst, 1, Tensor.of(new float[] {1, 2, 3, 4}, 2, 2));
        assertThat(dst.toArray()).containsExactly(0, 1, 2, 0, 0, 3, 4, 0);
        Layout.addLast(dst, 2, Tensor.of(new float[] {10, 20, 30, 40}, 2, 2));
        assertThat(dst.toArray()).containsExactly(0, 1, 12, 20, 0, 3, 34, 40);
    }

    @Test
    void gatherRowsCopiesRowsByIndexAndScatterAddSumsRepeatedRows() {
        Tensor table = counting(3, 2);
        Tensor rows = Layout.gatherRows(table, new int[] {2, 0, 2});
        assertThat(rows.shape()).containsExactly(3, 2);
        assertThat(rows.toArray()).containsExactly(4, 5, 0, 1, 4, 5);
        Tensor grad = Tensor.zeros(3, 2);
        Layout.scatterAddRows(grad, new int[] {2, 0, 2}, Tensor.of(new float[] {1, 1, 2, 2, 3, 3}, 3, 2));
        assertThat(grad.toArray()).containsExactly(2, 2, 0, 0, 4, 4);
    }

    @Test
    void stepsAndTheBatchTimeTransposeMoveWholeRows() {
        Tensor seq = counting(2, 3, 2);                                          // (B, T, X)
        Tensor step1 = Layout.step(seq, 1);
        assertThat(step1.toArray()).containsExactly(2, 3, 8, 9);
        Tensor other = Tensor.zeros(2, 3, 2);
        Layout.putStep(other, 1, step1);
        assertThat(Layout.step(other, 1).toArray()).containsExactly(step1.toArray());
        assertThat(other.at(0, 0, 0)).isZero();
        Tensor timeFirst = Layout.transposeBatchTime(seq);                       // (T, B, X)
        assertThat(timeFirst.shape()).containsExactly(3, 2, 2);
        for (int b = 0; b < 2; b++) {
            for (int t = 0; t < 3; t++) {
                for (int x = 0; x < 2; x++) {
                    assertThat(timeFirst.at(t, b, x)).isEqualTo(seq.at(b, t, x));
                }
            }
        }
        assertThat(Layout.transposeBatchTime(timeFirst).toArray()).containsExactly(seq.toArray());
    }

    @Test
    void elementwiseUpdatesInPlace() {
        Tensor t = Tensor.of(new float[] {1, -2, 3}, 3);
        t.addInPlace(Tensor.of(new float[] {1, 1, 1}, 3));
        assertThat(t.toArray()).containsExactly(2, -1, 4);
        assertThat(t.sumOfSquares()).isEqualTo(21.0);
        t.clampInPlace(-0.5f, 3f);
        assertThat(t.toArray()).containsExactly(2, -0.5f, 3);
        t.scaleInPlace(0.5);
        assertThat(t.toArray()).containsExactly(1, -0.25f, 1.5f);
    }
}
