package org.rnn4j.tensor;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntConsumer;

/**
 * Splits work into parts that run on separate cores, each calling OpenBLAS single-threaded.
 *
 * <p>Why: a recurrent layer's per-step products are small (B·4H·H, e.g. 32·1024·256), and OpenBLAS's own threads
 * made them slower, not faster, on this 2-core machine (its threads wake up and synchronise at every step). The
 * rows of a batch, though, are independent through the whole time loop, so two halves of the batch can each run
 * every step on their own core without any synchronisation until the end.
 */
public final class Parallel {
    /** Rows below which a batch part is not worth a thread of its own. */
    static final int MIN_ROWS_PER_PART = 8;
    /** Rows × hidden units below which a part of a recurrent batch is not worth a thread. */
    static final int MIN_ROW_UNITS_PER_PART = 8192;
    private static final ExecutorService WORKERS = Executors.newCachedThreadPool(task -> {
        Thread thread = new Thread(task, "rnn4j-worker");
        thread.setDaemon(true);
        return thread;
    });

    private static volatile int threads = 1;

    private Parallel() {
    }

    /**
     * Sets how many threads rnn4j may use: for the rows of large products (on its own threads, see
     * {@code Blas.gemm}) and for the parts of a recurrent layer's batch. OpenBLAS itself always runs on one thread:
     * its threads spin after each call and fought ours for the cores.
     */
    public static void setThreads(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, got " + threads);
        }
        Parallel.threads = threads;
    }

    /** The threads rnn4j may use (see {@link #setThreads}). */
    public static int threads() {
        return threads;
    }

    /** How many parts to split {@code rows} rows into: one per thread of {@link #threads()}, each ≥ 8 rows. */
    public static int partsFor(int rows) {
        return Math.max(1, Math.min(threads, rows / MIN_ROWS_PER_PART));
    }

    /**
     * Parts for a recurrent layer's batch: as {@link #partsFor(int)}, but each part needs at least 8192 / H rows.
     * Each part's per-step product re-packs the whole W_hh, so with few rows per part the packing outweighs the
     * halved arithmetic: measured here at two threads, H 256 with 16 rows per part trained 14% slower than one
     * thread, H 512 with 16 rows per part 25-38% faster.
     */
    public static int partsForBatch(int rows, int hidden) {
        int minRows = Math.max(MIN_ROWS_PER_PART, MIN_ROW_UNITS_PER_PART / Math.max(1, hidden));
        return Math.max(1, Math.min(threads, rows / minRows));
    }

    /** What one part does with its rows [from, to). */
    @FunctionalInterface
    public interface RowRange {
        void run(int part, int from, int to);
    }

    /**
     * Splits rows [0, rows) into {@code parts} ranges as even as possible and runs {@code body} on each, as
     * {@link #run} does.
     */
    public static void runRows(int parts, int rows, RowRange body) {
        run(parts, part -> body.run(part, partStart(part, parts, rows), partStart(part + 1, parts, rows)));
    }

    private static int partStart(int part, int parts, int rows) {
        return (int) ((long) rows * part / parts);
    }

    /**
     * Runs {@code body} for parts 0 … parts−1 and waits for all; part 0 runs on the calling thread. The first
     * failure is rethrown after every part has finished.
     */
    public static void run(int parts, IntConsumer body) {
        if (parts <= 1) {
            body.accept(0);
            return;
        }
        Future<?>[] others = new Future<?>[parts - 1];
        for (int p = 1; p < parts; p++) {
            int part = p;
            others[p - 1] = WORKERS.submit(() -> body.accept(part));
        }
        Throwable failure = null;
        try {
            body.accept(0);
        } catch (RuntimeException | Error e) {
            failure = e;
        }
        boolean interrupted = false;
        for (Future<?> other : others) {
            while (true) {
                try {
                    other.get();
                    break;
                } catch (ExecutionException e) {
                    failure = failure != null ? failure : e.getCause();
                    break;
                } catch (InterruptedException e) {
                    interrupted = true; // the parts use shared buffers: wait for them before returning
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        rethrow(failure);
    }

    /** Throws a failure caught on another thread as it was (wrapped only when it is a checked exception). */
    static void rethrow(Throwable failure) {
        if (failure instanceof RuntimeException e) {
            throw e;
        }
        if (failure instanceof Error e) {
            throw e;
        }
        if (failure != null) {
            throw new IllegalStateException(failure);
        }
    }
}
