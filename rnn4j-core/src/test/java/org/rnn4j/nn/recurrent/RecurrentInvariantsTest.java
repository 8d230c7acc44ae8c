package org.rnn4j.nn.recurrent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.rnn4j.nn.Parameter;
import org.rnn4j.tensor.SequenceMask;
import org.rnn4j.tensor.ShapeException;
import org.rnn4j.tensor.Tensor;
import org.rnn4j.testing.CellVariant;
import org.rnn4j.testing.Tensors;

/** The invariants every recurrent layer keeps, whatever the cell. */
class RecurrentInvariantsTest {
    private static final double EXACT = 1e-6;
    /** Gradients are sums over rows and steps, added in another order when the rows run alone. */
    private static final double GRADIENT = 1e-5;

    private static Tensor rows(Tensor x, int row, int fromStep, int toStep) {
        int steps = x.dim(1);
        int features = x.dim(2);
        Tensor out = Tensor.zeros(1, toStep - fromStep, features);
        for (int t = fromStep; t < toStep; t++) {
            for (int f = 0; f < features; f++) {
                out.set((t - fromStep) * features + f, x.get((row * steps + t) * features + f));
            }
        }
        return out;
    }

    private static Tensor reversedInTime(Tensor x) {
        int b = x.dim(0);
        int steps = x.dim(1);
        int f = x.dim(2);
        Tensor out = Tensor.zeros(x.shape());
        for (int r = 0; r < b; r++) {
            for (int t = 0; t < steps; t++) {
                for (int k = 0; k < f; k++) {
                    out.set((r * steps + t) * f + k, x.get((r * steps + steps - 1 - t) * f + k));
                }
            }
        }
        return out;
    }

    @ParameterizedTest
    @MethodSource("org.rnn4j.testing.CellVariant#all")
    void aPaddedAndMaskedRowComputesWhatTheUnpaddedRowComputes(CellVariant cell) {
        SplittableRandom rng = new SplittableRandom(1);
        RecurrentLayer layer = new RecurrentLayer(cell.config(3, 4, 2, true), new SplittableRandom(2));
        Tensor x = Tensors.uniform(rng, -1, 1, 3, 5, 3);
        int[] lengths = {5, 2, 3};
        RecurrentOutput padded = layer.forward(x, SequenceMask.fromLengths(lengths, 5), null).output();
        for (int row = 0; row < 3; row++) {
            RecurrentOutput alone = layer.forward(rows(x, row, 0, lengths[row]), null, null).output();
            int width = layer.outputSize();
            for (int t = 0; t < 5; t++) {
                for (int j = 0; j < width; j++) {
                    float got = padded.sequence().at(row, t, j);
                    float want = t < lengths[row] ? alone.sequence().at(0, t, j) : 0f;
                    assertThat((double) got).isCloseTo(want, org.assertj.core.data.Offset.offset(EXACT));
                }
            }
            for (int s = 0; s < layer.stateCount(); s++) {
                List<Tensor> a = padded.finalStates().get(s).tensors();
                List<Tensor> b = alone.finalStates().get(s).tensors();
                for (int k = 0; k < a.size(); k++) {
                    assertThat(Tensors.maxAbsDiff(a.get(k).row(row), b.get(k).row(0))).isLessThan(EXACT);
                }
            }
        }
    }

    /** Row {@code row} of every tensor of every state, as states of a batch of one. */
    private static List<RecurrentState> rowOf(List<RecurrentState> states, int row) {
        return states.stream()
                .map(s -> RecurrentState.of(s.tensors().stream().map(t -> t.slice(row, row + 1).copy()).toList()))
                .toList();
    }

