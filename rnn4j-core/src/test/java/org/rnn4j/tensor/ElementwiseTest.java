package org.rnn4j.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ElementwiseTest {

    @Test
    void aKernelSeesEveryElementOnceAcrossChunksAndItsWritesLand() {
        int n = 2 * Elementwise.CHUNK + 17;
        Tensor a = Tensor.zeros(n);
        Tensor b = Tensor.zeros(n);
        for (int i = 0; i < n; i++) {
            a.set(i, i);
        }
        Elementwise.forEachChunk((x, count) -> {
            assertThat(x[1]).isNull();
            for (int i = 0; i < count; i++) {
                x[2][i] = 2 * x[0][i] + 1;                                      // b = 2a + 1
            }
        }, a, null, b);
        for (int i = 0; i < n; i++) {
            assertThat(b.get(i)).isEqualTo(2f * i + 1);
            assertThat(a.get(i)).isEqualTo(i);
        }
    }

    @Test
    void tensorsOfDifferentSizesAreRefused() {
        assertThatThrownBy(() -> Elementwise.forEachChunk((x, count) -> { }, Tensor.zeros(3), Tensor.zeros(4)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
