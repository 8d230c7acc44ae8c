package org.rnn4j.nn;

import java.util.random.RandomGenerator;
import org.rnn4j.tensor.Tensor;

/**
 * A trainable tensor with its gradient. Backward passes add into {@link #grad()}; an optimiser reads it and
 * a trainer zeroes it.
 *
 * @param name the PyTorch state_dict name, e.g. {@code weight_ih_l0}
 */
public record Parameter(String name, Tensor value, Tensor grad) {

    public Parameter(String name, int... shape) {
        this(name, Tensor.zeros(shape), Tensor.zeros(shape));
    }

    /** Fills the value uniformly from {@code [-bound, bound)}, PyTorch's default initialisation for RNNs and Linear. */
    public Parameter initUniform(float bound, RandomGenerator rng) {
        for (int i = 0, n = value.size(); i < n; i++) {
            value.set(i, (float) rng.nextDouble(-bound, bound));
        }
        return this;
    }

    public void zeroGrad() {
        grad.zero();
    }

    public int size() {
        return value.size();
    }
}
