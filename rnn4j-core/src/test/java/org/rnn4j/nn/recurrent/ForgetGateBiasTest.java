package org.rnn4j.nn.recurrent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.rnn4j.nn.Parameter;

class ForgetGateBiasTest {

    @Test
    void theForgetBlockOfTheTwoBiasesSumsToTheValueInEveryLayerAndDirection() {
        RecurrentLayer lstm = new RecurrentLayer(RecurrentConfig.of(CellType.LSTM, 3, 4).withLayers(2)
                .withBidirectional(true), new SplittableRandom(1));
        float before = lstm.parameters().stream().filter(p -> p.name().equals("bias_ih_l0")).findFirst()
                .orElseThrow().value().get(0);
        lstm.initForgetGateBias(1f);
        for (Parameter p : lstm.parameters()) {
            if (p.name().startsWith("bias_ih_")) {
                for (int j = 4; j < 8; j++) {
                    assertThat(p.value().get(j)).as(p.name() + "[" + j + "]").isEqualTo(1f);
                }
            } else if (p.name().startsWith("bias_hh_")) {
                for (int j = 4; j < 8; j++) {
                    assertThat(p.value().get(j)).as(p.name() + "[" + j + "]").isZero();
                }
            }
        }
        assertThat(lstm.parameters().get(2).value().get(0)).as("input gate untouched").isEqualTo(before);
    }

    @Test
    void otherCellsHaveNoForgetGate() {
        assertThatThrownBy(() -> RecurrentLayer.gru(3, 4, new SplittableRandom(1)).initForgetGateBias(1f))
                .hasMessageContaining("applies to an LSTM");
    }
}
