package org.rnn4j.serve;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Bounds the work in progress: at most {@code threads} model runs at once, and at most {@code maxQueue} requests
 * waiting for one; a request beyond that is answered 429 at once rather than joining an unbounded backlog.
 *
 * <p>The runs themselves happen on {@code threads} model threads of its own, not on the HTTP server's threads:
 * those are as many as there are connections, and each thread that runs a model keeps its working buffers
 * ({@link org.rnn4j.tensor.Workspace}'s pool, oneDNN's thread settings). On the HTTP threads, 32 clients and
 * dynamic batching (a batch of another size on whichever thread led it) left 180 MB of direct buffers pooled
 * after five 5-second loads, growing with every load; on {@code threads} model threads the pools stay as big as
 * {@code threads} working sets.
 */
final class Admission implements AutoCloseable {
    /** A model run, which may throw what the route's handler throws. */
    @FunctionalInterface
    interface Work<T> {
        T run() throws Exception;
    }

    private final Semaphore running;
    private final int threads;
    private final int maxQueue;
    private final AtomicInteger waiting = new AtomicInteger();
    private final ExecutorService modelThreads;

    Admission(int threads, int maxQueue) {
        this.threads = threads;
        this.running = new Semaphore(threads, true);
        this.maxQueue = maxQueue;
        AtomicInteger count = new AtomicInteger();
        this.modelThreads = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "rnn4j-model-" + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Runs {@code work} on a model thread and waits for it. The caller holds a permit ({@link #enter} or
     * {@link #enterReserved}), so a model thread is free: never more runs than permits, never more than threads.
     * What the work throws is thrown here, as it was.
     */
    <T> T run(Work<T> work) throws Exception {
        Future<T> result = modelThreads.submit(work::run);
        try {
            return result.get();
        } catch (InterruptedException e) {
            result.cancel(true);
            Thread.currentThread().interrupt();
            throw new ApiException(503, "the server is shutting down");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof Error error) {
                throw error;
            }
            throw (Exception) cause;
        }
    }

    /** {@link #run} for work that throws no checked exception. */
    <T> T runUnchecked(Work<T> work) {
        try {
            return run(work);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    /** Stops the model threads (a run in progress is interrupted). */
    @Override
    public void close() {
        modelThreads.shutdownNow();
    }

    /** Waits for a thread, or refuses with 429 when {@code maxQueue} requests already wait. */
    void enter() {
        if (running.tryAcquire()) {
            return;
        }
        if (waiting.incrementAndGet() > maxQueue) {
            waiting.decrementAndGet();
            throw busy();
        }
        try {
            running.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiException(503, "the server is shutting down");
        } finally {
            waiting.decrementAndGet();
        }
    }

    /**
     * A place among the requests waiting for a batch (dynamic batching): refused with 429 once more requests wait
     * than {@code maxQueue} plus the threads free now, the same bound {@link #enter} keeps. The place is given up
     * with {@link #leave} when its batch starts.
     */
    void reserve() {
        if (waiting.incrementAndGet() > maxQueue + running.availablePermits()) {
            waiting.decrementAndGet();
            throw busy();
        }
    }

    /** Gives up {@code places} reserved places. */
    void leave(int places) {
        waiting.addAndGet(-places);
    }

    /** Waits for a thread for a batch whose requests hold reserved places (so none is refused here). */
    void enterReserved() {
        try {
            running.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiException(503, "the server is shutting down");
        }
    }

    private ApiException busy() {
        return new ApiException(429, "the server is busy: " + threads + " requests running and " + maxQueue
                + " waiting (--threads, --max-queue); try again shortly");
    }

    void exit() {
        running.release();
    }

    int waiting() {
        return waiting.get();
    }

    int running() {
        return threads - running.availablePermits();
    }
}
