package org.rnn4j.train;

import java.util.function.Function;
import java.util.random.RandomGenerator;

/**
 * The batches of a training run, addressed by (epoch, index): a plan computes any batch from its position alone,
 * so a resumed run continues at the exact batch where it stopped.
 */
public interface BatchPlan<B> {

    /** Batches in every epoch; at least 1. */
    int batchesPerEpoch();

    /** Batch {@code index} (0 ≤ index &lt; batchesPerEpoch) of epoch {@code epoch} (0-based). */
    B batch(int epoch, int index);

    /**
     * Freshly generated data, as the synthetic long-memory tasks use: batch (e, i) is drawn by {@code generator} from a
     * generator seeded by (seed, e · batchesPerEpoch + i).
     */
    static <B> BatchPlan<B> generated(int batchesPerEpoch, long seed, Function<RandomGenerator, B> generator) {
        if (batchesPerEpoch < 1) {
            throw new IllegalArgumentException("batches per epoch must be at least 1, got " + batchesPerEpoch);
        }
        return new BatchPlan<>() {
            @Override
            public int batchesPerEpoch() {
                return batchesPerEpoch;
            }

            @Override
            public B batch(int epoch, int index) {
                return generator.apply(Seeds.generator(seed, Seeds.DATA, (long) epoch * batchesPerEpoch + index));
            }
        };
    }
}
