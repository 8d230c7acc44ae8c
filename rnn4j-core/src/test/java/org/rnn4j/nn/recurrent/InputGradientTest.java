package org.rnn4j.nn.recurrent;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.rnn4j.nn.Parameter;
import org.rnn4j.tensor.SequenceMask;
import org.rnn4j.tensor.Tensor;
import org.rnn4j.testing.CellVariant;
import org.rnn4j.testing.Tensors;

/**
 * Backward without dLoss/dx (a first layer fed with data): no input gradient, and every other gradient exactly as
 * with it — through two stacked bidirectional layers, masks and initial states.
 */
class InputGradientTest {

    private record Gradients(Tensor dInput, List<Tensor> dInitial, List<Tensor> dParameters) {
    }

    private static Gradients backward(CellVariant cell, boolean inputGradient) {
        SplittableRandom rng = new SplittableRandom(11);
        int batch = 5;
        int steps = 6;
        int hidden = 4;
        RecurrentLayer layer = new RecurrentLayer(cell.config(3, hidden, 2, true),
                new SplittableRandom(12));
        Tensor x = Tensors.uniform(rng, -1, 1, batch, steps, 3);
        SequenceMask mask = SequenceMask.fromLengths(new int[] {6, 1, 3, 6, 2}, steps);
        List<RecurrentState> initial = CellVariant.randomStates(rng, layer, batch);
        SequenceLayer.Trace trace = layer.forward(x, mask, initial);
        Tensor dSequence = Tensors.uniform(rng, -1, 1, trace.output().sequence().shape());
        SequenceGradients g = layer.backward(trace, dSequence, null, inputGradient);
        List<Tensor> dInitial = new ArrayList<>();
        g.initialStates().forEach(s -> s.tensors().forEach(t -> dInitial.add(t.copy())));
        List<Tensor> dParameters = layer.parameters().stream().map(Parameter::grad).map(Tensor::copy).toList();
        return new Gradients(g.input(), dInitial, dParameters);
    }

    @ParameterizedTest
    @MethodSource("org.rnn4j.testing.CellVariant#all")
    void skippingTheInputGradientChangesNoOtherGradient(CellVariant cell) {
        Gradients with = backward(cell, true);
        Gradients without = backward(cell, false);
        assertThat(with.dInput()).isNotNull();
        assertThat(without.dInput()).as("dLoss/dx when not asked for").isNull();
        for (int i = 0; i < with.dParameters().size(); i++) {
            assertThat(without.dParameters().get(i).toArray()).as("parameter gradient %d", i)
                    .containsExactly(with.dParameters().get(i).toArray());
        }
        for (int i = 0; i < with.dInitial().size(); i++) {
            assertThat(without.dInitial().get(i).toArray()).as("initial state gradient %d", i)
                    .containsExactly(with.dInitial().get(i).toArray());
        }
    }
}
