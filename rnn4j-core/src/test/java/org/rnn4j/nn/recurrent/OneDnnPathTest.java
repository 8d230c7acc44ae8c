package org.rnn4j.nn.recurrent;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.rnn4j.nn.Parameter;
import org.rnn4j.tensor.OneDnn;
import org.rnn4j.tensor.SequenceMask;
import org.rnn4j.tensor.Tensor;
import org.rnn4j.testing.Concurrently;
import org.rnn4j.testing.OneDnnBackend;
import org.rnn4j.testing.Tensors;

/**
 * The oneDNN path and the Java loop give the same numbers: outputs, final states, the input's, initial states'
 * and every parameter's gradients, for every cell, stacked and bidirectional, with initial states given, in
 * training and in inference. (The whole suite runs on each path too: see the surefire executions in the build.)
 */
@ExtendWith(OneDnnBackend.class)
class OneDnnPathTest {
    private static final double TOLERANCE = 2e-5;
    static Stream<Arguments> configurations() {
        List<Arguments> all = new ArrayList<>();
        for (CellType cell : CellType.values()) {
            all.add(Arguments.of(cell, 1, false));
            all.add(Arguments.of(cell, 2, true));
        }
        return all.stream();
    }

    /** One forward and backward on a backend: everything a user can see of them. */
    private record Run(Tensor output, List<Tensor> finalStates, Tensor dx, List<Tensor> dInitial,
                       List<Tensor> paramGrads) {
    }

    private static Run run(String backend, RecurrentLayer layer, Tensor x, SequenceMask mask,
                           List<RecurrentState> initial, Tensor dOut, List<RecurrentState> dFinal) {
        System.setProperty(OneDnn.BACKEND_PROPERTY, backend);
        layer.parameters().forEach(Parameter::zeroGrad);
        SequenceLayer.Trace trace = layer.forward(x, mask, initial);
        SequenceGradients g = layer.backward(trace, dOut, dFinal, null, true);
        return new Run(trace.output().sequence(), tensors(trace.output().finalStates()), g.input(),
                tensors(g.initialStates()), layer.parameters().stream().map(p -> p.grad().copy()).toList());
    }

    private static List<Tensor> tensors(List<RecurrentState> states) {
        return states.stream().flatMap(s -> s.tensors().stream()).toList();
    }

    @ParameterizedTest(name = "{0} layers={1} bidirectional={2}")
    @MethodSource("configurations")
    void trainingStepsAgreeWithTheJavaLoop(CellType cell, int layers, boolean bidirectional) {
        SplittableRandom rng = new SplittableRandom(3);
        int batch = 3;
        int steps = 5;
        RecurrentLayer layer = new RecurrentLayer(new RecurrentConfig(cell, 4, 6, layers, bidirectional, 0f),
                new SplittableRandom(9));
        Tensor x = Tensors.uniform(rng, -1, 1, batch, steps, 4);
        List<RecurrentState> initial = Tensors.randomStates(rng, layer.stateCount(), cell.stateTensors(), batch, 6);
        Tensor dOut = Tensors.uniform(rng, -1, 1, batch, steps, layer.outputSize());
        List<RecurrentState> dFinal = Tensors.randomStates(rng, layer.stateCount(), cell.stateTensors(), batch, 6);

        Run java = run("java", layer, x, null, initial, dOut, dFinal);
        Run dnnl = run("dnnl", layer, x, null, initial, dOut, dFinal);

        assertClose(dnnl.output(), java.output(), "output");
        assertAllClose(dnnl.finalStates(), java.finalStates(), "final state");
        assertClose(dnnl.dx(), java.dx(), "dx");
        assertAllClose(dnnl.dInitial(), java.dInitial(), "d initial state");
        assertAllClose(dnnl.paramGrads(), java.paramGrads(), "parameter gradient");
    }

    @ParameterizedTest(name = "{0} layers={1} bidirectional={2}")
    @MethodSource("configurations")
    void inferenceAgreesWithTheJavaLoop(CellType cell, int layers, boolean bidirectional) {
        SplittableRandom rng = new SplittableRandom(4);
        RecurrentLayer layer = new RecurrentLayer(new RecurrentConfig(cell, 4, 6, layers, bidirectional, 0f),
                new SplittableRandom(10));
        Tensor x = Tensors.uniform(rng, -1, 1, 2, 7, 4);
        List<RecurrentState> initial = Tensors.randomStates(rng, layer.stateCount(), cell.stateTensors(), 2, 6);

        RecurrentOutput java = on("java", () -> layer.infer(x, null, initial));
        RecurrentOutput dnnl = on("dnnl", () -> layer.infer(x, null, initial));

        assertClose(dnnl.sequence(), java.sequence(), "output");
        assertAllClose(tensors(dnnl.finalStates()), tensors(java.finalStates()), "final state");
    }

