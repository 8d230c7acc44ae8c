package org.rnn4j.nn.recurrent;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import java.util.function.DoubleUnaryOperator;
import org.assertj.core.data.Offset;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.rnn4j.tensor.Tensor;
import org.rnn4j.testing.Tensors;

/** The layer equals h' = act(W_ih x + b_ih + W_hh h + b_hh) stepped by hand, in double precision, for tanh and relu. */
class SimpleRnnCellTest {

    @ParameterizedTest
    @EnumSource(value = CellType.class, names = {"RNN_TANH", "RNN_RELU"})
    void theLayerIsTheElmanEquationSteppedByHand(CellType cell) {
        int f = 3;
        int h = 4;
        int batch = 2;
        int steps = 6;
        RecurrentLayer layer = new RecurrentLayer(RecurrentConfig.of(cell, f, h), new SplittableRandom(41));
        DoubleUnaryOperator act = cell == CellType.RNN_TANH ? Math::tanh : v -> Math.max(v, 0);
        var p = layer.parameters();
        Tensor wih = p.get(0).value(); // (H, F)
        Tensor whh = p.get(1).value(); // (H, H)
        Tensor bih = p.get(2).value();
        Tensor bhh = p.get(3).value();
        Tensor x = Tensors.uniform(new SplittableRandom(42), -1, 1, batch, steps, f);
        RecurrentOutput out = layer.forward(x, null, null).output();

        for (int b = 0; b < batch; b++) {
            double[] hs = new double[h];
            for (int t = 0; t < steps; t++) {
                double[] xt = ByHand.step(x, b, t);
                double[] hNew = new double[h];
                for (int j = 0; j < h; j++) {
                    hNew[j] = act.applyAsDouble(ByHand.affine(wih, j, xt) + bih.get(j) + ByHand.affine(whh, j, hs) + bhh.get(j));
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
