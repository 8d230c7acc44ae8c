package org.rnn4j.nn.recurrent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.rnn4j.nn.Parameter;
import org.rnn4j.tensor.Tensor;

/** Starting the recurrent weights as IRNN or orthogonally, in every layer and direction, gate block by gate block. */
class RecurrentInitTest {
    private static Parameter named(RecurrentLayer layer, String name) {
        return layer.parameters().stream().filter(p -> p.name().equals(name)).findFirst().orElseThrow();
    }

    /** Row i of block {@code gate} of a (G·H, H) weight, dotted with row j of the same block. */
    private static double rowDot(Tensor w, int gate, int h, int i, int j) {
        double sum = 0;
        for (int k = 0; k < h; k++) {
            sum += (double) w.get((gate * h + i) * h + k) * w.get((gate * h + j) * h + k);
        }
        return sum;
    }

    @Test
    void identityMakesEveryRecurrentWeightTheIdentityAndEveryBiasZero() {
        RecurrentLayer irnn = new RecurrentLayer(RecurrentConfig.of(CellType.RNN_RELU, 3, 5).withLayers(2)
                .withBidirectional(true), new SplittableRandom(1));
        float inputWeight = named(irnn, "weight_ih_l0").value().get(0);
        irnn.initRecurrentWeights(RecurrentInit.IDENTITY, new SplittableRandom(2));
        for (Parameter p : irnn.parameters()) {
            if (p.name().startsWith("weight_hh_")) {
                for (int i = 0; i < 5; i++) {
                    for (int j = 0; j < 5; j++) {
                        assertThat(p.value().get(i * 5 + j)).as(p.name()).isEqualTo(i == j ? 1f : 0f);
                    }
                }
            } else if (p.name().startsWith("bias_")) {
                assertThat(p.value().toArray()).as(p.name()).containsOnly(0f);
            }
        }
        assertThat(named(irnn, "weight_ih_l0").value().get(0)).as("input weights as drawn").isEqualTo(inputWeight);
    }

    @Test
    void orthogonalMakesEachGateBlockOrthogonalAndLeavesTheBiases() {
        RecurrentLayer lstm = new RecurrentLayer(RecurrentConfig.of(CellType.LSTM, 3, 6).withBidirectional(true),
                new SplittableRandom(1));
        float bias = named(lstm, "bias_hh_l0_reverse").value().get(7);
        lstm.initRecurrentWeights(RecurrentInit.ORTHOGONAL, new SplittableRandom(2));
        for (String name : new String[] {"weight_hh_l0", "weight_hh_l0_reverse"}) {
            Tensor w = named(lstm, name).value();
            for (int gate = 0; gate < 4; gate++) {
                for (int i = 0; i < 6; i++) {
                    for (int j = 0; j < 6; j++) {
                        assertThat(rowDot(w, gate, 6, i, j)).as("%s gate %d (%d, %d)", name, gate, i, j)
                                .isCloseTo(i == j ? 1 : 0, within(1e-5));
                    }
                }
            }
        }
        assertThat(named(lstm, "weight_hh_l0").value().toArray())
                .as("each direction its own draw").isNotEqualTo(named(lstm, "weight_hh_l0_reverse").value().toArray());
        assertThat(named(lstm, "bias_hh_l0_reverse").value().get(7)).isEqualTo(bias);
    }

    @Test
    void theDefaultLeavesTheLayerAsDrawn() {
        RecurrentLayer gru = RecurrentLayer.gru(3, 4, new SplittableRandom(1));
        float[] before = named(gru, "weight_hh_l0").value().toArray();
        gru.initRecurrentWeights(RecurrentInit.DEFAULT, new SplittableRandom(2));
        assertThat(named(gru, "weight_hh_l0").value().toArray()).containsExactly(before);
    }

    @Test
    void identityIsForTheSimpleRnnOnly() {
        assertThatThrownBy(() -> RecurrentLayer.gru(3, 4, new SplittableRandom(1))
                .initRecurrentWeights(RecurrentInit.IDENTITY, new SplittableRandom(2)))
                .hasMessageStartingWith("identity recurrent weights (IRNN) apply to a simple RNN, not to Gru(");
        assertThat(RecurrentInit.fromId("Orthogonal")).isEqualTo(RecurrentInit.ORTHOGONAL);
        assertThatThrownBy(() -> RecurrentInit.fromId("xavier")).hasMessageContaining("'xavier'");
    }
}