    /** The agreement above means something only if oneDNN ran: forced, every cell's call is a oneDNN call. */
    @ParameterizedTest(name = "{0}")
    @EnumSource(CellType.class)
    void forcedOnDnnlEveryCellRunsForwardAndBackwardOnOneDnn(CellType cell) {
        SplittableRandom rng = new SplittableRandom(8);
        Recurrent layer = new Recurrent(cell.newCell(3, 5, "_l0", new SplittableRandom(1)), true);
        Tensor xs = Tensors.uniform(rng, -1, 1, 4, 2, 3);                      // (T, B, F)

        SequenceLayer.Trace dnnl = on("dnnl", () -> layer.forwardTimeMajor(xs, null, null, null, true));
        assertThat(dnnl).as("the trace of a forced call").isInstanceOf(OneDnnTrace.class);
        SequenceGradients g = layer.backwardTimeMajor(dnnl, Tensors.uniform(rng, -1, 1, 4, 2, 5), null, null, true);
        assertThat(Tensors.maxAbsDiff(g.input(), Tensor.zeros(4, 2, 3))).as("dx from oneDNN's backward").isPositive();
        SequenceLayer.Trace java = on("java", () -> layer.forwardTimeMajor(xs, null, null, null, true));
        assertThat(java).isInstanceOf(Recurrent.LoopTrace.class);
        java.release();
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(CellType.class)
    void aWeightChangedInPlaceIsSeenByTheNextCall(CellType cell) {
        SplittableRandom rng = new SplittableRandom(5);
        RecurrentLayer layer = new RecurrentLayer(new RecurrentConfig(cell, 3, 4, 1, false, 0f), rng);
        Tensor x = Tensors.uniform(rng, -1, 1, 2, 3, 3);
        on("dnnl", () -> layer.infer(x, null, null));
        Parameter weight = layer.parameters().get(1);                  // W_hh
        weight.value().set(0, weight.value().get(0) + 0.5f);

        RecurrentOutput java = on("java", () -> layer.infer(x, null, null));
        RecurrentOutput dnnl = on("dnnl", () -> layer.infer(x, null, null));

        assertClose(dnnl.sequence(), java.sequence(), "output after the weight changed");
    }

    @Test
    void aMaskWithoutPaddingRunsOnOneDnnAndAPaddedOneOnTheJavaLoop() {
        Tensor x = Tensor.zeros(2, 4, 3);
        Recurrent layer = new Recurrent(CellType.GRU.newCell(3, 5, "_l0", new SplittableRandom(1)), false);
        Tensor xs = Tensor.zeros(4, 2, 3);
        System.setProperty(OneDnn.BACKEND_PROPERTY, "dnnl");

        assertThat(OneDnnPath.runs(layer.cell(), xs, SequenceMask.fromLengths(new int[] {4, 4}, 4))).isTrue();
        assertThat(OneDnnPath.runs(layer.cell(), xs, SequenceMask.fromLengths(new int[] {4, 2}, 4))).isFalse();
        assertThat(layer.forward(x, SequenceMask.fromLengths(new int[] {4, 2}, 4), null)
                .output().sequence().at(1, 3, 0)).as("a padded step's output").isZero();
    }

    @Test
    void onAutoAShortSingleSequenceSuchAsAStreamStepRunsOnTheJavaLoop() {
        System.setProperty(OneDnn.BACKEND_PROPERTY, "auto");
        Recurrent layer = new Recurrent(CellType.LSTM.newCell(64, 512, "_l0", new SplittableRandom(1)), false);
        int few = OneDnnPath.MIN_STEPS_AT_BATCH_ONE - 1;

        assertThat(OneDnnPath.runs(layer.cell(), Tensor.zeros(1, 1, 64), null)).as("one step of one sequence")
                .isFalse();
        assertThat(OneDnnPath.runs(layer.cell(), Tensor.zeros(few, 1, 64), null)).isFalse();
        assertThat(OneDnnPath.runs(layer.cell(), Tensor.zeros(few + 1, 1, 64), null)).isTrue();
        assertThat(OneDnnPath.runs(layer.cell(), Tensor.zeros(1, 2, 64), null)).as("one step of a batch").isTrue();
    }

    @Test
    void onAutoASmallCallRunsOnTheJavaLoopAndOnDnnlEveryCallRunsOnOneDnn() {
        Recurrent layer = new Recurrent(CellType.LSTM.newCell(16, 64, "_l0", new SplittableRandom(1)), false);
        Tensor smallBatch = Tensor.zeros(20, 2, 16);                   // 20·2·256·80 = 819 k multiply-adds
        Tensor largerBatch = Tensor.zeros(20, 8, 16);                  // 3.3 M

        System.setProperty(OneDnn.BACKEND_PROPERTY, "auto");
        assertThat(OneDnnPath.runs(layer.cell(), smallBatch, null)).isFalse();
        assertThat(OneDnnPath.runs(layer.cell(), largerBatch, null)).isTrue();
        System.setProperty(OneDnn.BACKEND_PROPERTY, "dnnl");
        assertThat(OneDnnPath.runs(layer.cell(), smallBatch, null)).isTrue();
        assertThat(OneDnnPath.runs(layer.cell(), Tensor.zeros(1, 1, 16), null)).isTrue();
    }

    /**
     * A server calls one layer from many request threads. oneDNN's own scratchpad is local to the thread that made
     * a primitive, so this crashed the JVM (SIGSEGV in libdnnl) until primitives ran on their caller's scratchpad.
     */
    @Test
    void oneLayerCalledFromManyThreadsGivesEachTheSameAnswer() throws Exception {
        System.setProperty(OneDnn.BACKEND_PROPERTY, "dnnl");
        RecurrentLayer layer = RecurrentLayer.lstm(32, 128, new SplittableRandom(3));
        Tensor x = Tensors.uniform(new SplittableRandom(4), -1, 1, 1, 30, 32);
        Tensor expected = layer.infer(x, null, null).sequence();          // primitives made on this thread
        assertThat(Concurrently.failuresOf(4, () -> {
            for (int k = 0; k < 40; k++) {
                assertClose(layer.infer(x, null, null).sequence(), expected, "output on another thread");
                SequenceLayer.Trace trace = layer.forward(x, null, null);   // training: backward too
                layer.backward(trace, Tensor.zeros(1, 30, 128), null, null, true);
            }
        })).isEmpty();
    }

    @Test
    void layersOfOtherShapesInBetweenLeaveACallsNumbersAlone() {
        // Every primitive of a thread runs on one shared scratchpad: a small layer's call in between, and a larger
        // one's that grows the scratchpad, must not change what the first computes.
        System.setProperty(OneDnn.BACKEND_PROPERTY, "dnnl");
        RecurrentLayer layer = RecurrentLayer.lstm(16, 64, new SplittableRandom(11));
        RecurrentLayer small = RecurrentLayer.gru(8, 16, new SplittableRandom(12));
        RecurrentLayer large = RecurrentLayer.lstm(32, 256, new SplittableRandom(13));
        Tensor x = Tensors.uniform(new SplittableRandom(14), -1, 1, 4, 30, 16);
        Tensor dOutput = Tensors.uniform(new SplittableRandom(17), -1, 1, 4, 30, 64);
        SequenceLayer.Trace first = layer.forward(x, null, null);
        Tensor expected = first.output().sequence().copy();
        SequenceGradients expectedGradients = layer.backward(first, dOutput, null, null, true);
        Tensor expectedDx = expectedGradients.input().copy();
        small.infer(Tensors.uniform(new SplittableRandom(15), -1, 1, 2, 5, 8), null, null);
        SequenceLayer.Trace big = large.forward(Tensors.uniform(new SplittableRandom(16), -1, 1, 8, 50, 32), null, null);
        large.backward(big, Tensors.uniform(new SplittableRandom(18), -1, 1, 8, 50, 256), null, null, true);
        SequenceLayer.Trace again = layer.forward(x, null, null);
        assertClose(again.output().sequence(), expected, "output after other layers ran");
        SequenceGradients gradients = layer.backward(again, dOutput, null, null, true);
        assertClose(gradients.input(), expectedDx, "input gradient after other layers ran");
    }

    @Test
    void theJavaBackendNeverRunsOneDnn() {
        System.setProperty(OneDnn.BACKEND_PROPERTY, "java");
        Recurrent layer = new Recurrent(CellType.LSTM.newCell(3, 5, "_l0", new SplittableRandom(1)), false);

        assertThat(OneDnnPath.runs(layer.cell(), Tensor.zeros(4, 2, 3), null)).isFalse();
    }

    private static <T> T on(String backend, Supplier<T> call) {
        System.setProperty(OneDnn.BACKEND_PROPERTY, backend);
        return call.get();
    }

    private static void assertClose(Tensor actual, Tensor expected, String what) {
        assertThat(actual.shape()).as(what + " shape").isEqualTo(expected.shape());
        assertThat(Tensors.relativeError(actual, expected)).as(what).isLessThan(TOLERANCE);
    }

    private static void assertAllClose(List<Tensor> actual, List<Tensor> expected, String what) {
        assertThat(actual).hasSameSizeAs(expected);
        for (int i = 0; i < actual.size(); i++) {
            assertClose(actual.get(i), expected.get(i), what + " " + i);
        }
    }
}
