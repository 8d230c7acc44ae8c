package org.rnn4j.nn.recurrent;

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
import org.rnn4j.testing.CellVariant;
import org.rnn4j.testing.GradientCheck;
import org.rnn4j.testing.Probe;
import org.rnn4j.testing.Tensors;

/**
 * Backpropagation through time agrees with finite differences of the loss, for every cell, stacked and
 * bidirectional, with and without padding: for the input, the initial states and every parameter (also the LSTM
 * with projection, whose h is P wide and whose weight_hr has a gradient).
 */
class RecurrentLayerGradientTest {
    private static final float STEP = 1e-2f;

    static Stream<Arguments> configurations() {
        List<Arguments> all = new ArrayList<>();
        for (CellVariant cell : CellVariant.all().toList()) {
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
    void analyticGradientsMatchCentralDifferences(CellVariant cell, int layers, boolean bidirectional, boolean padded) {
        SplittableRandom rng = new SplittableRandom(7);
        int batch = 3;
        int steps = 4;
        RecurrentLayer layer = new RecurrentLayer(cell.config(3, 5, layers, bidirectional), new SplittableRandom(11));
        Tensor x = Tensors.uniform(rng, -1, 1, batch, steps, 3);
        List<RecurrentState> initial = CellVariant.randomStates(rng, layer, batch);
        SequenceMask mask = padded ? SequenceMask.fromLengths(new int[] {4, 2, 0}, steps) : null;

        SequenceLayer.Trace trace = layer.forward(x, mask, initial);
        Probe probe = new Probe(trace.output(), 3);
        SequenceGradients grads = layer.backward(trace, probe.sequenceWeights, probe.stateWeights);

        List<GradientCheck.Target> targets = new ArrayList<>();
        targets.add(GradientCheck.target("input", x, grads.input()));
        for (int i = 0; i < initial.size(); i++) {
            List<Tensor> values = initial.get(i).tensors();
            List<Tensor> analytic = grads.initialStates().get(i).tensors();
            for (int k = 0; k < values.size(); k++) {
                targets.add(GradientCheck.target("initial[" + i + "][" + k + "]", values.get(k), analytic.get(k)));
            }
        }
        for (Parameter p : layer.parameters()) {
            targets.add(GradientCheck.target(p.name(), p.value(), p.grad()));
        }
        GradientCheck check = GradientCheck.of(() -> probe.loss(layer, x, mask, initial))
                .step(STEP).tolerance(2e-2).sampled(6, rng);
        // a finite difference across relu's kink measures nothing; more than half of the samples must still count
        (cell.cell() == CellType.RNN_RELU ? check.skipKinks(0.005) : check).check(targets);
    }
}
