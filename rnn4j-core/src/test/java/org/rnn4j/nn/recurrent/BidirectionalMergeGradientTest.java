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
import org.rnn4j.testing.GradientCheck;
import org.rnn4j.testing.Probe;
import org.rnn4j.testing.Tensors;

/**
 * A bidirectional layer's gradients agree with finite differences in every merge mode (Keras's concat, sum, mul,
 * ave), for every cell, with padding: the input, both directions' initial states and every parameter.
 */
class BidirectionalMergeGradientTest {

    static Stream<Arguments> configurations() {
        List<Arguments> all = new ArrayList<>();
        for (CellType cell : CellType.values()) {
            for (MergeMode mode : MergeMode.values()) {
                all.add(Arguments.of(cell, mode));
            }
        }
        return all.stream();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("configurations")
    void analyticGradientsMatchCentralDifferencesInEveryMergeMode(CellType cell, MergeMode mode) {
        SplittableRandom rng = new SplittableRandom(17);
        int batch = 3;
        int steps = 4;
        Bidirectional layer = new Bidirectional(new Recurrent(cell.newCell(3, 4, "_l0", new SplittableRandom(1)), false),
                new Recurrent(cell.newCell(3, 4, "_l0_reverse", new SplittableRandom(2)), true), mode);
        Tensor x = Tensors.uniform(rng, -1, 1, batch, steps, 3);
        List<RecurrentState> initial = Tensors.randomStates(rng, 2, cell.stateTensors(), batch, 4);
        SequenceMask mask = SequenceMask.fromLengths(new int[] {4, 2, 3}, steps);

        SequenceLayer.Trace trace = layer.forward(x, mask, initial);
        Probe probe = new Probe(trace.output(), 5);
        SequenceGradients grads = layer.backward(trace, probe.sequenceWeights, probe.stateWeights);

        List<GradientCheck.Target> targets = new ArrayList<>();
        targets.add(GradientCheck.target("input", x, grads.input()));
        for (int i = 0; i < initial.size(); i++) {
            for (int k = 0; k < cell.stateTensors(); k++) {
                targets.add(GradientCheck.target("initial[" + i + "][" + k + "]", initial.get(i).tensors().get(k),
                        grads.initialStates().get(i).tensors().get(k)));
            }
        }
        for (Parameter p : layer.parameters()) {
            targets.add(GradientCheck.target(p.name(), p.value(), p.grad()));
        }
        GradientCheck check = GradientCheck.of(() -> probe.loss(layer, x, mask, initial))
                .step(1e-2f).tolerance(2e-2).sampled(4, rng);
        (cell == CellType.RNN_RELU ? check.skipKinks(0.005) : check).check(targets);
    }
}
