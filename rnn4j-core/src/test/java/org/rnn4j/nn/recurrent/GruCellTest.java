package org.rnn4j.nn.recurrent;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.rnn4j.tensor.Tensor;
import org.rnn4j.testing.Tensors;

/** The layer equals the textbook GRU equations (PyTorch's) stepped by hand, in double precision, from the same weights. */
class GruCellTest {

    @Test
    void theLayerIsTheGruEquationsSteppedByHand() {
        int f = 3;
        int h = 4;
        int batch = 2;
        int steps = 6;
        RecurrentLayer layer = RecurrentLayer.gru(f, h, new SplittableRandom(31));
        var p = layer.parameters();
        Tensor wih = p.get(0).value(); // (3H, F): rows r, z, n
        Tensor whh = p.get(1).value(); // (3H, H)
        Tensor bih = p.get(2).value();
        Tensor bhh = p.get(3).value();
        Tensor x = Tensors.uniform(new SplittableRandom(32), -1, 1, batch, steps, f);
        RecurrentOutput out = layer.forward(x, null, null).output();

        for (int b = 0; b < batch; b++) {
            double[] hs = new double[h];
            for (int t = 0; t < steps; t++) {
                double[] xt = ByHand.step(x, b, t);
                double[] hNew = new double[h];
                for (int j = 0; j < h; j++) {
                    int r0 = j;
                    int z0 = h + j;
                    int n0 = 2 * h + j;
                    double r = ByHand.sigmoid(ByHand.affine(wih, r0, xt) + bih.get(r0) + ByHand.affine(whh, r0, hs) + bhh.get(r0));
                    double z = ByHand.sigmoid(ByHand.affine(wih, z0, xt) + bih.get(z0) + ByHand.affine(whh, z0, hs) + bhh.get(z0));
                    double n = Math.tanh(ByHand.affine(wih, n0, xt) + bih.get(n0) + r * (ByHand.affine(whh, n0, hs) + bhh.get(n0)));
                    hNew[j] = (1 - z) * n + z * hs[j];                // h' = (1 − z) ⊙ n + z ⊙ h
                }
                hs = hNew;
                for (int j = 0; j < h; j++) {
                    assertThat((double) out.sequence().at(b, t, j)).isCloseTo(hs[j], Offset.offset(1e-6));
                }
            }
            for (int j = 0; j < h; j++) {
                assertThat((double) out.finalState().h().at(b, j)).isCloseTo(hs[j], Offset.offset(1e-6));
            }
        }
    }
}
