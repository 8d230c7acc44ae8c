package org.rnn4j.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.rnn4j.loss.LossResult;
import org.rnn4j.loss.SoftmaxCrossEntropy;
import org.rnn4j.models.TokenSequenceModel;
import org.rnn4j.nn.Parameter;
import org.rnn4j.nn.recurrent.CellType;
import org.rnn4j.nn.recurrent.RecurrentConfig;
import org.rnn4j.tensor.SequenceMask;
import org.rnn4j.testing.CellVariant;

class TruncatedBpttTest {
    private static final int VOCAB = 7;
    private static final int BATCH = 3;
    private static final int T = 12;

    private static TokenSequenceModel model(CellType cell) {
        return model(new CellVariant(cell, 0));
    }

    private static TokenSequenceModel model(CellVariant cell) {
        return new TokenSequenceModel(VOCAB, cell.config(5, 6, 2, false), VOCAB, new SplittableRandom(11));
    }

    /** B rows of exactly T inputs (+1 target token). */
    private static int[] stream() {
        return new SplittableRandom(5).ints(BATCH * T + 1, 0, VOCAB).toArray();
    }

    private static float[][] gradients(TokenSequenceModel m) {
        return m.parameters().stream().map(p -> p.grad().toArray()).toArray(float[][]::new);
    }

    /** Full BPTT over each whole row, loss on the steps from {@code scoredFrom} on. */
    private static double fullBptt(TokenSequenceModel m, int[] tokens, int scoredFrom) {
        StreamWindows.Window all = new StreamWindows(tokens, BATCH, T, T).batch(0, 0);
        TokenSequenceModel.Trace trace = m.forward(all.inputs(), BATCH, T, null, null, null);
        int[] lengths = new int[BATCH];
        java.util.Arrays.fill(lengths, T - scoredFrom);
        LossResult loss = new SoftmaxCrossEntropy().compute(trace.logits(), all.targets(),
                scoredFrom == 0 ? null : SequenceMask.fromLengthsLeftPadded(lengths, T));
        m.backward(trace, loss.gradient());
        return loss.value();
    }

    @Test
    void windowsCutTheStreamIntoRowsAsCharRnnDoes() {
        int[] tokens = java.util.stream.IntStream.range(0, 31).toArray(); // rows of (31 - 1) / 3 = 10
        StreamWindows windows = new StreamWindows(tokens, 3, 4, 4);
        assertThat(windows.rowLength()).isEqualTo(10);
        assertThat(windows.batchesPerEpoch()).isEqualTo(3); // steps 0-3, 4-7, 8-9
        StreamWindows.Window second = windows.batch(0, 1);
        assertThat(second.inputs()).containsExactly(4, 5, 6, 7, 14, 15, 16, 17, 24, 25, 26, 27);
        assertThat(second.targets()).containsExactly(5, 6, 7, 8, 15, 16, 17, 18, 25, 26, 27, 28);
        assertThat(windows.batch(0, 2).steps()).isEqualTo(2);
    }

    @Test
    void aLongerBackwardWindowReachesBackIntoThePreviousWindowButScoresOnlyItsOwnSteps() {
        StreamWindows windows = new StreamWindows(java.util.stream.IntStream.range(0, 31).toArray(), 3, 4, 6);
        StreamWindows.Window second = windows.batch(0, 1);
        assertThat(second.steps()).isEqualTo(6); // steps 2-7
        assertThat(second.scoredFrom()).isEqualTo(2); // steps 4-7 are scored
        assertThat(second.inputs()).startsWith(2, 3, 4, 5, 6, 7, 12);
        assertThat(second.advance()).isEqualTo(4); // the next span starts at step 6
    }

    @Test
    void withBothWindowsAsLongAsTheSequenceTruncatedBpttIsFullBptt() {
        for (CellVariant cell : CellVariant.all().toList()) {
            TokenSequenceModel truncated = model(cell);
            TokenSequenceModel full = model(cell);
            double loss = new TruncatedBptt(truncated).train(new StreamWindows(stream(), BATCH, T, T).batch(0, 0),
                    null);
            double expected = fullBptt(full, stream(), 0);
            assertThat(loss).as(cell.toString()).isEqualTo(expected);
            assertThat(gradients(truncated)).as(cell.toString()).isDeepEqualTo(gradients(full));
        }
    }

