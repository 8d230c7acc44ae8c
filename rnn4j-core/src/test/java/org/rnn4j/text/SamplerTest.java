package org.rnn4j.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;
import org.rnn4j.tensor.ShapeException;
import org.rnn4j.tensor.Tensor;

/** Next-token choice: greedy, temperature, top-k and top-p (nucleus), seeded. */
class SamplerTest {
    /** Probabilities 0.5, 0.3, 0.15, 0.05 at temperature 1. */
    private static final float[] LOGITS = logits(0.5, 0.3, 0.15, 0.05);
    /** Fails the test if the sampler draws a random number where it should not. */
    private static final RandomGenerator NO_RANDOMNESS = () -> {
        throw new AssertionError("greedy decoding must not draw random numbers");
    };

    private static float[] logits(double... probabilities) {
        float[] x = new float[probabilities.length];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) Math.log(probabilities[i]);
        }
        return x;
    }

    private static double[] frequencies(Sampler sampler, float[] logits, int draws) {
        RandomGenerator random = new SplittableRandom(42);
        double[] counts = new double[logits.length];
        for (int i = 0; i < draws; i++) {
            counts[sampler.sample(logits, random)] += 1.0 / draws;
        }
        return counts;
    }

    @Test
    void temperatureZeroIsArgmaxWithTiesToTheLowerIdAndNoRandomness() {
        assertThat(Sampler.greedy().sample(new float[] {1, 3, 2}, NO_RANDOMNESS)).isEqualTo(1);
        assertThat(Sampler.greedy().sample(new float[] {0, 5, 5}, NO_RANDOMNESS)).isEqualTo(1);
        assertThat(Sampler.greedy().withTopK(2).withTopP(0.1).sample(new float[] {9, 1}, NO_RANDOMNESS)).isZero();
    }

    @Test
    void temperatureOneDrawsTheSoftmaxDistribution() {
        double[] f = frequencies(Sampler.withTemperature(1), LOGITS, 40_000);

        assertThat(f[0]).isCloseTo(0.50, within(0.015));
        assertThat(f[1]).isCloseTo(0.30, within(0.015));
        assertThat(f[2]).isCloseTo(0.15, within(0.015));
        assertThat(f[3]).isCloseTo(0.05, within(0.015));
    }

    @Test
    void temperatureSharpensOrFlattensTheDistribution() {
        // p_i ∝ p_i^(1/T): at T = 0.5 the probabilities are 0.25, 0.09, 0.0225, 0.0025 over their sum.
        double[] sharp = frequencies(Sampler.withTemperature(0.5), LOGITS, 40_000);
        double[] flat = frequencies(Sampler.withTemperature(100), LOGITS, 40_000);

        assertThat(sharp[0]).isCloseTo(0.25 / 0.365, within(0.015));
        assertThat(flat[3]).isCloseTo(0.25, within(0.015));
    }

    @Test
    void topKKeepsOnlyTheKMostLikelyTokensRenormalised() {
        double[] f = frequencies(Sampler.withTemperature(1).withTopK(2), LOGITS, 40_000);

        assertThat(f[2] + f[3]).isZero();
        assertThat(f[0]).isCloseTo(0.5 / 0.8, within(0.015));
    }

    @Test
    void topKKeepsEveryTokenTiedWithTheKth() {
        double[] f = frequencies(Sampler.withTemperature(1).withTopK(2), new float[] {2, 1, 1, 0}, 10_000);

        assertThat(f[1]).isPositive();
        assertThat(f[2]).isPositive();
        assertThat(f[3]).isZero();
    }

    @Test
    void topPKeepsTheSmallestSetReachingP() {
        // Cumulative 0.5, 0.8, 0.95, 1.0.
        assertThat(frequencies(Sampler.withTemperature(1).withTopP(0.75), LOGITS, 10_000))
                .satisfies(f -> assertThat(f[2] + f[3]).isZero())
                .satisfies(f -> assertThat(f[0]).isCloseTo(0.5 / 0.8, within(0.02)));
        assertThat(frequencies(Sampler.withTemperature(1).withTopP(0.85), LOGITS, 10_000))
                .satisfies(f -> assertThat(f[3]).isZero())
                .satisfies(f -> assertThat(f[2]).isPositive());
    }

    @Test
    void topPAlwaysKeepsTheMostLikelyToken() {
        double[] f = frequencies(Sampler.withTemperature(1).withTopP(0.01), LOGITS, 1_000);

        assertThat(f[1] + f[2] + f[3]).isZero();
    }

    @Test
    void topKThenTopPOnTheRenormalisedSurvivors() {
        // Top-2 leaves 0.625 and 0.375; p = 0.6 then keeps only the first (HuggingFace's order).
        double[] f = frequencies(Sampler.withTemperature(1).withTopK(2).withTopP(0.6), LOGITS, 1_000);

        assertThat(f[1] + f[2] + f[3]).isZero();
    }

    @Test
    void maskedTokensAreNeverDrawn() {
        float[] x = {Float.NEGATIVE_INFINITY, 0, Float.NEGATIVE_INFINITY, 0};

        double[] f = frequencies(Sampler.withTemperature(1), x, 2_000);

        assertThat(f[0] + f[2]).isZero();
    }

    @Test
    void theSameSeedGivesTheSameDraws() {
        Sampler sampler = Sampler.withTemperature(0.8).withTopK(3).withTopP(0.9);
        RandomGenerator a = new SplittableRandom(7);
        RandomGenerator b = new SplittableRandom(7);

        for (int i = 0; i < 100; i++) {
            assertThat(sampler.sample(LOGITS, a)).isEqualTo(sampler.sample(LOGITS, b));
        }
    }

    @Test
    void samplesFromATensorRow() {
        Tensor logits = Tensor.of(new float[] {0, 9, 9, 0}, 2, 2);

        assertThat(Sampler.greedy().sample(logits.row(0), NO_RANDOMNESS)).isEqualTo(1);
        assertThat(Sampler.greedy().sample(logits.row(1), NO_RANDOMNESS)).isZero();
        assertThatThrownBy(() -> Sampler.greedy().sample(logits, NO_RANDOMNESS))
                .isInstanceOf(ShapeException.class)
                .hasMessage("Sampler logits: expected one row of shape (V), got (2, 2); pass logits.row(b)");
    }

    @Test
    void brokenLogitsAreReported() {
        assertThatThrownBy(() -> Sampler.greedy().sample(new float[] {0, Float.NaN}, NO_RANDOMNESS))
                .hasMessageStartingWith("Sampler: logit 1 is NaN");
        assertThatThrownBy(() -> Sampler.greedy().sample(
                new float[] {Float.NEGATIVE_INFINITY, Float.NEGATIVE_INFINITY}, NO_RANDOMNESS))
                .hasMessageStartingWith("Sampler: all 2 logits are -Infinity");
        assertThatThrownBy(() -> Sampler.greedy().sample(new float[0], NO_RANDOMNESS))
                .hasMessageStartingWith("Sampler: no logits");
    }

    @Test
    void optionsAreValidated() {
        assertThatThrownBy(() -> new Sampler(-0.1, 0, 1)).hasMessageContaining("temperature must be >= 0");
        assertThatThrownBy(() -> new Sampler(Double.NaN, 0, 1)).hasMessageContaining("temperature must be >= 0");
        assertThatThrownBy(() -> new Sampler(1, -1, 1)).hasMessageContaining("topK must be >= 0");
        assertThatThrownBy(() -> new Sampler(1, 0, 0)).hasMessageContaining("topP must be in (0, 1]");
        assertThatThrownBy(() -> new Sampler(1, 0, 1.5)).hasMessageContaining("topP must be in (0, 1]");
    }
}
