package org.rnn4j.nn;

import java.util.random.RandomGenerator;
import org.rnn4j.tensor.Tensor;

/**
 * Inverted dropout: in training each element is kept with probability 1 − p and scaled by 1 / (1 − p), so that
 * inference needs no change. Forward returns the mask, which backward needs.
 */
public final class Dropout {
    private final float rate;

    public Dropout(float rate) {
        if (!(rate >= 0f && rate < 1f)) {
            throw new IllegalArgumentException("dropout rate must be in [0, 1), got " + rate);
        }
        this.rate = rate;
    }

    public float rate() {
        return rate;
    }

    /** The output and the scaled keep-mask of one training pass. */
    public record Result(Tensor output, Tensor mask) {
    }

    public Result forward(Tensor x, RandomGenerator rng) {
        Tensor mask = Tensor.zeros(x.shape());
        Tensor out = Tensor.zeros(x.shape());
        float scale = 1f / (1f - rate);
        for (int i = 0, n = x.size(); i < n; i++) {
            float m = rng.nextFloat() >= rate ? scale : 0f;
            mask.set(i, m);
            out.set(i, x.get(i) * m);
        }
        return new Result(out, mask);
    }

    /**
     * {@link #forward} in training, when an rng is given and the rate is above 0; otherwise (inference, rate 0) x
     * itself with a null mask, drawing nothing from the rng.
     */
    public Result forwardInTraining(Tensor x, RandomGenerator rng) {
        return rng == null || rate == 0f ? new Result(x, null) : forward(x, rng);
    }

    /** {@link #backward}, or dOutput itself where nothing was dropped (the null mask of {@link #forwardInTraining}). */
    public Tensor backwardIfDropped(Tensor mask, Tensor dOutput) {
        return mask == null ? dOutput : backward(mask, dOutput);
    }

    /** dLoss/dx = dLoss/dy ⊙ mask. */
    public Tensor backward(Tensor mask, Tensor dOutput) {
        Tensor dx = Tensor.zeros(dOutput.shape());
        for (int i = 0, n = dx.size(); i < n; i++) {
            dx.set(i, dOutput.get(i) * mask.get(i));
        }
        return dx;
    }
}