    @ParameterizedTest
    @MethodSource("org.rnn4j.testing.CellVariant#all")
    void aPaddedAndMaskedRowGetsTheGradientsTheUnpaddedRowGets(CellVariant cell) {
        SplittableRandom rng = new SplittableRandom(13);
        RecurrentLayer layer = new RecurrentLayer(cell.config(3, 4, 2, true), new SplittableRandom(14));
        int[] lengths = {5, 2, 3};
        Tensor x = Tensors.uniform(rng, -1, 1, 3, 5, 3);
        Tensor dSequence = Tensors.uniform(rng, -1, 1, 3, 5, layer.outputSize()); // padded steps' entries are ignored
        List<RecurrentState> initial = CellVariant.randomStates(rng, layer, 3);
        List<RecurrentState> dFinal = CellVariant.randomStates(rng, layer, 3);
        List<Parameter> parameters = layer.parameters();

        parameters.forEach(Parameter::zeroGrad);
        SequenceGradients padded = layer.backward(layer.forward(x, SequenceMask.fromLengths(lengths, 5), initial),
                dSequence, dFinal);
        List<Tensor> paddedGrads = parameters.stream().map(p -> p.grad().copy()).toList();

        parameters.forEach(Parameter::zeroGrad); // the rows alone: their parameter gradients add up
        for (int row = 0; row < 3; row++) {
            int length = lengths[row];
            SequenceGradients alone = layer.backward(layer.forward(rows(x, row, 0, length), null, rowOf(initial, row)),
                    rows(dSequence, row, 0, length), rowOf(dFinal, row));
            for (int t = 0; t < 5; t++) {      // dx: the unpadded row's at valid steps, zero at padded ones
                for (int k = 0; k < 3; k++) {
                    float got = padded.input().at(row, t, k);
                    float want = t < length ? alone.input().at(0, t, k) : 0f;
                    assertThat((double) got).isCloseTo(want, org.assertj.core.data.Offset.offset(GRADIENT));
                }
            }
            for (int s = 0; s < layer.stateCount(); s++) { // dLoss/d(initial state), every tensor
                List<Tensor> a = padded.initialStates().get(s).tensors();
                List<Tensor> b = alone.initialStates().get(s).tensors();
                for (int k = 0; k < a.size(); k++) {
                    assertThat(Tensors.maxAbsDiff(a.get(k).row(row), b.get(k).row(0))).isLessThan(GRADIENT);
                }
            }
        }
        for (int i = 0; i < parameters.size(); i++) {
            assertThat(Tensors.maxAbsDiff(paddedGrads.get(i), parameters.get(i).grad()))
                    .as(parameters.get(i).name()).isLessThan(GRADIENT);
        }
    }

    @ParameterizedTest
    @MethodSource("org.rnn4j.testing.CellVariant#all")
    void leftPaddingWorksLikeRightPadding(CellVariant cell) {
        SplittableRandom rng = new SplittableRandom(3);
        RecurrentLayer layer = new RecurrentLayer(cell.config(2, 3, 1, true), new SplittableRandom(4));
        Tensor x = Tensors.uniform(rng, -1, 1, 1, 4, 2);
        Tensor leftPadded = Tensor.zeros(1, 6, 2);
        for (int i = 0; i < x.size(); i++) {
            leftPadded.set(4 + i, x.get(i)); // two padding steps first
        }
        RecurrentOutput plain = layer.forward(x, null, null).output();
        RecurrentOutput masked = layer.forward(leftPadded, SequenceMask.fromLengthsLeftPadded(new int[] {4}, 6), null).output();
        for (int s = 0; s < 2; s++) {
            assertThat(Tensors.maxAbsDiff(plain.finalStates().get(s).h(), masked.finalStates().get(s).h())).isLessThan(EXACT);
        }
        assertThat(Tensors.maxAbs(masked.sequence().slice(0, 1).reshape(6, layer.outputSize()).slice(0, 2))).isZero();
    }

    @ParameterizedTest
    @MethodSource("org.rnn4j.testing.CellVariant#all")
    void aRowOfLengthZeroReturnsItsInitialStateAndZeroOutputs(CellVariant cell) {
        SplittableRandom rng = new SplittableRandom(5);
        RecurrentLayer layer = new RecurrentLayer(cell.config(2, 3, 1, true), new SplittableRandom(6));
        Tensor x = Tensors.uniform(rng, -1, 1, 2, 3, 2);
        List<RecurrentState> initial = CellVariant.randomStates(rng, layer, 2);
        SequenceLayer.Trace trace = layer.forward(x, SequenceMask.fromLengths(new int[] {3, 0}, 3), initial);
        RecurrentOutput out = trace.output();
        for (int s = 0; s < 2; s++) {
            for (int k = 0; k < cell.stateTensors(); k++) {
                assertThat(out.finalStates().get(s).tensors().get(k).row(1).toArray())
                        .containsExactly(initial.get(s).tensors().get(k).row(1).toArray());
            }
        }
        assertThat(Tensors.maxAbs(out.sequence().row(1))).isZero();
        SequenceGradients g = layer.backward(trace, Tensor.full(1f, out.sequence().shape()), null);
        assertThat(g.input().hasNonFinite()).isFalse();
        assertThat(Tensors.maxAbs(g.input().row(1))).isZero();
    }

