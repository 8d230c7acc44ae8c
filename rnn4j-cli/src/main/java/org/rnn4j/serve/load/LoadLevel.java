package org.rnn4j.serve.load;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A closed-loop load: N clients, each sending its next request as soon as the last one is answered, for a fixed
 * time. Closed-loop is what a pool of callers does and it cannot overrun the server; the figures are what the
 * server sustains with N requests outstanding.
 */
public final class LoadLevel {
    private LoadLevel() {
    }

    /** Runs {@code clients} clients for {@code duration} and gathers every answer. */
    public static LoadResult run(int clients, Duration duration, Exchange exchange) throws InterruptedException {
        if (clients < 1) {
            throw new IllegalArgumentException("--clients: each level needs at least 1 client, got " + clients);
        }
        long start = System.nanoTime();
        long end = start + duration.toNanos();
        List<List<Exchange.Sample>> perClient = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        AtomicReference<Exception> unexpected = new AtomicReference<>();
        for (int c = 0; c < clients; c++) {
            List<Exchange.Sample> samples = new ArrayList<>();
            perClient.add(samples);
            Thread thread = new Thread(() -> {
                long round = 0;
                while (System.nanoTime() < end) {
                    try {
                        samples.add(exchange.send(round++));
                    } catch (IOException e) {
                        // A refused or reset connection is an answer of the server under load: count it.
                        samples.add(new Exchange.Sample(LoadResult.NO_ANSWER, 0, -1, 0));
                    } catch (InterruptedException e) {
                        return;
                    } catch (RuntimeException e) {
                        unexpected.compareAndSet(null, e);
                        return;
                    }
                }
            }, "bench-serve-client-" + c);
            thread.setDaemon(true);
            threads.add(thread);
            thread.start();
        }
        for (Thread thread : threads) {
            thread.join();
        }
        if (unexpected.get() != null) {
            throw new IllegalStateException(unexpected.get().getMessage(), unexpected.get());
        }
        List<Exchange.Sample> all = new ArrayList<>();
        perClient.forEach(all::addAll);
        return new LoadResult(clients, (System.nanoTime() - start) / 1e9, all);
    }
}
