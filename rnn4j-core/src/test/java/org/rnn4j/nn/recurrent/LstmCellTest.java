package org.rnn4j.nn.recurrent;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.rnn4j.tensor.Tensor;
import org.rnn4j.testing.Tensors;

/** The layer equals the textbook equations stepped by hand, in double precision, from the same weights. */
class LstmCellTest {

    /** Σ_k W[row, k] · v[k] + b_ih[row] + b_hh[row] etc., straight from the parameter tensors. */

    @Test
    void theLayerIsTheLstmEquationsSteppedByHand() {
        int f = 3;
        int h = 4;
        RecurrentLayer layer = RecurrentLayer.lstm(f, h, new SplittableRandom(21));
        var p = layer.parameters();
        Tensor wih = p.get(0).value();
        Tensor whh = p.get(1).value();
        Tensor bih = p.get(2).value();
        Tensor bhh = p.get(3).value();
        Tensor x = Tensors.uniform(new SplittableRandom(22), -1, 1, 1, 6, f);
        RecurrentOutput out = layer.forward(x, null, null).output();

        double[] hs = new double[h];
        double[] cs = new double[h];
        for (int t = 0; t < 6; t++) {
            double[] xt = new double[f];
            for (int k = 0; k < f; k++) {
                xt[k] = x.get(t * f + k);
            }
            double[] hNew = new double[h];
            for (int j = 0; j < h; j++) {
                double[] pre = new double[4];
                for (int gate = 0; gate < 4; gate++) {
                    int row = gate * h + j;
                    pre[gate] = ByHand.affine(wih, row, xt) + bih.get(row) + ByHand.affine(whh, row, hs) + bhh.get(row);
                }
                double i = ByHand.sigmoid(pre[0]);
                double fg = ByHand.sigmoid(pre[1]);
                double g = Math.tanh(pre[2]);
                double o = ByHand.sigmoid(pre[3]);
                cs[j] = fg * cs[j] + i * g;
                hNew[j] = o * Math.tanh(cs[j]);
            }
            hs = hNew;
            for (int j = 0; j < h; j++) {
                assertThat((double) out.sequence().at(0, t, j)).isCloseTo(hs[j], org.assertj.core.data.Offset.offset(1e-6));
            }
        }
        for (int j = 0; j < h; j++) {
            assertThat((double) ((LstmState) out.finalState()).c().at(0, j)).isCloseTo(cs[j], org.assertj.core.data.Offset.offset(1e-6));
        }
    }
}
