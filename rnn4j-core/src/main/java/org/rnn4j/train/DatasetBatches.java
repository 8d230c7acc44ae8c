package org.rnn4j.train;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.ToIntFunction;
import java.util.random.RandomGenerator;

/**
 * Batches of a fixed data set: in order, shuffled each epoch, or shuffled and bucketed by length.
 *
 * <p>Bucketing (as torchtext's {@code BucketIterator}): the shuffled examples are cut into pools of
 * {@value #POOL_BATCHES} batches, each pool is sorted by length and cut into batches, and the batches are shuffled.
 * A batch then holds sequences of similar length, so little of it is padding, while the batches still come in a
 * random order and their makeup changes every epoch. Every example appears exactly once per epoch; the last batch
 * of a pool may be smaller.
 *
 * <p>The order of epoch e is drawn from (seed, e) alone ({@link Seeds}), so a resumed run sees the same batches.
 *
 * @param <E> an example
 * @param <B> a batch, built from a list of examples by the {@code collate} function (which pads and masks)
 */
public final class DatasetBatches<E, B> implements BatchPlan<B> {
    /** Batches per bucketing pool. */
    public static final int POOL_BATCHES = 50;

    /** How each epoch orders the examples. */
    public enum Order { IN_ORDER, SHUFFLED, BUCKETED }

    private final List<E> examples;
    private final int batchSize;
    private final Order order;
    private final ToIntFunction<E> length;
    private final long seed;
    private final Function<List<E>, B> collate;
    private int cachedEpoch = -1;
    private int[][] cachedBatches;

    private DatasetBatches(List<E> examples, int batchSize, Order order, ToIntFunction<E> length, long seed,
                           Function<List<E>, B> collate) {
        Objects.requireNonNull(examples, "examples");
        if (examples.isEmpty()) {
            throw new IllegalArgumentException("the data set is empty: there is nothing to make batches of");
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("DatasetBatches.batchSize must be at least 1, got " + batchSize);
        }
        this.examples = List.copyOf(examples);
        this.batchSize = batchSize;
        this.order = order;
        this.length = length;
        this.seed = seed;
        this.collate = Objects.requireNonNull(collate, "collate");
    }

    /** The same batches every epoch, in the data's order: for evaluation. */
    public static <E, B> DatasetBatches<E, B> inOrder(List<E> examples, int batchSize, Function<List<E>, B> collate) {
        return new DatasetBatches<>(examples, batchSize, Order.IN_ORDER, null, 0, collate);
    }

    /** A fresh random order every epoch. */
    public static <E, B> DatasetBatches<E, B> shuffled(List<E> examples, int batchSize, long seed,
                                                       Function<List<E>, B> collate) {
        return new DatasetBatches<>(examples, batchSize, Order.SHUFFLED, null, seed, collate);
    }

    /** A fresh random order every epoch, with batches of similar lengths. */
    public static <E, B> DatasetBatches<E, B> bucketed(List<E> examples, int batchSize, ToIntFunction<E> length,
                                                       long seed, Function<List<E>, B> collate) {
        return new DatasetBatches<>(examples, batchSize, Order.BUCKETED, Objects.requireNonNull(length, "length"),
                seed, collate);
    }

    public int size() {
        return examples.size();
    }

    @Override
    public int batchesPerEpoch() {
        // pools hold whole batches, so bucketing makes as many batches as a plain cut
        return (examples.size() + batchSize - 1) / batchSize;
    }

    @Override
    public B batch(int epoch, int index) {
        int[] members = indices(epoch, index);
        List<E> chosen = new ArrayList<>(members.length);
        for (int i : members) {
            chosen.add(examples.get(i));
        }
        return collate.apply(chosen);
    }

    /** The positions in the data set of the examples of batch (epoch, index). */
    public synchronized int[] indices(int epoch, int index) {
        if (epoch != cachedEpoch) {
            cachedBatches = batchesOf(epoch);
            cachedEpoch = epoch;
        }
        if (index < 0 || index >= cachedBatches.length) {
            throw new IndexOutOfBoundsException("batch " + index + " of an epoch of " + cachedBatches.length);
        }
        return cachedBatches[index].clone();
    }

    private int[][] batchesOf(int epoch) {
        int n = examples.size();
        int[] perm = new int[n];
        for (int i = 0; i < n; i++) {
            perm[i] = i;
        }
        if (order == Order.IN_ORDER) {
            return cut(perm, 0, n);
        }
        RandomGenerator rng = Seeds.generator(seed, Seeds.ORDER, epoch);
        shuffle(perm, rng);
        if (order == Order.SHUFFLED) {
            return cut(perm, 0, n);
        }
        List<int[]> batches = new ArrayList<>();
        int pool = POOL_BATCHES * batchSize;
        for (int from = 0; from < n; from += pool) {
            int to = Math.min(from + pool, n);
            Integer[] members = new Integer[to - from];
            for (int i = from; i < to; i++) {
                members[i - from] = perm[i];
            }
            Arrays.sort(members, Comparator.comparingInt(i -> length.applyAsInt(examples.get(i)))); // stable
            int[] sorted = Arrays.stream(members).mapToInt(Integer::intValue).toArray();
            batches.addAll(Arrays.asList(cut(sorted, 0, sorted.length)));
        }
        int[][] all = batches.toArray(new int[0][]);
        for (int i = all.length - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int[] t = all[i];
            all[i] = all[j];
            all[j] = t;
        }
        return all;
    }

    private int[][] cut(int[] perm, int from, int to) {
        int count = (to - from + batchSize - 1) / batchSize;
        int[][] out = new int[count][];
        for (int b = 0; b < count; b++) {
            out[b] = Arrays.copyOfRange(perm, from + b * batchSize, Math.min(from + (b + 1) * batchSize, to));
        }
        return out;
    }

    /** Fisher–Yates. */
    static void shuffle(int[] values, RandomGenerator rng) {
        for (int i = values.length - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = values[i];
            values[i] = values[j];
            values[j] = t;
        }
    }
}
