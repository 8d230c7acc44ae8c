package org.rnn4j.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.SplittableRandom;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.rnn4j.tensor.Tensor;
import org.rnn4j.testing.Tensors;

/** Inverted dropout: keep each element with probability 1 − p, scale the kept ones by 1 / (1 − p). */
class DropoutTest {
    private static final int LARGE = 200_000;

    @Test
    void rateZeroIsTheIdentity() {
        Tensor x = Tensors.uniform(new SplittableRandom(1), -1, 1, 4, 7);

        Dropout.Result r = new Dropout(0f).forward(x, new SplittableRandom(2));

        assertThat(r.output().toArray()).containsExactly(x.toArray());
        assertThat(r.mask().toArray()).containsOnly(1f);
    }

    @ParameterizedTest(name = "p = {0}")
    @ValueSource(floats = {0.1f, 0.5f, 0.8f})
    void keptFractionIsOneMinusRateAndKeptValuesAreScaledByItsInverse(float rate) {
        Tensor ones = Tensor.full(1f, LARGE);

        Dropout.Result r = new Dropout(rate).forward(ones, new SplittableRandom(3));

        int kept = 0;
        for (int i = 0; i < LARGE; i++) {
            float m = r.mask().get(i);
            if (m != 0f) {
                kept++;
                assertThat(m).isEqualTo(1f / (1f - rate));
            }
        }
        // 5 standard deviations of a binomial(n, 1 − p) fraction: the bound fails by chance less than 1e-6.
        double sigma = Math.sqrt(rate * (1 - rate) / LARGE);
        assertThat((double) kept / LARGE).isCloseTo(1 - rate, Offset.offset(5 * sigma));
    }

    @Test
    void invertedScalingKeepsTheMean() {
        Tensor x = Tensors.uniform(new SplittableRandom(4), 1, 3, LARGE); // mean 2

        Dropout.Result r = new Dropout(0.3f).forward(x, new SplittableRandom(5));

        assertThat(mean(r.output())).isCloseTo(mean(x), Offset.offset(0.02));
    }

    @Test
    void outputIsTheInputTimesTheMask() {
        Tensor x = Tensors.uniform(new SplittableRandom(6), -1, 1, 3, 4, 5);

        Dropout.Result r = new Dropout(0.4f).forward(x, new SplittableRandom(7));

        assertThat(r.mask().shape()).containsExactly(3, 4, 5);
        for (int i = 0; i < x.size(); i++) {
            assertThat(r.output().get(i)).isEqualTo(x.get(i) * r.mask().get(i));
        }
    }

    @Test
    void backwardMultipliesTheGradientByTheMask() {
        Dropout dropout = new Dropout(0.5f);
        Dropout.Result r = dropout.forward(Tensor.full(1f, 6, 5), new SplittableRandom(8));
        Tensor dy = Tensors.uniform(new SplittableRandom(9), -1, 1, 6, 5);

        Tensor dx = dropout.backward(r.mask(), dy);

        assertThat(dx.shape()).containsExactly(6, 5);
        for (int i = 0; i < dy.size(); i++) {
            assertThat(dx.get(i)).isEqualTo(dy.get(i) * r.mask().get(i));
        }
        assertThat(r.mask().toArray()).contains(0f, 2f);
    }

    @Test
    void sameSeedDropsTheSameElements() {
        Tensor x = Tensor.full(1f, 100);
        Dropout dropout = new Dropout(0.5f);

        assertThat(dropout.forward(x, new SplittableRandom(10)).mask().toArray())
                .containsExactly(dropout.forward(x, new SplittableRandom(10)).mask().toArray());
    }

    @ParameterizedTest(name = "p = {0}")
    @ValueSource(floats = {-0.1f, 1f, 1.5f, Float.NaN})
    void rateOutsideZeroToOneIsRejected(float rate) {
        assertThatThrownBy(() -> new Dropout(rate))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("dropout rate must be in [0, 1), got " + rate);
    }

    private static double mean(Tensor t) {
        double sum = 0;
        for (int i = 0; i < t.size(); i++) {
            sum += t.get(i);
        }
        return sum / t.size();
    }
}
