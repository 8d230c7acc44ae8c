package org.rnn4j.tasks;

import java.util.random.RandomGenerator;
import org.rnn4j.tensor.Tensor;

/**
 * The adding problem (Hochreiter &amp; Schmidhuber 1997, in the form of Le et al. 2015 and Arjovsky et al. 2016):
 * each step carries two features, a value drawn from U(0, 1) and a marker; exactly two steps are marked, one in
 * each half of the sequence, and the target is the sum of the two marked values. Answering 1 whatever the input
 * scores a mean squared error of Var(U₁ + U₂) = 1/6 ≈ 0.167: a network must remember a value across up to T
 * steps to do better.
 */
public final class AddingProblem {
    /** The MSE of always answering 1, the mean of the target. */
    public static final double BASELINE_MSE = 1.0 / 6.0;

    private final int length;

    public AddingProblem(int length) {
        if (length < 2) {
            throw new IllegalArgumentException("adding problem length must be at least 2, got " + length);
        }
        this.length = length;
    }

    public int length() {
        return length;
    }

    /**
     * A batch of examples.
     *
     * @param inputs  (B, T, 2): value, marker
     * @param targets (B, 1): the sum of the two marked values
     */
    public record Batch(Tensor inputs, Tensor targets) {
    }

    public Batch sample(int batch, RandomGenerator rng) {
        Tensor x = Tensor.zeros(batch, length, 2);
        Tensor y = Tensor.zeros(batch, 1);
        int half = length / 2;
        for (int b = 0; b < batch; b++) {
            for (int t = 0; t < length; t++) {
                x.set((b * length + t) * 2, rng.nextFloat());
            }
            int first = rng.nextInt(half);
            int second = half + rng.nextInt(length - half);
            x.set((b * length + first) * 2 + 1, 1f);
            x.set((b * length + second) * 2 + 1, 1f);
            y.set(b, x.get((b * length + first) * 2) + x.get((b * length + second) * 2));
        }
        return new Batch(x, y);
    }
}
