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
            throw new ApiException(429, "the server is busy: " + threads + " requests running and " + maxQueue
                    + " waiting (--threads, --max-queue); try again shortly");
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
