package org.rnn4j.serve;

import java.time.Duration;

/**
 * What {@code rnn4j serve}'s options set.
 *
 * @param host        the address to bind; loopback unless the user says otherwise
 * @param port        0 for any free port (tests)
 * @param threads     model runs at once
 * @param maxBody     bytes of a request body at most
 * @param maxQueue    requests waiting for a thread at most; more are answered 429
 * @param apiKey      the bearer key every route but health needs, or null for none
 * @param maxSessions open sessions at most; more are answered 429
 * @param sessionIdle a session unused this long is closed
 * @param grace       how long shutdown waits for requests in flight
 * @param maxBatch    rows of concurrent infer requests run as one batch at most; 1 = no batching
 * @param maxDelay    how long a batch waits for more requests after its first
 * @param maxGenerations generations of one language model stepped together at most; 1 = each alone
 */
public record ServerConfig(String host, int port, int threads, long maxBody, int maxQueue, String apiKey,
                           int maxSessions, Duration sessionIdle, Duration grace, int maxBatch, Duration maxDelay,
                           int maxGenerations) {
    public static final int DEFAULT_MAX_BATCH = 16;
    public static final Duration DEFAULT_MAX_DELAY = Duration.ofMillis(2);
    public static final long DEFAULT_MAX_BODY = 16L << 20;
    /**
     * An RNN's generation state is a few kB, so many generations fit in one step: at the README's 1 × 128 LSTM a
     * step of 64 costs 12× one of 1 (1.1 ms against 0.09), 59 k tokens/s against 11 k.
     */
    public static final int DEFAULT_MAX_GENERATIONS = 64;

    /** Loopback, a free port, one thread per core, and the defaults of the options. */
    public static ServerConfig defaults() {
        return new ServerConfig("127.0.0.1", 0, Runtime.getRuntime().availableProcessors(), DEFAULT_MAX_BODY, 64,
                null, 256, Duration.ofMinutes(10), Duration.ofSeconds(10), DEFAULT_MAX_BATCH, DEFAULT_MAX_DELAY,
                DEFAULT_MAX_GENERATIONS);
    }

    public ServerConfig withApiKey(String key) {
        return new ServerConfig(host, port, threads, maxBody, maxQueue, key, maxSessions, sessionIdle,
                grace, maxBatch, maxDelay, maxGenerations);
    }

    public ServerConfig withMaxBody(long bytes) {
        return new ServerConfig(host, port, threads, bytes, maxQueue, apiKey, maxSessions, sessionIdle,
                grace, maxBatch, maxDelay, maxGenerations);
    }

    public ServerConfig withQueue(int runThreads, int queue) {
        return new ServerConfig(host, port, runThreads, maxBody, queue, apiKey, maxSessions, sessionIdle,
                grace, maxBatch, maxDelay, maxGenerations);
    }

    public ServerConfig withSessions(int max, Duration idle) {
        return new ServerConfig(host, port, threads, maxBody, maxQueue, apiKey, max, idle,
                grace, maxBatch, maxDelay, maxGenerations);
    }

    public ServerConfig withBatching(int rows, Duration delay) {
        return new ServerConfig(host, port, threads, maxBody, maxQueue, apiKey, maxSessions, sessionIdle, grace, rows,
                delay, maxGenerations);
    }

    public ServerConfig withGenerations(int max) {
        return new ServerConfig(host, port, threads, maxBody, maxQueue, apiKey, maxSessions, sessionIdle, grace,
                maxBatch, maxDelay, max);
    }
}
