package org.rnn4j.nn.recurrent;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.rnn4j.tensor.Parallel;
import org.rnn4j.tensor.SequenceMask;
import org.rnn4j.tensor.Tensor;
import org.rnn4j.testing.CellVariant;
import org.rnn4j.testing.Tensors;

/**
 * With two threads, a layer splits the batch into parts whose time loops run on separate cores. It must compute
 * what one thread computes: outputs, final states, and every gradient, with masks, reversed directions, initial
 * states and a gradient reaching the final state.
 */
class BatchPartsTest {
    private static final double SAME = 1e-5; // a product over fewer rows may sum in another order
    private static final int BATCH = 65;  // two parts of 32 and 33 rows
    private static final int HIDDEN = 256; // enough units for parts of 32 rows to be worth a thread

    @AfterEach
    void oneThreadAgain() {
        Parallel.setThreads(1);
    }

    private record Run(Tensor output, List<Tensor> finalStates, Tensor dInput, List<Tensor> dInitial,
                       List<Tensor> dParameters) {
    }

    private static Run run(CellVariant cell, int threads) {
        Parallel.setThreads(threads);
        SplittableRandom rng = new SplittableRandom(5);
        int batch = BATCH;
        RecurrentLayer layer = new RecurrentLayer(cell.config(3, HIDDEN, 2, true),
                new SplittableRandom(6));
        Tensor x = Tensors.uniform(rng, -1, 1, batch, 7, 3);
        int[] lengths = new int[batch];
        for (int b = 0; b < batch; b++) {
            lengths[b] = 1 + b % 7;
        }
        SequenceMask mask = SequenceMask.fromLengths(lengths, 7);
        List<RecurrentState> initial = CellVariant.randomStates(rng, layer, batch);
        SequenceLayer.Trace trace = layer.forward(x, mask, initial);
        RecurrentOutput out = trace.output();
        Tensor output = out.sequence().copy();
        List<Tensor> finals = new ArrayList<>();
        out.finalStates().forEach(s -> s.tensors().forEach(t -> finals.add(t.copy())));
        Tensor dSequence = Tensors.uniform(rng, -1, 1, output.shape());
        List<RecurrentState> dFinal = CellVariant.randomStates(rng, layer, batch);
        SequenceGradients g = layer.backward(trace, dSequence, dFinal);
        List<Tensor> dInitial = new ArrayList<>();
        g.initialStates().forEach(s -> s.tensors().forEach(t -> dInitial.add(t.copy())));
        List<Tensor> dParameters = layer.parameters().stream().map(p -> p.grad().copy()).toList();
        return new Run(output, finals, g.input().copy(), dInitial, dParameters);
    }

    @ParameterizedTest
    @MethodSource("org.rnn4j.testing.CellVariant#all")
    void twoThreadsComputeWhatOneThreadComputes(CellVariant cell) {
        Run one = run(cell, 1);
        Run two = run(cell, 2);
        Parallel.setThreads(2);
        assertThat(org.rnn4j.tensor.Parallel.partsForBatch(BATCH, HIDDEN)).isEqualTo(2); // the split happened
        assertThat(Tensors.maxAbsDiff(two.output(), one.output())).isLessThan(SAME);
        assertThat(Tensors.maxAbsDiff(two.dInput(), one.dInput())).isLessThan(SAME);
        for (int i = 0; i < one.finalStates().size(); i++) {
            assertThat(Tensors.maxAbsDiff(two.finalStates().get(i), one.finalStates().get(i))).isLessThan(SAME);
            assertThat(Tensors.maxAbsDiff(two.dInitial().get(i), one.dInitial().get(i))).isLessThan(SAME);
        }
        for (int i = 0; i < one.dParameters().size(); i++) {
            assertThat(Tensors.maxAbsDiff(two.dParameters().get(i), one.dParameters().get(i))).isLessThan(1e-5);
        }
        assertThat(Tensors.maxAbs(one.dInitial().get(0))).isGreaterThan(0); // the comparison is not vacuous
    }
}
