package org.rnn4j.nn.recurrent;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.rnn4j.tensor.Tensor;
import org.rnn4j.testing.Tensors;

/**
 * The layer equals the reset-before GRU equations (Keras {@code reset_after=False}, ONNX {@code linear_before_reset=0})
 * stepped by hand, in double precision, from the same weights; and it is not PyTorch's GRU.
 */
class GruResetBeforeCellTest {

    @Test
    void theLayerIsTheResetBeforeEquationsSteppedByHand() {
        int f = 3;
        int h = 4;
        int batch = 2;
        int steps = 6;
        RecurrentLayer layer = new RecurrentLayer(RecurrentConfig.of(CellType.GRU_RESET_BEFORE, f, h),
                new SplittableRandom(31));
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
                double[] r = new double[h];
                double[] z = new double[h];
                double[] rh = new double[h];
                for (int j = 0; j < h; j++) {
                    r[j] = ByHand.sigmoid(ByHand.affine(wih, j, xt) + bih.get(j) + ByHand.affine(whh, j, hs) + bhh.get(j));
                    z[j] = ByHand.sigmoid(ByHand.affine(wih, h + j, xt) + bih.get(h + j) + ByHand.affine(whh, h + j, hs) + bhh.get(h + j));
                    rh[j] = r[j] * hs[j];
                }
                double[] hNew = new double[h];
                for (int j = 0; j < h; j++) {
                    int n0 = 2 * h + j;
                    double n = Math.tanh(ByHand.affine(wih, n0, xt) + bih.get(n0) + ByHand.affine(whh, n0, rh) + bhh.get(n0));
                    hNew[j] = (1 - z[j]) * n + z[j] * hs[j];           // h' = (1 − z) ⊙ n + z ⊙ h
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

    @Test
    void itHasGrusParametersButNotItsNumbers() {
        RecurrentConfig before = RecurrentConfig.of(CellType.GRU_RESET_BEFORE, 3, 4).withLayers(2).withBidirectional(true);
        RecurrentLayer resetBefore = new RecurrentLayer(before, new SplittableRandom(5));
        RecurrentLayer pytorch = new RecurrentLayer(RecurrentConfig.of(CellType.GRU, 3, 4).withLayers(2)
                .withBidirectional(true), new SplittableRandom(5));
        assertThat(resetBefore.parameters()).extracting(p -> p.name() + " " + p.value().shapeString())
                .containsExactlyElementsOf(pytorch.parameters().stream()
                        .map(p -> p.name() + " " + p.value().shapeString()).toList());
        assertThat(resetBefore.parameters().get(0).name()).isEqualTo("weight_ih_l0");
        assertThat(before.parameterCount()).isEqualTo(pytorch.config().parameterCount());
        assertThat(CellType.fromId("gru_reset_before")).isEqualTo(CellType.GRU_RESET_BEFORE);
        assertThat(resetBefore.describe()).isEqualTo("Gru(reset before, input 3, hidden 4, layers 2, bidirectional)");

        Tensor x = Tensors.uniform(new SplittableRandom(6), -1, 1, 2, 3, 3);
        for (int i = 0; i < pytorch.parameters().size(); i++) {
            pytorch.parameters().get(i).value().copyFrom(resetBefore.parameters().get(i).value());
        }
        assertThat(Tensors.maxAbsDiff(resetBefore.forward(x, null, null).output().sequence(),
                pytorch.forward(x, null, null).output().sequence())).as("r ⊙ h inside the product, not outside")
                .isGreaterThan(1e-4);
    }
}
