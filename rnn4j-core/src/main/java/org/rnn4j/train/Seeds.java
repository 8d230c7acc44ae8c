package org.rnn4j.train;

import java.util.SplittableRandom;

/**
 * Random generators derived from a seed and counters, as JAX's {@code fold_in}: the generator for (seed, stream,
 * index) is always the same, whatever happened before, so a resumed run draws exactly what an uninterrupted run
 * would have drawn without saving any generator's internal state.
 */
public final class Seeds {
    /** The stream that orders an epoch's examples. */
    public static final long ORDER = 1;
    /** The stream of per-step draws inside training (dropout). */
    public static final long STEP = 2;
    /** The stream of generated training data (synthetic tasks). */
    public static final long DATA = 3;

    private Seeds() {
    }

    /** A generator that depends only on its three arguments. */
    public static SplittableRandom generator(long seed, long stream, long index) {
        return new SplittableRandom(mix(mix(mix(seed) ^ stream) + index));
    }

    /** MurmurHash3's 64-bit finaliser: a bijection that spreads every input bit over the output. */
    static long mix(long z) {
        z = (z ^ (z >>> 33)) * 0xff51afd7ed558ccdL;
        z = (z ^ (z >>> 33)) * 0xc4ceb9fe1a85ec53L;
        return z ^ (z >>> 33);
    }
}
