package org.rnn4j.nn.recurrent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.rnn4j.tensor.ShapeException;
import org.rnn4j.tensor.Tensor;
import org.rnn4j.tensor.Workspace;
import org.rnn4j.testing.CellVariant;
import org.rnn4j.testing.Tensors;

class RecurrentStreamTest {

    private static Tensor step(Tensor x, int t) {
        int batch = x.dim(0);
        int steps = x.dim(1);
        int features = x.dim(2);
        Tensor xt = Tensor.zeros(batch, 1, features);
        for (int b = 0; b < batch; b++) {
            xt.write(b * features, x, (b * steps + t) * features, features);
        }
        return xt;
    }

    @ParameterizedTest
    @MethodSource("org.rnn4j.testing.CellVariant#all")
    void stepByStepComputesWhatTheWholeSequenceComputes(CellVariant cell) {
        SplittableRandom rng = new SplittableRandom(8);
        RecurrentLayer layer = new RecurrentLayer(cell.config(3, 5, 2, false), new SplittableRandom(9));
        Tensor x = Tensors.uniform(rng, -1, 1, 2, 6, 3);
        RecurrentOutput whole = layer.infer(x, null, null);
        RecurrentStream stream = new RecurrentStream(layer, 2);
        for (int t = 0; t < 6; t++) {
            Tensor ht = stream.next(step(x, t));
            for (int b = 0; b < 2; b++) {
                for (int j = 0; j < layer.outputSize(); j++) {
                    assertThat((double) ht.at(b, 0, j)).isCloseTo(whole.sequence().at(b, t, j),
                            org.assertj.core.data.Offset.offset(1e-6));
                }
            }
        }
        for (int i = 0; i < whole.finalStates().size(); i++) {
            for (int k = 0; k < cell.stateTensors(); k++) {
                assertThat(Tensors.maxAbsDiff(stream.state().get(i).tensors().get(k),
                        whole.finalStates().get(i).tensors().get(k))).isLessThan(1e-6);
            }
        }
        stream.reset();
        assertThat(Tensors.maxAbs(stream.state().get(0).tensors().get(0))).isZero();
    }

    @Test
    void aLongStreamReusesItsBuffersInsteadOfAllocating() {
        RecurrentLayer layer = RecurrentLayer.lstm(4, 8, new SplittableRandom(1));
        RecurrentStream stream = new RecurrentStream(layer, 1);
        Tensor xt = Tensor.full(0.5f, 1, 1, 4);
        Tensor first = stream.next(xt);
        for (int i = 0; i < 100; i++) {
            stream.next(xt);
        }
        long pooled = Workspace.pooledBytes();
        for (int i = 0; i < 1000; i++) {
            assertThat(stream.next(xt)).isSameAs(first);
        }
        assertThat(Workspace.pooledBytes()).isEqualTo(pooled); // every step's buffers came back to the pool
    }

    @Test
    void aStepOfTheWrongShapeIsNamed() {
        RecurrentStream stream = new RecurrentStream(RecurrentLayer.gru(4, 8, new SplittableRandom(1)), 1);
        assertThatThrownBy(() -> stream.next(Tensor.zeros(1, 2, 4))).isInstanceOf(ShapeException.class)
                .hasMessageContaining("RecurrentStream step").hasMessageContaining("(1, 1, 4)");
    }
}
