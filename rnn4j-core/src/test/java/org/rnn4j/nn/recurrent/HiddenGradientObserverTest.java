package org.rnn4j.nn.recurrent;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.rnn4j.tensor.Tensor;
import org.rnn4j.testing.Tensors;

class HiddenGradientObserverTest {

    @Test
    void theObserverSeesEveryStepFromLastToFirstWithTheGradientOfTheLossOnlyAtTheEnd() {
        RecurrentCell cell = CellType.RNN_TANH.newCell(2, 3, "_l0", new SplittableRandom(1));
        Recurrent layer = new Recurrent(cell, false);
        Tensor x = Tensors.uniform(new SplittableRandom(2), -1, 1, 1, 5, 2);
        SequenceLayer.Trace trace = layer.forward(x, null, null);
        Tensor dFinal = Tensor.full(1f, 1, 3);
        List<Integer> times = new ArrayList<>();
        List<Double> norms = new ArrayList<>();
        layer.backward(trace, null, List.of(new HiddenState(dFinal)), (t, dh) -> {
            times.add(t);
            norms.add(Math.sqrt(Tensors.dot(dh, dh)));
        }, true);
        assertThat(times).containsExactly(4, 3, 2, 1, 0);
        assertThat(norms.get(0)).isCloseTo(Math.sqrt(3), org.assertj.core.data.Offset.offset(1e-6));
        assertThat(norms).allSatisfy(n -> assertThat(n).isPositive());
    }
}
