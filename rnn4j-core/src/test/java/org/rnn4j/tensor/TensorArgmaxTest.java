package org.rnn4j.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TensorArgmaxTest {
    private final Tensor logits = Tensor.of(new float[] {0.1f, 3f, -1f, 3f, /* row 1 */ -2f, -5f, -1f, -9f}, 2, 4);

    @Test
    void givesThePositionInTheRowOfTheLargestValueAndTheFirstOnTies() {
        assertThat(logits.argmax(0, 4)).isEqualTo(1);
        assertThat(logits.argmax(4, 4)).isEqualTo(2);
        assertThat(logits.argmax(4, 2)).isZero();
    }

    @Test
    void anEmptyRangeHasNoArgmax() {
        assertThatThrownBy(() -> logits.argmax(0, 0)).hasMessage("argmax of no elements");
    }
}
