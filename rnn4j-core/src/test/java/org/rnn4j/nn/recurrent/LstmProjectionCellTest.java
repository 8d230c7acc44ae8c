package org.rnn4j.nn.recurrent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.SplittableRandom;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.rnn4j.tensor.Tensor;
import org.rnn4j.testing.Tensors;

/**
 * The LSTM with projection (PyTorch's {@code nn.LSTM(proj_size=P)}) is an option of the LSTM: its equations stepped
 * by hand, PyTorch's parameter names, shapes and count, states h (B, P) and c (B, H), and the sizes it refuses.
 */
class LstmProjectionCellTest {
    @Test
    void theLayerIsTheProjectedLstmEquationsSteppedByHand() {
        int f = 3;
        int h = 5;
        int p = 2;
        int batch = 2;
        int steps = 6;
        RecurrentLayer layer = new RecurrentLayer(RecurrentConfig.of(CellType.LSTM, f, h).withProjSize(p),
                new SplittableRandom(41));
        var params = layer.parameters();
        Tensor wih = params.get(0).value(); // (4H, F): rows i, f, g, o
        Tensor whh = params.get(1).value(); // (4H, P)
        Tensor bih = params.get(2).value();
        Tensor bhh = params.get(3).value();
        Tensor whr = params.get(4).value(); // (P, H)
        Tensor x = Tensors.uniform(new SplittableRandom(42), -1, 1, batch, steps, f);
        RecurrentOutput out = layer.forward(x, null, null).output();
        assertThat(out.sequence().shape()).containsExactly(batch, steps, p);

        for (int b = 0; b < batch; b++) {
            double[] hs = new double[p];
            double[] cs = new double[h];
            for (int t = 0; t < steps; t++) {
                double[] xt = ByHand.step(x, b, t);
                double[] gate = new double[4 * h];
                for (int r = 0; r < 4 * h; r++) {
                    gate[r] = ByHand.affine(wih, r, xt) + bih.get(r) + ByHand.affine(whh, r, hs) + bhh.get(r);
                }
                double[] u = new double[h];
                for (int j = 0; j < h; j++) {
                    cs[j] = ByHand.sigmoid(gate[h + j]) * cs[j] + ByHand.sigmoid(gate[j]) * Math.tanh(gate[2 * h + j]);
                    u[j] = ByHand.sigmoid(gate[3 * h + j]) * Math.tanh(cs[j]);          // u = o ⊙ tanh(c')
                }
                for (int q = 0; q < p; q++) {
                    hs[q] = ByHand.affine(whr, q, u);                                    // h' = W_hr u
                    assertThat((double) out.sequence().at(b, t, q)).isCloseTo(hs[q], Offset.offset(1e-6));
                }
            }
            LstmState last = (LstmState) out.finalState();
            for (int q = 0; q < p; q++) {
                assertThat((double) last.h().at(b, q)).isCloseTo(hs[q], Offset.offset(1e-6));
            }
            for (int j = 0; j < h; j++) {
                assertThat((double) last.c().at(b, j)).isCloseTo(cs[j], Offset.offset(1e-6));
            }
        }
    }

    @Test
    void itHasPyTorchsParametersStatesAndSizes() {
        // torch.nn.LSTM(4, 6, num_layers=2, bidirectional=True, proj_size=3): 1032 parameters
        RecurrentConfig config = new RecurrentConfig(CellType.LSTM, 4, 6, 2, true, 0f, 3);
        RecurrentLayer layer = new RecurrentLayer(config, new SplittableRandom(1));
        assertThat(config.parameterCount()).isEqualTo(1032);
        assertThat(layer.parameters().stream().mapToLong(p -> p.size()).sum()).isEqualTo(1032);
        assertThat(layer.parameters().subList(0, 6)).extracting(p -> p.name() + " " + p.value().shapeString())
                .containsExactly("weight_ih_l0 (24, 4)", "weight_hh_l0 (24, 3)", "bias_ih_l0 (24,)", "bias_hh_l0 (24,)",
                        "weight_hr_l0 (3, 6)", "weight_ih_l0_reverse (24, 4)");
        assertThat(layer.parameters().get(10).name() + " " + layer.parameters().get(10).value().shapeString())
                .isEqualTo("weight_ih_l1 (24, 6)"); // layer 1 reads D·P = 6
        assertThat(layer.outputSize()).isEqualTo(6);
        assertThat(layer.describe()).isEqualTo("Lstm(input 4, hidden 6, proj 3, layers 2, bidirectional)");

        List<RecurrentState> zeros = layer.zeroStates(2);
        assertThat(zeros).hasSize(4);
        assertThat(zeros.get(0).tensors()).extracting(Tensor::shapeString).containsExactly("(2, 3)", "(2, 6)");
        RecurrentOutput out = layer.forward(Tensors.uniform(new SplittableRandom(2), -1, 1, 2, 4, 4), null, zeros)
                .output();
        assertThat(out.sequence().shapeString()).isEqualTo("(2, 4, 6)");
        assertThat(PyTorchStates.stack(out.finalStates(), 0).shapeString()).isEqualTo("(4, 2, 3)");
        assertThat(PyTorchStates.stack(out.finalStates(), 1).shapeString()).isEqualTo("(4, 2, 6)");
    }

    @Test
    void aWrongInitialStateWidthNamesTheExpectedShape() {
        RecurrentLayer layer = new RecurrentLayer(RecurrentConfig.of(CellType.LSTM, 3, 5).withProjSize(2),
                new SplittableRandom(3));
        Tensor x = Tensors.uniform(new SplittableRandom(4), -1, 1, 2, 3, 3);
        List<RecurrentState> hOfHiddenWidth = List.of(new LstmState(Tensor.zeros(2, 5), Tensor.zeros(2, 5)));

        assertThatThrownBy(() -> layer.forward(x, null, hOfHiddenWidth))
                .hasMessageContaining("initial state").hasMessageContaining("(2, 2)");
    }

    @Test
    void projSizeIsAnLstmOptionBelowTheHiddenSize() {
        assertThatThrownBy(() -> RecurrentConfig.of(CellType.GRU, 3, 5).withProjSize(2))
                .hasMessage("proj_size applies to an lstm, not to gru");
        assertThatThrownBy(() -> RecurrentConfig.of(CellType.LSTM, 3, 5).withProjSize(5))
                .hasMessage("proj_size must be 0 (none) or between 1 and hidden_size - 1 (4), got 5");
        assertThatThrownBy(() -> RecurrentConfig.of(CellType.LSTM, 3, 5).withProjSize(-1))
                .hasMessageContaining("got -1");
        assertThat(RecurrentConfig.of(CellType.LSTM, 3, 5).projSize()).isZero();
        assertThat(CellType.LSTM.newCell(3, 5, 0, "_l0", new SplittableRandom(1))).isInstanceOf(LstmCell.class);
        assertThat(CellType.LSTM.newCell(3, 5, 2, "_l0", new SplittableRandom(1)).type()).isEqualTo(CellType.LSTM);
    }
}
