package org.rnn4j.nn.recurrent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.rnn4j.tensor.Tensor;
import org.rnn4j.testing.Tensors;

class StepActivationsTest {
    private static final int F = 3;
    private static final int H = 4;
    private static final int T = 6;

    private static Tensor input() {
        return Tensors.uniform(new SplittableRandom(7), -1, 1, 1, T, F);
    }

    /** Within float rounding: the tests also run the stack's own forward on oneDNN, whose sums round differently. */
    @Test
    void theRecordedOutputIsTheStacksOwnAndEachLayersHIsItsOutputSequence() {
        RecurrentLayer stack = new RecurrentLayer(RecurrentConfig.of(CellType.LSTM, F, H).withLayers(2),
                new SplittableRandom(3));
        Tensor x = input();
        StepActivations.Recorded recorded = StepActivations.record(stack, x, null);
        RecurrentOutput direct = stack.infer(x, null, null);

        assertThat(recorded.output().sequence().toArray()).containsExactly(direct.sequence().toArray(), within(1e-6f));
        assertThat(recorded.layers()).hasSize(2);
        assertThat(recorded.layers().get(1).states().get(0).toArray()).containsExactly(direct.sequence().toArray(), within(1e-6f));
        assertThat(recorded.layers().get(0).gates().shapeString()).isEqualTo("(" + T + ", " + 4 * H + ")");
        assertThat(recorded.layers().get(0).states()).hasSize(2); // h and c
        LstmState last = (LstmState) direct.finalStates().get(1);
        assertThat(recorded.layers().get(1).states().get(1).row(T - 1).toArray()).containsExactly(last.c().toArray(), within(1e-6f));
    }

    /** f_t = σ(W_if x_t + b_if + W_hf h_{t−1} + b_hf), from the recorded h of the step before. */
    @Test
    void anLstmsForgetGateIsItsEquationOnTheRecordedStates() {
        RecurrentLayer stack = RecurrentLayer.lstm(F, H, new SplittableRandom(4));
        Tensor x = input();
        StepActivations.Layer layer = StepActivations.record(stack, x, null).layers().get(0);
        List<org.rnn4j.nn.Parameter> p = stack.parameters(); // weight_ih, weight_hh, bias_ih, bias_hh
        for (int t = 0; t < T; t++) {
            double[] xt = row(x.reshape(T, F), t);
            double[] hPrev = t == 0 ? new double[H] : row(layer.states().get(0), t - 1);
            for (int j = 0; j < H; j++) {
                int r = H + j; // the forget block
                double f = ByHand.sigmoid(ByHand.affine(p.get(0).value(), r, xt) + p.get(2).value().get(r)
                        + ByHand.affine(p.get(1).value(), r, hPrev) + p.get(3).value().get(r));
                assertThat((double) layer.gates().get(t * 4 * H + r)).as("f[%d, %d]", t, j).isCloseTo(f, within(1e-5));
            }
        }
    }

    /** z_t = σ(W_iz x_t + b_iz + W_hz h_{t−1} + b_hz). */
    @Test
    void aGrusUpdateGateIsItsEquationOnTheRecordedStates() {
        RecurrentLayer stack = RecurrentLayer.gru(F, H, new SplittableRandom(5));
        Tensor x = input();
        StepActivations.Recorded recorded = StepActivations.record(stack, x, null);
        StepActivations.Layer layer = recorded.layers().get(0);
        assertThat(layer.states().get(0).toArray()).containsExactly(stack.infer(x, null, null).sequence().toArray(),
                within(1e-6f));
        List<org.rnn4j.nn.Parameter> p = stack.parameters();
        for (int t = 0; t < T; t++) {
            double[] xt = row(x.reshape(T, F), t);
            double[] hPrev = t == 0 ? new double[H] : row(layer.states().get(0), t - 1);
            for (int j = 0; j < H; j++) {
                int r = H + j; // the update block
                double z = ByHand.sigmoid(ByHand.affine(p.get(0).value(), r, xt) + p.get(2).value().get(r)
                        + ByHand.affine(p.get(1).value(), r, hPrev) + p.get(3).value().get(r));
                assertThat((double) layer.gates().get(t * 3 * H + r)).as("z[%d, %d]", t, j).isCloseTo(z, within(1e-5));
            }
        }
    }

    @Test
    void aBidirectionalStackOrABatchIsRefusedWithWhatIsWrong() {
        RecurrentLayer both = new RecurrentLayer(RecurrentConfig.of(CellType.GRU, F, H).withBidirectional(true),
                new SplittableRandom(1));
        assertThatThrownBy(() -> StepActivations.record(both, input(), null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("bidirectional");
        RecurrentLayer one = RecurrentLayer.gru(F, H, new SplittableRandom(1));
        assertThatThrownBy(() -> StepActivations.record(one, Tensor.zeros(2, T, F), null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("(1, T, 3)");
    }

    private static double[] row(Tensor rows, int t) {
        int width = rows.dim(1);
        double[] out = new double[width];
        for (int k = 0; k < width; k++) {
            out[k] = rows.get(t * width + k);
        }
        return out;
    }
}
