package org.rnn4j.testing;

import java.util.List;
import java.util.random.RandomGenerator;
import org.rnn4j.nn.recurrent.RecurrentState;
import org.rnn4j.tensor.Tensor;

/** Small tensor helpers for tests. */
public final class Tensors {
    private Tensors() {
    }

    public static Tensor uniform(RandomGenerator rng, double low, double high, int... shape) {
        Tensor t = Tensor.zeros(shape);
        for (int i = 0; i < t.size(); i++) {
            t.set(i, (float) rng.nextDouble(low, high));
        }
        return t;
    }

    public static double dot(Tensor a, Tensor b) {
        double s = 0;
        for (int i = 0; i < a.size(); i++) {
            s += (double) a.get(i) * b.get(i);
        }
        return s;
    }

    public static double maxAbs(Tensor a) {
        double m = 0;
        for (int i = 0; i < a.size(); i++) {
            m = Math.max(m, Math.abs(a.get(i)));
        }
        return m;
    }

    public static double maxAbsDiff(Tensor a, Tensor b) {
        double m = 0;
        for (int i = 0; i < a.size(); i++) {
            m = Math.max(m, Math.abs((double) a.get(i) - b.get(i)));
        }
        return m;
    }

    /** max |a − b| / max |b|: the error relative to the reference's scale, which stays meaningful near zeros. */
    public static double relativeError(Tensor actual, Tensor reference) {
        double scale = maxAbs(reference);
        return maxAbsDiff(actual, reference) / (scale == 0 ? 1 : scale);
    }

    public static List<RecurrentState> randomStates(RandomGenerator rng, int count, int tensorsPerState, int batch,
                                                    int hidden) {
        return java.util.stream.IntStream.range(0, count)
                .mapToObj(i -> RecurrentState.of(java.util.stream.IntStream.range(0, tensorsPerState)
                        .mapToObj(k -> uniform(rng, -0.5, 0.5, batch, hidden)).toList()))
                .toList();
    }
}
