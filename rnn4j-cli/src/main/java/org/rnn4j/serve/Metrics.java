package org.rnn4j.serve;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

/**
 * The server's counters, served at {@code GET /metrics} in Prometheus's text format (version 0.0.4). Labels are
 * route templates ({@code /v2/models/{name}/infer}) and model names, never raw paths, so that the number of series
 * stays bounded whatever clients send.
 */
final class Metrics {
    /** Seconds: from a fast infer (under a millisecond) to a long generation. */
    private static final double[] LATENCY_BUCKETS = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25,
        0.5, 1, 2.5, 5, 10, 30, 60};

    /** A cumulative histogram: count of observations at or below each bound, their sum and count. */
    static final class Histogram {
        private final double[] bounds;
        private final LongAdder[] counts;
        private final DoubleAdder sum = new DoubleAdder();
        private final LongAdder count = new LongAdder();

        Histogram(double[] bounds) {
            this.bounds = bounds;
            this.counts = new LongAdder[bounds.length];
            for (int i = 0; i < bounds.length; i++) {
                counts[i] = new LongAdder();
            }
        }

        void observe(double value) {
            for (int i = 0; i < bounds.length; i++) {
                if (value <= bounds[i]) {
                    counts[i].increment();
                    break; // made cumulative when rendered
                }
            }
            sum.add(value);
            count.increment();
        }

        void render(StringBuilder out, String name, String labels) {
            long cumulative = 0;
            String sep = labels.isEmpty() ? "" : ",";
            for (int i = 0; i < bounds.length; i++) {
                cumulative += counts[i].sum();
                out.append(name).append("_bucket{").append(labels).append(sep).append("le=\"")
                        .append(number(bounds[i])).append("\"} ").append(cumulative).append('\n');
            }
            out.append(name).append("_bucket{").append(labels).append(sep).append("le=\"+Inf\"} ")
                    .append(count.sum()).append('\n');
            String braces = labels.isEmpty() ? "" : "{" + labels + "}";
            out.append(name).append("_sum").append(braces).append(' ').append(number(sum.sum())).append('\n');
            out.append(name).append("_count").append(braces).append(' ').append(count.sum()).append('\n');
        }
    }

    /** Rows of a batch run by dynamic batching, up to --max-batch. */
    private static final double[] BATCH_BUCKETS = {1, 2, 4, 8, 16, 32, 64, 128, 256};

    private final ConcurrentMap<String, LongAdder> requests = new ConcurrentHashMap<>();  // route \0 status
    private final ConcurrentMap<String, Histogram> latency = new ConcurrentHashMap<>();   // route
    private final ConcurrentMap<String, LongAdder> tokens = new ConcurrentHashMap<>();    // model
    private final ConcurrentMap<String, Histogram> firstToken = new ConcurrentHashMap<>(); // model
    private final ConcurrentMap<String, Histogram> batchRows = new ConcurrentHashMap<>(); // model
    private final LongAdder cancelled = new LongAdder();
    private final LongAdder rejected = new LongAdder();
    private final Map<String, LongSupplier> gauges = new TreeMap<>();

    void request(String route, int status, double seconds) {
        requests.computeIfAbsent(route + '\0' + status, k -> new LongAdder()).increment();
        latency.computeIfAbsent(route, k -> new Histogram(LATENCY_BUCKETS)).observe(seconds);
    }

    void tokenGenerated(String model) {
        tokens.computeIfAbsent(model, k -> new LongAdder()).increment();
    }

    void firstToken(String model, double seconds) {
        firstToken.computeIfAbsent(model, k -> new Histogram(LATENCY_BUCKETS)).observe(seconds);
    }

    void batchRun(String model, int rows) {
        batchRows.computeIfAbsent(model, k -> new Histogram(BATCH_BUCKETS)).observe(rows);
    }

    void generationCancelled() {
        cancelled.increment();
    }

    void rejectedAsBusy() {
        rejected.increment();
    }

    /** A value read when /metrics is served (requests in flight, queue depth, open sessions). */
    synchronized void gauge(String name, LongSupplier value) {
        gauges.put(name, value);
    }

    long tokens(String model) {
        LongAdder n = tokens.get(model);
        return n == null ? 0 : n.sum();
    }

    long cancelled() {
        return cancelled.sum();
    }

    synchronized String render() {
        StringBuilder out = new StringBuilder();
        out.append("# HELP rnn4j_requests_total HTTP requests answered, by route and status.\n")
                .append("# TYPE rnn4j_requests_total counter\n");
        new TreeMap<>(requests).forEach((key, n) -> {
            String[] parts = key.split("\0");
            out.append("rnn4j_requests_total{route=\"").append(escape(parts[0])).append("\",status=\"")
                    .append(parts[1]).append("\"} ").append(n.sum()).append('\n');
        });
        out.append("# HELP rnn4j_request_duration_seconds Time from a request's arrival to its last byte.\n")
                .append("# TYPE rnn4j_request_duration_seconds histogram\n");
        new TreeMap<>(latency).forEach((route, h) -> h.render(out, "rnn4j_request_duration_seconds",
                "route=\"" + escape(route) + "\""));
        out.append("# HELP rnn4j_generated_tokens_total Tokens generated, by model.\n")
                .append("# TYPE rnn4j_generated_tokens_total counter\n");
        new TreeMap<>(tokens).forEach((model, n) -> out.append("rnn4j_generated_tokens_total{model=\"")
                .append(escape(model)).append("\"} ").append(n.sum()).append('\n'));
        out.append("# HELP rnn4j_time_to_first_token_seconds Time from a generate request's arrival to its first"
                + " token.\n").append("# TYPE rnn4j_time_to_first_token_seconds histogram\n");
        new TreeMap<>(firstToken).forEach((model, h) -> h.render(out, "rnn4j_time_to_first_token_seconds",
                "model=\"" + escape(model) + "\""));
        out.append("# HELP rnn4j_batch_rows Rows of each batch that dynamic batching ran, by model.\n")
                .append("# TYPE rnn4j_batch_rows histogram\n");
        new TreeMap<>(batchRows).forEach((model, h) -> h.render(out, "rnn4j_batch_rows",
                "model=\"" + escape(model) + "\""));
        out.append("# HELP rnn4j_generations_cancelled_total Generations stopped because the client went away.\n")
                .append("# TYPE rnn4j_generations_cancelled_total counter\n")
                .append("rnn4j_generations_cancelled_total ").append(cancelled.sum()).append('\n');
        out.append("# HELP rnn4j_rejected_busy_total Requests answered 429 because the queue was full.\n")
                .append("# TYPE rnn4j_rejected_busy_total counter\n")
                .append("rnn4j_rejected_busy_total ").append(rejected.sum()).append('\n');
        gauges.forEach((name, value) -> out.append("# TYPE ").append(name).append(" gauge\n").append(name)
                .append(' ').append(value.getAsLong()).append('\n'));
        return out.toString();
    }

    private static String number(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? String.format(Locale.ROOT, "%.1f", v)
                : String.valueOf(v);
    }

    /** Prometheus label values escape backslash, quote and line feed. */
    private static String escape(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }
}
