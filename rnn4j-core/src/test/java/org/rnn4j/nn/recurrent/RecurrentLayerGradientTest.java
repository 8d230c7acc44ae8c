package org.rnn4j.nn.recurrent;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.rnn4j.nn.Parameter;
import org.rnn4j.tensor.SequenceMask;
import org.rnn4j.tensor.Tensor;
import org.rnn4j.testing.Probe;
import org.rnn4j.testing.Tensors;

/**
 * Backpropagation through time agrees with finite differences of the loss, for every cell, stacked and
 * bidirectional, with and without padding: for the input, the initial states and every parameter.
 */
class RecurrentLayerGradientTest {
    private static final float STEP = 1e-2f;

    static Stream<Arguments> configurations() {
        List<Arguments> all = new ArrayList<>();
        for (CellType cell : CellType.values()) {
            for (int layers : new int[] {1, 2}) {
                for (boolean bi : new boolean[] {false, true}) {
                    for (boolean padded : new boolean[] {false, true}) {
                        all.add(Arguments.of(cell, layers, bi, padded));
                    }
                }
            }
        }
        return all.stream();
    }

    @ParameterizedTest(name = "{0} layers={1} bidirectional={2} padded={3}")
    @MethodSource("configurations")
    void analyticGradientsMatchCentralDifferences(CellType cell, int layers, boolean bidirectional, boolean padded) {
        SplittableRandom rng = new SplittableRandom(7);
        int batch = 3;
        int steps = 4;
        RecurrentLayer layer = new RecurrentLayer(
                new RecurrentConfig(cell, 3, 5, layers, bidirectional, 0f), new SplittableRandom(11));
        Tensor x = Tensors.uniform(rng, -1, 1, batch, steps, 3);
        List<RecurrentState> initial = Tensors.randomStates(rng, layer.stateCount(), cell.stateTensors(), batch, 5);
        SequenceMask mask = padded ? SequenceMask.fromLengths(new int[] {4, 2, 0}, steps) : null;

        SequenceLayer.Trace trace = layer.forward(x, mask, initial);
        Probe probe = new Probe(trace.output(), 3);
        SequenceGradients grads = layer.backward(trace, probe.sequenceWeights, probe.stateWeights);

        List<Tensor> values = new ArrayList<>();
        List<Tensor> analytic = new ArrayList<>();
        values.add(x);
        analytic.add(grads.input());
        for (int i = 0; i < initial.size(); i++) {
            values.addAll(initial.get(i).tensors());
            analytic.addAll(grads.initialStates().get(i).tensors());
        }
        for (Parameter p : layer.parameters()) {
            values.add(p.value());
            analytic.add(p.grad());
        }
        double center = probe.loss(layer, x, mask, initial);
        int checked = 0;
        for (int v = 0; v < values.size(); v++) {
            Tensor value = values.get(v);
            for (int sample = 0; sample < 6; sample++) {
                int i = rng.nextInt(value.size());
                float original = value.get(i);
                value.set(i, original + STEP);
                double plus = probe.loss(layer, x, mask, initial);
                value.set(i, original - STEP);
                double minus = probe.loss(layer, x, mask, initial);
                value.set(i, original);
                double numeric = (plus - minus) / (2 * STEP);
                double exact = analytic.get(v).get(i);
                if (cell == CellType.RNN_RELU && nearKink(plus, center, minus, numeric)) {
                    continue; // a finite difference across relu's kink measures nothing
                }
                checked++;
                assertThat(exact).as("tensor %d element %d", v, i)
                        .isCloseTo(numeric, org.assertj.core.data.Offset.offset(2e-2 * Math.max(1, Math.abs(numeric))));
            }
        }
        assertThat(checked).as("coordinates checked").isGreaterThan(values.size() * 6 / 2);
    }

    /** One-sided differences that disagree far beyond smooth curvature: a relu switched inside the step. */
    private static boolean nearKink(double plus, double center, double minus, double numeric) {
        double right = (plus - center) / STEP;
        double left = (center - minus) / STEP;
        return Math.abs(right - left) > 0.005 * Math.max(1, Math.abs(numeric));
    }
}
