package org.rnn4j.serve.load;

import java.util.List;

/** The answers of one load level, summarised as a service team reads them. */
public final class LoadResult {
    /** The status recorded for a request that got no HTTP answer (connection refused or reset). */
    static final int NO_ANSWER = 0;

    private final int clients;
    private final double seconds;
    private final long[] okLatencies;
    private final long[] firstTokens;
    private final long tokens;
    private final int busy;
    private final int failed;

    LoadResult(int clients, double seconds, List<Exchange.Sample> samples) {
        this.clients = clients;
        this.seconds = seconds;
        this.okLatencies = samples.stream().filter(s -> s.status() == 200).mapToLong(Exchange.Sample::latencyNanos)
                .sorted().toArray();
        this.firstTokens = samples.stream().filter(s -> s.status() == 200 && s.firstTokenNanos() >= 0)
                .mapToLong(Exchange.Sample::firstTokenNanos).sorted().toArray();
        this.tokens = samples.stream().filter(s -> s.status() == 200).mapToLong(Exchange.Sample::tokens).sum();
        this.busy = (int) samples.stream().filter(s -> s.status() == 429).count();
        this.failed = samples.size() - okLatencies.length - busy;
    }

    public int clients() {
        return clients;
    }

    /** Answered requests (status 200) per second of the level. */
    public double requestsPerSecond() {
        return okLatencies.length / seconds;
    }

    public int answered() {
        return okLatencies.length;
    }

    /** Requests refused with 429 because the server's queue was full. */
    public int busy() {
        return busy;
    }

    /** Requests answered with another status, or not at all. */
    public int failed() {
        return failed;
    }

    /** The q-quantile (0 < q ≤ 1) of the answered requests' latency in milliseconds, by nearest rank; NaN if none. */
    public double latencyMillis(double q) {
        return quantile(okLatencies, q) / 1e6;
    }

    /** The q-quantile of the time to the first streamed token in milliseconds; NaN when nothing was streamed. */
    public double firstTokenMillis(double q) {
        return quantile(firstTokens, q) / 1e6;
    }

    public boolean streamed() {
        return firstTokens.length > 0;
    }

    /** Generated tokens per second, all clients together. */
    public double tokensPerSecond() {
        return tokens / seconds;
    }

    /** Nearest-rank quantile: the smallest value with at least q of the values at or below it. */
    static double quantile(long[] sorted, double q) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int rank = (int) Math.ceil(q * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length, rank) - 1)];
    }
}
