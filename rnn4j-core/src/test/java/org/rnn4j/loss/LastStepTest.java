package org.rnn4j.loss;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.SplittableRandom;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.rnn4j.tensor.SequenceMask;
import org.rnn4j.tensor.ShapeException;
import org.rnn4j.tensor.Tensor;
import org.rnn4j.testing.Tensors;

/**
 * LastStep picks each row's output at its own last valid step from (B, T, H) and puts a (B, H) gradient back
 * there; a row without a valid step selects zeros and gets no gradient.
 */
class LastStepTest {
    private static final int T = 5;
    private static final int H = 2;

    /** x[b, t, h] = 100 b + 10 t + h, so a selected value says where it came from. */
    private static Tensor labelled(int batch) {
        Tensor x = Tensor.zeros(batch, T, H);
        for (int b = 0; b < batch; b++) {
            for (int t = 0; t < T; t++) {
                for (int h = 0; h < H; h++) {
                    x.setAt(100 * b + 10 * t + h, b, t, h);
                }
            }
        }
        return x;
    }

    @Test
    void selectsEachRowsLastValidStepWithRightPadding() {
        SequenceMask mask = SequenceMask.fromLengths(new int[] {5, 2, 4}, T);

        Tensor y = LastStep.select(labelled(3), mask);

        assertThat(y.shape()).containsExactly(3, H);
        assertThat(y.toArray()).containsExactly(40, 41, 110, 111, 230, 231);
        assertThat(LastStep.steps(mask)).containsExactly(4, 1, 3);
    }

    @Test
    void withLeftPaddingOrNoMaskTheLastStepIsTMinusOne() {
        SequenceMask left = SequenceMask.fromLengthsLeftPadded(new int[] {5, 2, 4}, T);

        assertThat(LastStep.select(labelled(3), left).toArray()).containsExactly(40, 41, 140, 141, 240, 241);
        assertThat(LastStep.select(labelled(3), null).toArray()).containsExactly(40, 41, 140, 141, 240, 241);
    }

    @Test
    void aMaskWithHolesSelectsTheLargestValidStep() {
        Tensor m = Tensor.of(new float[] {1, 0, 1, 0, 0, 0, 1, 1, 1, 1}, 2, T);

        assertThat(LastStep.steps(SequenceMask.fromTensor(m))).containsExactly(2, 4);
    }

    @Test
    void aRowWithoutValidStepsSelectsZerosAndGetsNoGradient() {
        SequenceMask mask = SequenceMask.fromLengths(new int[] {3, 0}, T);

        Tensor y = LastStep.select(labelled(2), mask);
        Tensor dx = LastStep.scatter(Tensor.full(1f, 2, H), mask, T);

        assertThat(LastStep.steps(mask)).containsExactly(2, -1);
        assertThat(y.toArray()).containsExactly(20, 21, 0, 0);
        assertThat(Tensors.maxAbs(dx.row(1))).isZero();
        assertThat(dx.at(0, 2, 0)).isEqualTo(1f);
    }

    @Test
    void scatterIsTheAdjointOfSelect() {
        SplittableRandom rng = new SplittableRandom(3);
        SequenceMask mask = SequenceMask.fromLengths(new int[] {1, 5, 0, 3}, T);
        Tensor x = Tensors.uniform(rng, -1, 1, 4, T, H);
        Tensor g = Tensors.uniform(rng, -1, 1, 4, H);

        double selectThenDot = Tensors.dot(LastStep.select(x, mask), g);
        double dotWithScatter = Tensors.dot(x, LastStep.scatter(g, mask, T));

        assertThat(dotWithScatter).isCloseTo(selectThenDot, Offset.offset(1e-12));
    }

    @Test
    void trailingDimensionsAreKept() {
        Tensor x = Tensors.uniform(new SplittableRandom(4), -1, 1, 2, T, 3, 4);
        SequenceMask mask = SequenceMask.fromLengths(new int[] {2, 5}, T);

        Tensor y = LastStep.select(x, mask);
        Tensor back = LastStep.scatter(y, mask, T);

        assertThat(y.shape()).containsExactly(2, 3, 4);
        assertThat(back.shape()).containsExactly(2, T, 3, 4);
        assertThat(y.at(0, 2, 3)).isEqualTo(x.at(0, 1, 2, 3));
        assertThat(back.at(1, 4, 1, 1)).isEqualTo(x.at(1, 4, 1, 1));
    }

    @Test
    void shapeMismatchesSayExpectedAndGot() {
        SequenceMask mask = SequenceMask.fromLengths(new int[] {5, 2, 4}, T);

        assertThatThrownBy(() -> LastStep.select(Tensor.zeros(2, T, H), mask))
                .isInstanceOf(ShapeException.class)
                .hasMessage("LastStep.select sequence: expected shape (B, T, ...) with (B, T) = (3, 5) from the mask,"
                        + " got (2, 5, 2)");
        assertThatThrownBy(() -> LastStep.select(Tensor.zeros(3), null))
                .isInstanceOf(ShapeException.class)
                .hasMessage("LastStep.select sequence: expected shape (B, T, ...), got (3,)");
        assertThatThrownBy(() -> LastStep.scatter(Tensor.zeros(3, H), mask, 6))
                .isInstanceOf(ShapeException.class)
                .hasMessage("LastStep.scatter: expected a mask of shape (3, 6) (B from the gradient (3, 2), T = 6),"
                        + " got (3, 5)");
    }
}