    @ParameterizedTest
    @MethodSource("org.rnn4j.testing.CellVariant#all")
    void aReverseLayerIsAForwardLayerOnTheReversedSequence(CellVariant cell) {
        SplittableRandom rng = new SplittableRandom(7);
        RecurrentCell shared = cell.newCell(3, 4, "_l0", new SplittableRandom(8));
        Tensor x = Tensors.uniform(rng, -1, 1, 2, 5, 3);
        RecurrentOutput reverse = new Recurrent(shared, true).forward(x, null, null).output();
        RecurrentOutput forwardOnReversed = new Recurrent(shared, false).forward(reversedInTime(x), null, null).output();
        assertThat(Tensors.maxAbsDiff(reverse.sequence(), reversedInTime(forwardOnReversed.sequence()))).isLessThan(EXACT);
        assertThat(Tensors.maxAbsDiff(reverse.finalState().h(), forwardOnReversed.finalState().h())).isLessThan(EXACT);
    }

    @ParameterizedTest
    @MethodSource("org.rnn4j.testing.CellVariant#all")
    void twoStatefulHalvesEqualOneRun(CellVariant cell) {
        SplittableRandom rng = new SplittableRandom(9);
        RecurrentLayer layer = new RecurrentLayer(cell.config(3, 4, 2, false), new SplittableRandom(10));
        Tensor x = Tensors.uniform(rng, -1, 1, 2, 6, 3);
        RecurrentOutput whole = layer.forward(x, null, null).output();
        Tensor first = Tensor.zeros(2, 3, 3);
        Tensor second = Tensor.zeros(2, 3, 3);
        for (int b = 0; b < 2; b++) {
            first.row(b).copyFrom(rows(x, b, 0, 3));
            second.row(b).copyFrom(rows(x, b, 3, 6));
        }
        RecurrentOutput a = layer.forward(first, null, null).output();
        RecurrentOutput b = layer.forward(second, null, a.finalStates()).output();
        for (int s = 0; s < 2; s++) {
            for (int k = 0; k < cell.stateTensors(); k++) {
                assertThat(Tensors.maxAbsDiff(b.finalStates().get(s).tensors().get(k),
                        whole.finalStates().get(s).tensors().get(k))).isLessThan(EXACT);
            }
        }
    }

    @Test
    void resettingRowsOfACarriedStateStartsThoseRowsAfresh() {
        SplittableRandom rng = new SplittableRandom(11);
        RecurrentLayer layer = RecurrentLayer.lstm(2, 3, new SplittableRandom(12));
        Tensor x = Tensors.uniform(rng, -1, 1, 2, 4, 2);
        RecurrentState carried = layer.forward(x, null, null).output().finalState().copy();
        carried.resetRows(1);
        RecurrentOutput continued = layer.forward(x, null, List.of(carried)).output();
        RecurrentOutput fresh = layer.forward(x, null, null).output();
        assertThat(continued.finalState().h().row(1).toArray()).containsExactly(fresh.finalState().h().row(1).toArray());
        assertThat(continued.finalState().h().row(0).toArray()).isNotEqualTo(fresh.finalState().h().row(0).toArray());
    }

    @Test
    void anLstmReturnsTheSequenceAndTwoStateTensorsEachBatchByHidden() {
        RecurrentLayer lstm = RecurrentLayer.lstm(64, 128, new SplittableRandom(1));
        RecurrentOutput out = lstm.forward(Tensor.zeros(32, 10, 64), null, null).output();
        assertThat(out.sequence().shape()).containsExactly(32, 10, 128);
        LstmState state = (LstmState) out.finalState();
        assertThat(state.h().shape()).containsExactly(32, 128);
        assertThat(state.c().shape()).containsExactly(32, 128);
        List<Tensor> keras = out.keras(true, true, 1);
        assertThat(keras).extracting(Tensor::shapeString).containsExactly("(32, 10, 128)", "(32, 128)", "(32, 128)");
        assertThat(out.keras(true, false, 1)).hasSize(1);
        assertThat(out.keras(false, false, 1).get(0).shape()).containsExactly(32, 128);
    }

