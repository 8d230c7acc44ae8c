package org.rnn4j.tensor;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FastMathTest {

    @Test
    void tanhAndSigmoidAreWithinTheirStatedErrors() {
        double worstTanh = 0;
        double worstSigmoid = 0;
        float[] block = new float[400_001];
        for (int i = 0; i < block.length; i++) {
            float x = -20f + i * 1e-4f;
            worstTanh = Math.max(worstTanh, Math.abs(FastMath.tanh(x) - Math.tanh(x)));
            worstSigmoid = Math.max(worstSigmoid, Math.abs(FastMath.sigmoid(x) - 1 / (1 + Math.exp(-x))));
            block[i] = x;
        }
        assertThat(worstTanh).isLessThan(4e-7);
        assertThat(worstSigmoid).isLessThan(2e-7);
        assertThat(FastMath.tanh(0f)).isZero();
        assertThat(FastMath.tanh(1e30f)).isEqualTo(FastMath.tanh(7.905311f));
        assertThat(FastMath.tanh(-3f)).isEqualTo(-FastMath.tanh(3f));

        float[] copy = block.clone();
        FastMath.tanh(copy, 10, copy.length);
        assertThat(copy[5]).isEqualTo(block[5]);
        assertThat(copy[1000]).isEqualTo(FastMath.tanh(block[1000]));
        FastMath.sigmoid(block, 0, block.length);
        assertThat(block[200_000]).isEqualTo(0.5f);
    }

    @Test
    void expIsWithinTwoUnitsInTheLastPlaceOverTheFloatRange() {
        double worstRelative = 0;
        for (float x = -87.3f; x <= 88.3f; x += 1.7e-4f) {
            double exact = Math.exp(x);
            worstRelative = Math.max(worstRelative, Math.abs(FastMath.exp(x) - exact) / exact);
        }
        assertThat(worstRelative).isLessThan(2.4e-7);
        assertThat(FastMath.exp(0f)).isEqualTo(1f);
        assertThat(FastMath.exp(1f)).isCloseTo((float) Math.E, org.assertj.core.data.Offset.offset(1e-6f));
    }

    @Test
    void expSaturatesInsteadOfOverflowingOrReturningNaN() {
        assertThat(FastMath.exp(Float.NEGATIVE_INFINITY)).isZero();
        assertThat(FastMath.exp(-1000f)).isZero();
        assertThat(FastMath.exp(-88f)).isZero();
        assertThat(FastMath.exp(1000f)).isFinite().isGreaterThan(1e38f);
        assertThat(FastMath.exp(Float.NaN)).isNaN();
    }

    @Test
    void theArrayExpEqualsTheScalarExpBitForBit() {
        int n = 4001;
        float[] x = new float[n];
        for (int k = 0; k < n; k++) {
            x[k] = -100f + 0.05f * k; // −100 … 100: below the float range, through it, above it
        }
        float[] out = new float[n];
        FastMath.exp(x, 1.5f, out, new float[n], n);
        for (int k = 0; k < n; k++) {
            assertThat(out[k]).as("x %s", x[k]).isEqualTo(FastMath.exp(x[k] - 1.5f));
        }
    }
}
