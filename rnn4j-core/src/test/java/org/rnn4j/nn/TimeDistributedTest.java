package org.rnn4j.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.SplittableRandom;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.rnn4j.tensor.ShapeException;
import org.rnn4j.tensor.Tensor;
import org.rnn4j.testing.Tensors;

/** TimeDistributed(layer) on (B, T, F) is the layer applied to each step (B, F) with the same weights. */
class TimeDistributedTest {
    private static final int B = 3;
    private static final int T = 4;
    private static final int F = 5;
    private static final int OUT = 2;
    private static final Offset<Float> CLOSE = Offset.offset(1e-5f);

    @Test
    void forwardEqualsTheLayerAppliedToEachStep() {
        Dense dense = new Dense(F, OUT, "", new SplittableRandom(1));
        TimeDistributed distributed = new TimeDistributed(dense);
        Tensor x = Tensors.uniform(new SplittableRandom(2), -1, 1, B, T, F);

        Tensor y = distributed.forward(x);

        assertThat(y.shape()).containsExactly(B, T, OUT);
        for (int t = 0; t < T; t++) {
            Tensor expected = dense.forward(step(x, t));
            assertElementsClose(step(y, t), expected);
        }
    }

    @Test
    void backwardEqualsTheSumOfPerStepBackwards() {
        SplittableRandom rng = new SplittableRandom(3);
        Tensor x = Tensors.uniform(rng, -1, 1, B, T, F);
        Tensor dy = Tensors.uniform(rng, -1, 1, B, T, OUT);
        Dense distributedDense = new Dense(F, OUT, "", new SplittableRandom(4));
        Dense stepDense = new Dense(F, OUT, "", new SplittableRandom(4));

        Tensor dx = new TimeDistributed(distributedDense).backward(x, dy);

        assertThat(dx.shape()).containsExactly(B, T, F);
        for (int t = 0; t < T; t++) {
            Tensor dxStep = stepDense.backward(step(x, t), step(dy, t));
            assertElementsClose(step(dx, t), dxStep);
        }
        for (int p = 0; p < 2; p++) {
            assertElementsClose(distributedDense.parameters().get(p).grad(), stepDense.parameters().get(p).grad());
        }
    }

    @Test
    void sharesTheInnerLayersParameters() {
        Dense dense = new Dense(F, OUT, "", new SplittableRandom(1));

        assertThat(new TimeDistributed(dense).parameters()).isEqualTo(dense.parameters());
    }

    @Test
    void inputThatIsNotASequenceIsRefused() {
        TimeDistributed distributed = new TimeDistributed(new Dense(F, OUT, "", new SplittableRandom(1)));

        assertThatThrownBy(() -> distributed.forward(Tensor.zeros(B, F)))
                .isInstanceOf(ShapeException.class)
                .hasMessage("TimeDistributed input: expected shape (B, T, F), got (3, 5)");
    }

    /** Step t of a (B, T, C) tensor, copied out as (B, C). */
    private static Tensor step(Tensor seq, int t) {
        int batch = seq.dim(0);
        int steps = seq.dim(1);
        int width = seq.dim(2);
        Tensor out = Tensor.zeros(batch, width);
        for (int b = 0; b < batch; b++) {
            for (int j = 0; j < width; j++) {
                out.set(b * width + j, seq.get((b * steps + t) * width + j));
            }
        }
        return out;
    }

    private static void assertElementsClose(Tensor actual, Tensor expected) {
        assertThat(actual.size()).isEqualTo(expected.size());
        for (int i = 0; i < expected.size(); i++) {
            assertThat(actual.get(i)).as("element %d", i).isCloseTo(expected.get(i), CLOSE);
        }
    }
}
