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
 */
public record ServerConfig(String host, int port, int threads, long maxBody, int maxQueue, String apiKey,
                           int maxSessions, Duration sessionIdle, Duration grace) {
    public static final long DEFAULT_MAX_BODY = 16L << 20;

    /** Loopback, a free port, one thread per core, and the defaults of the options. */
    public static ServerConfig defaults() {
        return new ServerConfig("127.0.0.1", 0, Runtime.getRuntime().availableProcessors(), DEFAULT_MAX_BODY, 64,
                null, 256, Duration.ofMinutes(10), Duration.ofSeconds(10));
    }

    public ServerConfig withApiKey(String key) {
        return new ServerConfig(host, port, threads, maxBody, maxQueue, key, maxSessions, sessionIdle, grace);
    }

    public ServerConfig withMaxBody(long bytes) {
        return new ServerConfig(host, port, threads, bytes, maxQueue, apiKey, maxSessions, sessionIdle, grace);
    }

    public ServerConfig withQueue(int runThreads, int queue) {
        return new ServerConfig(host, port, runThreads, maxBody, queue, apiKey, maxSessions, sessionIdle, grace);
    }

    public ServerConfig withSessions(int max, Duration idle) {
        return new ServerConfig(host, port, threads, maxBody, maxQueue, apiKey, max, idle, grace);
    }
}
