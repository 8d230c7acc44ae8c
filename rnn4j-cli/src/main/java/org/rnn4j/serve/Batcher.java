package org.rnn4j.serve;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.IntConsumer;
import org.rnn4j.tensor.Tensor;

/**
 * Dynamic batching, as TorchServe and DJL Serving do it: requests that arrive close together and can share one
 * forward pass (the same {@code key}, e.g. the same T) are run as one batch of at most {@code maxRows} rows, gathered
 * for at most {@code maxDelay} after the first of them arrived.
 *
 * <p>No thread of its own: the first request of a batch leads it (waits for the others, takes a permit from
 * {@link Admission}, runs the batch on one of its model threads and hands every request its part); the others wait
 * for their part. Each request
 * holds a queue place from its arrival until its batch starts, so the server's bound on waiting requests (429) holds
 * with batching as without.
 *
 * @param <R> one request's validated input
 */
final class Batcher<R> {
    private final int maxRows;
    private final long maxDelayNanos;
    private final Admission admission;
    private final IntConsumer batchRows;
    private final Function<List<R>, List<Map<String, Tensor>>> run;
    private final Object lock = new Object();
    private final Map<Object, Batch<R>> open = new HashMap<>(); // by key: the batch still taking requests

    private static final class Batch<R> {
        final List<R> requests = new ArrayList<>();
        final List<CompletableFuture<Map<String, Tensor>>> results = new ArrayList<>();
        final long openedAt = System.nanoTime();
        int rows;
        boolean closed;
    }

    /**
     * @param batchRows told the rows of every batch run (the metrics' histogram)
     * @param run       computes a batch: one result per request, in their order
     */
    Batcher(int maxRows, Duration maxDelay, Admission admission, IntConsumer batchRows,
            Function<List<R>, List<Map<String, Tensor>>> run) {
        this.maxRows = maxRows;
        this.maxDelayNanos = maxDelay.toNanos();
        this.admission = admission;
        this.batchRows = batchRows;
        this.run = run;
    }

    /** This request's outputs, computed in a batch with whatever else arrives in time; 429 if the queue is full. */
    Map<String, Tensor> submit(Object key, R request, int rows) {
        admission.reserve();
        Batch<R> batch;
        CompletableFuture<Map<String, Tensor>> result = new CompletableFuture<>();
        boolean leads;
        synchronized (lock) {
            batch = open.get(key);
            leads = batch == null || batch.rows + rows > maxRows;
            if (leads) {
                if (batch != null) {
                    close(key, batch);                    // full: its leader runs it now, this one starts the next
                }
                batch = new Batch<>();
                open.put(key, batch);
            }
            batch.requests.add(request);
            batch.results.add(result);
            batch.rows += rows;
            if (batch.rows >= maxRows) {
                close(key, batch);
            }
        }
        if (leads) {
            lead(key, batch);
        }
        try {
            return result.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
    }

    private void close(Object key, Batch<R> batch) {
        batch.closed = true;
        open.remove(key, batch);
        lock.notifyAll();
    }

    /** Waits until the batch is full or its delay is over, then runs it on a model thread. */
    private void lead(Object key, Batch<R> batch) {
        synchronized (lock) {
            long left;
            while (!batch.closed && (left = batch.openedAt + maxDelayNanos - System.nanoTime()) > 0) {
                try {
                    TimeUnit.NANOSECONDS.timedWait(lock, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            if (!batch.closed) {
                close(key, batch);
            }
        }
        try {
            admission.enterReserved();
        } catch (RuntimeException e) {
            admission.leave(batch.requests.size());
            batch.results.forEach(r -> r.completeExceptionally(e));
            return;
        }
        admission.leave(batch.requests.size());
        try {
            batchRows.accept(batch.rows);
            List<Map<String, Tensor>> outputs = admission.runUnchecked(() -> run.apply(batch.requests));
            for (int i = 0; i < outputs.size(); i++) {
                batch.results.get(i).complete(outputs.get(i));
            }
        } catch (RuntimeException | Error e) {
            batch.results.forEach(r -> r.completeExceptionally(e));
        } finally {
            admission.exit();
        }
    }
}
