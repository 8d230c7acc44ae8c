package org.rnn4j.serve;

import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Bounds the work in progress: at most {@code threads} model runs at once, and at most {@code maxQueue} requests
 * waiting for one; a request beyond that is answered 429 at once rather than joining an unbounded backlog.
 */
final class Admission {
    private final Semaphore running;
    private final int threads;
    private final int maxQueue;
    private final AtomicInteger waiting = new AtomicInteger();

    Admission(int threads, int maxQueue) {
        this.threads = threads;
        this.running = new Semaphore(threads, true);
        this.maxQueue = maxQueue;
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
