package org.rnn4j.tensor;

import java.nio.FloatBuffer;
import java.util.ArrayDeque;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * Recycles the working buffers of forward and backward passes, per thread, in two ways.
 *
 * <p>Explicitly: {@link #take} and {@link #give}, for buffers whose owner knows when it is done with them (a
 * trace after backward).
 *
 * <p>By scope: while a {@link #scope()} is open on a thread, every {@link Tensor#zeros} (and so every new tensor)
 * of that thread comes from the pool, and closing the scope gives them all back. The trainer opens one around each
 * training step and each evaluation batch: activations, losses and gradients of a step are dead once the step is
 * over. Whatever must outlive the scope (a state carried to the next step, a lazily created optimiser buffer) is
 * made inside {@link #persistent}.
 *
 * <p>Why: a fresh direct buffer costs its first touch of every page, and it is freed only when the garbage
 * collector finds it, so a training loop keeps touching new pages. Measured here (a virtual machine, where a page
 * fault costs 10-20 µs): allocating a 52 MB buffer took 140 ms against 2 ms to refill a used one, a fresh
 * (32, 100, 256) tensor 6-27 ms, and a character LSTM's training step spent about 40% of its time on fresh
 * tensors. PyTorch's allocator reuses freed memory at once, which the JVM cannot do without this.
 *
 * <p>The pool keeps buffers in size classes, four per power of two (4, 5, 6, 7 times 2^k floats), and lends a
 * tensor as the first floats of the smallest free buffer of its class or a larger one (up to twice its class): a
 * translator's batches, bucketed by length, need tensors of dozens of sizes a step, which buffers of the exact size
 * could not serve from one step to the next, so every step allocated fresh ones and left the old ones to the
 * collector — measured: 5.3 GB of dead direct buffers under a 400 MB heap, and out of memory at {@code -Xmx1g}.
 *
 * <p>The pool keeps at most {@link #maxPooledBytes()} per thread: the system property
 * {@code rnn4j.workspace.maxMiB} (default 1024), but never more than a quarter of the JVM's limit on direct
 * memory ({@code -XX:MaxDirectMemorySize}, by default {@code -Xmx}), so that the working set of a step still fits
 * beside it; buffers beyond it are left to the collector.
 */
public final class Workspace {
    private static final ThreadLocal<Pool> POOL = ThreadLocal.withInitial(Pool::new);
    private static final ThreadLocal<Scope> CURRENT = new ThreadLocal<>();
    private static final long MAX_POOLED_BYTES = Math.min(Long.getLong("rnn4j.workspace.maxMiB", 1024) << 20,
            DirectMemory.limit() / 4);
    private static volatile boolean poison = Boolean.getBoolean("rnn4j.workspace.poison");

    private Workspace() {
    }

    /** A tensor of zeros of the given shape, recycled when one of the same size is free; not part of any scope. */
    public static Tensor take(int... shape) {
        long size = Shapes.elementCount(shape);
        long capacity = sizeClass(size);
        if (capacity > Integer.MAX_VALUE / 4) {
            return Tensor.allocate(shape); // too large to round up; Tensor.allocate says if it is too large at all
        }
        Tensor recycled = POOL.get().poll(capacity);
        if (recycled == null) {
            return Tensor.lentView(Tensor.allocate((int) capacity), shape); // fresh: zeroed by the JVM
        }
        return Tensor.lentView(recycled, shape).zero();
    }

    /**
     * The pool's size class of {@code size} floats: the least m·2^k ≥ size with m in 4..7, e.g. 1000 → 1024,
     * 1100 → 1280, 1300 → 1536; sizes up to 4 are their own class.
     */
    static long sizeClass(long size) {
        if (size <= 4) {
            return size;
        }
        int shift = 63 - Long.numberOfLeadingZeros(size) - 2; // 2^shift ≤ size / 4 < 2^(shift+1)
        long step = 1L << shift;
        return (size + step - 1) / step * step;
    }

    /**
     * Gives buffers back; the caller must not use them afterwards. Nulls are ignored, and so is a buffer that is
     * already in the pool. A tensor made inside an open scope and given back here is no longer the scope's.
     */
    public static void give(Tensor... tensors) {
        Pool pool = POOL.get();
        for (Tensor t : tensors) {
            if (t != null) {
                for (Scope s = CURRENT.get(); s != null; s = s.outer) {
                    s.made.remove(t.buffer());
                }
                pool.offer(t);
            }
        }
    }

    /** Drops this thread's recycled buffers, e.g. after training, so their memory can be collected. */
    public static void clear() {
        POOL.get().clear();
    }

    /**
     * The debug switch {@code -Drnn4j.workspace.poison=true}: every buffer given back (by {@link #give} or by a
     * closing scope) is filled with NaN, so that a tensor used after its release turns a result into NaN and a test
     * fails, instead of silently reading another step's data. Off by default: it costs a pass over every buffer.
     */
    public static boolean poisonsReleasedBuffers() {
        return poison;
    }

    /** Turns {@link #poisonsReleasedBuffers} on or off, for tests. */
    static void poisonReleasedBuffers(boolean on) {
        poison = on;
    }

    /** The most bytes of buffers one thread's pool keeps. */
    public static long maxPooledBytes() {
        return MAX_POOLED_BYTES;
    }

    /** Bytes this thread's pool holds now. */
    public static long pooledBytes() {
        return POOL.get().bytes;
    }

    /**
     * Opens a scope on this thread: until it is closed, new tensors come from the pool and go back to it when it
     * closes. Use with try-with-resources; scopes nest. The caller must not keep any tensor made inside it.
     */
    public static Scope scope() {
        Scope scope = new Scope(CURRENT.get());
        CURRENT.set(scope);
        Tensor.installAllocator(scope);
        return scope;
    }

    /** Runs {@code work} outside any open scope: the tensors it makes are ordinary ones that outlive the scope. */
    public static <T> T persistent(Supplier<T> work) {
        Scope open = CURRENT.get();
        CURRENT.remove();
        Allocator installed = Tensor.installAllocator(null);
        try {
            return work.get();
        } finally {
            CURRENT.set(open);
            Tensor.installAllocator(installed);
        }
    }

    /** What a {@link #scope()} made; closing it gives those tensors back. */
    public static final class Scope implements AutoCloseable, Allocator {
        private final Scope outer;
        private final Map<FloatBuffer, Tensor> made = new IdentityHashMap<>();
        private boolean closed;

        private Scope(Scope outer) {
            this.outer = outer;
        }

        /** What {@link Tensor#zeros} calls while this scope is open: a pooled tensor that closing gives back. */
        @Override
        public Tensor zeros(int[] shape) {
            Tensor t = take(shape);
            made.put(t.buffer(), t);
            return t;
        }

        @Override
        public void close() {
            if (closed) {
                return;
            }
            if (CURRENT.get() != this) {
                throw new IllegalStateException("workspace scopes must be closed innermost first, on their thread");
            }
            closed = true;
            CURRENT.set(outer);
            Tensor.installAllocator(outer);
            Pool pool = POOL.get();
            for (Tensor t : made.values()) {
                pool.offer(t);
            }
            made.clear();
        }
    }

    /**
     * Free buffers by size class, with their total size capped. Only buffers the pool lent come back into it (a
     * lent tensor knows its backing buffer); any other tensor given back is left to the collector, since the pool
     * cannot know that nothing else sees its storage.
     */
    private static final class Pool {
        private final TreeMap<Long, ArrayDeque<Tensor>> free = new TreeMap<>();
        private final Map<FloatBuffer, Boolean> inPool = new IdentityHashMap<>();
        private long bytes;

        /** The smallest free buffer of at least {@code capacity} floats and at most twice that, or null. */
        Tensor poll(long capacity) {
            for (Map.Entry<Long, ArrayDeque<Tensor>> e = free.ceilingEntry(capacity);
                 e != null && e.getKey() <= 2 * capacity; e = free.higherEntry(e.getKey())) {
                Tensor t = e.getValue().poll();
                if (t != null) {
                    inPool.remove(t.buffer());
                    bytes -= 4L * t.size();
                    return t;
                }
            }
            return null;
        }

        void offer(Tensor lent) {
            Tensor backing = lent.pooledBacking();
            if (backing == null || inPool.containsKey(backing.buffer())) {
                return; // not the pool's, or already free
            }
            if (poison) {
                backing.fill(Float.NaN); // a later read of this released tensor shows as NaN
            }
            long backingBytes = 4L * backing.size();
            if (bytes + backingBytes > MAX_POOLED_BYTES) {
                return; // over the cap: the collector gets it
            }
            free.computeIfAbsent((long) backing.size(), k -> new ArrayDeque<>()).push(backing);
            inPool.put(backing.buffer(), Boolean.TRUE);
            bytes += backingBytes;
        }

        void clear() {
            free.clear();
            inPool.clear();
            bytes = 0;
        }
    }
}