    @Test
    void theCarriedStateMakesTwoHalfWindowsScoreExactlyAsOneRunDoes() {
        TokenSequenceModel m = model(CellType.LSTM);
        TruncatedBptt objective = new TruncatedBptt(m);
        StreamWindows halves = new StreamWindows(stream(), BATCH, T / 2, T / 2);
        objective.startEvaluation();
        double first = objective.evaluate(halves.batch(0, 0)).loss();
        double second = objective.evaluate(halves.batch(0, 1)).loss();

        StreamWindows.Window all = new StreamWindows(stream(), BATCH, T, T).batch(0, 0);
        TokenSequenceModel.Trace trace = m.infer(all.inputs(), BATCH, T, null, null);
        int[] half = new int[BATCH];
        java.util.Arrays.fill(half, T / 2);
        SoftmaxCrossEntropy ce = new SoftmaxCrossEntropy();
        assertThat(second).isCloseTo(ce.compute(trace.logits(), all.targets(),
                SequenceMask.fromLengthsLeftPadded(half, T)).value(), org.assertj.core.data.Offset.offset(1e-6));
        assertThat(first).isCloseTo(ce.compute(trace.logits(), all.targets(),
                SequenceMask.fromLengths(half, T)).value(), org.assertj.core.data.Offset.offset(1e-6));
    }

    @Test
    void theSecondWindowOfTbpttHalfFullHasTheGradientOfFullBpttOfItsOwnSteps() {
        TokenSequenceModel truncated = model(CellType.GRU);
        TokenSequenceModel full = model(CellType.GRU);
        TruncatedBptt objective = new TruncatedBptt(truncated);
        StreamWindows windows = new StreamWindows(stream(), BATCH, T / 2, T);
        objective.train(windows.batch(0, 0), null);
        truncated.parameters().forEach(Parameter::zeroGrad);
        double loss = objective.train(windows.batch(0, 1), null);

        assertThat(loss).isEqualTo(fullBptt(full, stream(), T / 2));
        assertThat(gradients(truncated)).isDeepEqualTo(gradients(full));
    }

    @Test
    void aWindowLongerThanTheRowsIsRefusedBeforeTraining() {
        assertThatThrownBy(() -> new StreamWindows(new int[101], 4, 50, 50))
                .hasMessage("the window (StreamWindows.forwardWindow 50) is longer than the 25 tokens each of the 4 batch"
                        + " rows gets from a text of 101 tokens: use a shorter window, a smaller StreamWindows.batch or"
                        + " more text");
        assertThatThrownBy(() -> new StreamWindows(new int[101], 4, 10, 5))
                .hasMessageStartingWith("StreamWindows.backwardWindow");
        assertThatThrownBy(() -> new StreamWindows(new int[1], 1, 1, 1)).hasMessageContaining("empty");
    }

    @Test
    void theCarriedStateSurvivesACheckpointRoundTrip() {
        TokenSequenceModel m = model(CellType.LSTM);
        TruncatedBptt objective = new TruncatedBptt(m);
        StreamWindows windows = new StreamWindows(stream(), BATCH, 4, 4);
        objective.train(windows.batch(0, 0), null);
        var saved = objective.carriedState();
        assertThat(saved).containsOnlyKeys("s0.h", "s0.c", "s1.h", "s1.c");
        TruncatedBptt other = new TruncatedBptt(m);
        other.restoreCarriedState(saved);
        m.parameters().forEach(Parameter::zeroGrad);
        double a = objective.train(windows.batch(0, 1), null);
        double b = other.train(windows.batch(0, 1), null);
        assertThat(b).isEqualTo(a);
        assertThatThrownBy(() -> other.restoreCarriedState(java.util.Map.of("s0.h", saved.get("s0.h"))))
                .hasMessageContaining("lacks 's0.c'");
    }

    @Test
    void allParametersAreTrained() {
        TokenSequenceModel m = model(CellType.RNN_TANH);
        new TruncatedBptt(m).train(new StreamWindows(stream(), BATCH, 4, 4).batch(0, 0), null);
        List<Parameter> params = m.parameters();
        assertThat(params.get(0).name()).isEqualTo("embedding.weight");
        assertThat(params).allSatisfy(p -> assertThat(org.rnn4j.testing.Tensors.maxAbs(p.grad())).as(p.name())
                .isGreaterThan(0));
    }
}