    @Test
    void aBidirectionalLstmHasOneHAndCPerDirection() {
        RecurrentLayer bi = new RecurrentLayer(RecurrentConfig.of(CellType.LSTM, 64, 128).withBidirectional(true),
                new SplittableRandom(1));
        RecurrentOutput out = bi.forward(Tensor.zeros(32, 10, 64), null, null).output();
        assertThat(out.sequence().shape()).containsExactly(32, 10, 256);
        assertThat(out.finalStates()).hasSize(2).allSatisfy(s -> {
            assertThat(s.h().shape()).containsExactly(32, 128);
            assertThat(((LstmState) s).c().shape()).containsExactly(32, 128);
        });
        assertThat(out.keras(false, true, 2)).extracting(Tensor::shapeString)
                .containsExactly("(32, 256)", "(32, 128)", "(32, 128)", "(32, 128)", "(32, 128)");
    }

    @Test
    void parameterCountsMatchPyTorch() {
        // torch.nn.LSTM(64, 128): 4·128·64 + 4·128·128 + 2·4·128
        assertThat(RecurrentConfig.of(CellType.LSTM, 64, 128).parameterCount()).isEqualTo(99_328);
        // torch.nn.GRU(10, 20, num_layers=2, bidirectional=True)
        RecurrentConfig gru = RecurrentConfig.of(CellType.GRU, 10, 20).withLayers(2).withBidirectional(true);
        long layer0 = 2L * (60 * 10 + 60 * 20 + 120);
        long layer1 = 2L * (60 * 40 + 60 * 20 + 120);
        assertThat(gru.parameterCount()).isEqualTo(layer0 + layer1);
        RecurrentLayer built = new RecurrentLayer(gru, new SplittableRandom(1));
        assertThat(built.parameters().stream().mapToLong(p -> p.size()).sum()).isEqualTo(gru.parameterCount());
        assertThat(built.parameters()).extracting(p -> p.name()).containsExactly(
                "weight_ih_l0", "weight_hh_l0", "bias_ih_l0", "bias_hh_l0",
                "weight_ih_l0_reverse", "weight_hh_l0_reverse", "bias_ih_l0_reverse", "bias_hh_l0_reverse",
                "weight_ih_l1", "weight_hh_l1", "bias_ih_l1", "bias_hh_l1",
                "weight_ih_l1_reverse", "weight_hh_l1_reverse", "bias_ih_l1_reverse", "bias_hh_l1_reverse");
    }

    @Test
    void aWrongInputShapeNamesTheLayerAndExpectedVersusGot() {
        RecurrentLayer lstm = RecurrentLayer.lstm(8, 16, new SplittableRandom(1));
        assertThatThrownBy(() -> lstm.forward(Tensor.zeros(2, 5, 7), null, null))
                .isInstanceOf(ShapeException.class)
                .hasMessageContaining("LstmCell(input 8, hidden 16)")
                .hasMessageContaining("expected shape (B, T, 8), got (2, 5, 7)");
        assertThatThrownBy(() -> lstm.forward(Tensor.zeros(2, 5), null, null))
                .hasMessageContaining("got (2, 5)");
    }

    @Test
    void aMaskOfTheWrongSizeIsRejected() {
        RecurrentLayer gru = RecurrentLayer.gru(2, 3, new SplittableRandom(1));
        assertThatThrownBy(() -> gru.forward(Tensor.zeros(2, 5, 2), SequenceMask.fromLengths(new int[] {1, 2, 3}, 5), null))
                .hasMessageContaining("does not match input with B=2, T=5");
        assertThatThrownBy(() -> SequenceMask.fromLengths(new int[] {6}, 5))
                .hasMessageContaining("length of row 0 is 6, expected 0..5");
    }
}
