package org.rnn4j.loss;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.function.IntPredicate;
import java.util.function.ToDoubleFunction;
import org.assertj.core.data.Offset;
import org.rnn4j.tensor.Tensor;

/**
 * Central differences of a loss, at every coordinate of its input. The losses return their value in double, so a
 * small step works; the step actually taken is the difference of the two float32 inputs.
 */
final class FiniteDifferences {
    static final float STEP = 1e-3f;

    private FiniteDifferences() {
    }

    /** Checks {@code analytic} against (loss(x + h e_i) − loss(x − h e_i)) / 2h at each i that {@code where} accepts. */
    static void assertGradient(ToDoubleFunction<Tensor> loss, Tensor input, Tensor analytic, IntPredicate where) {
        int checked = 0;
        for (int i = 0; i < input.size(); i++) {
            if (!where.test(i)) {
                continue;
            }
            float original = input.get(i);
            float plus = original + STEP;
            float minus = original - STEP;
            input.set(i, plus);
            double up = loss.applyAsDouble(input);
            input.set(i, minus);
            double down = loss.applyAsDouble(input);
            input.set(i, original);
            double numeric = (up - down) / ((double) plus - minus);

            assertThat((double) analytic.get(i)).as("dLoss/dInput at flat index %d", i)
                    .isCloseTo(numeric, Offset.offset(1e-6 + 1e-3 * Math.abs(numeric)));
            checked++;
        }
        assertThat(checked).as("coordinates checked").isPositive();
    }

    static void assertGradient(ToDoubleFunction<Tensor> loss, Tensor input, Tensor analytic) {
        assertGradient(loss, input, analytic, i -> true);
    }
}
