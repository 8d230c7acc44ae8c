package org.rnn4j.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.ConnectException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.rnn4j.io.TextFiles;
import org.rnn4j.serve.load.Exchange;
import org.rnn4j.serve.load.LoadLevel;
import org.rnn4j.serve.load.LoadResult;
import org.rnn4j.serve.load.ServeClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * A load benchmark against a running {@code rnn4j serve}: N concurrent clients per level, each sending its next
 * request when the last is answered, for a fixed time; prints requests/s, latency percentiles, time to first token
 * and tokens/s for generation, 429s, and the server's memory before and after, from its {@code /metrics}.
 */
@Command(name = "bench-serve", mixinStandardHelpOptions = true,
        description = {"Drives concurrent clients against a running rnn4j serve and prints requests/s, p50/p99"
                + " latency, time to first token and tokens/s (generation), 429s, and the server's memory before"
                + " and after."},
        footer = {"", "Examples:",
                "  rnn4j bench-serve --model lstm --clients 1,8,32,128 --seconds 10",
                "  rnn4j bench-serve --url http://127.0.0.1:8181 --model lm --max-tokens 100"})
public final class BenchServeCommand implements Callable<Integer> {
    private static final String RSS = "process_resident_memory_bytes";
    private static final String HEAP = "jvm_heap_used_bytes";
    private static final String DIRECT = "jvm_direct_buffers_used_bytes";

    @Spec
    CommandSpec spec;
    @Option(names = "--url", paramLabel = "URL", defaultValue = "http://127.0.0.1:8080",
            description = "the server (default: ${DEFAULT-VALUE})")
    String url;
    @Option(names = {"-m", "--model"}, paramLabel = "NAME", required = true, description = "the served model's name")
    String model;
    @Option(names = "--route", paramLabel = "ROUTE", defaultValue = "auto",
            description = "infer, generate, classify, or auto: the model's own (infer for recurrent models,"
                    + " generate for language models, classify for classifiers) (default: ${DEFAULT-VALUE})")
    String route;
    @Option(names = "--clients", paramLabel = "N[,N...]", split = ",", defaultValue = "1,8,32,128",
            description = "concurrent clients of each level (default: ${DEFAULT-VALUE})")
    List<Integer> clients;
    @Option(names = "--seconds", paramLabel = "S", defaultValue = "10",
            description = "how long each level runs (default: ${DEFAULT-VALUE})")
    double seconds;
    @Option(names = "--batch", paramLabel = "B", defaultValue = "1",
            description = "infer: rows per request (default: ${DEFAULT-VALUE})")
    int batch;
    @Option(names = "--steps", paramLabel = "T", defaultValue = "50",
            description = "infer: time steps per row (default: ${DEFAULT-VALUE})")
    int steps;
    @Option(names = "--features", paramLabel = "F",
            description = "infer: features per step (default: the model's, from its metadata)")
    Integer features;
    @Option(names = "--prime", paramLabel = "TEXT", defaultValue = "It is a truth universally acknowledged",
            description = "generate: the prime (default: ${DEFAULT-VALUE})")
    String prime;
    @Option(names = "--max-tokens", paramLabel = "N", defaultValue = "64",
            description = "generate: tokens per request (default: ${DEFAULT-VALUE})")
    int maxTokens;
    @Option(names = "--temperature", paramLabel = "T", defaultValue = "1.0",
            description = "generate: sampling temperature (default: ${DEFAULT-VALUE})")
    double temperature;
    @Option(names = "--text", paramLabel = "TEXT", defaultValue = "A moving, funny and beautifully acted film.",
            description = "classify: the text (default: ${DEFAULT-VALUE})")
    String text;
    @Option(names = "--api-key-file", paramLabel = "FILE", description = "the server's API key, sent as Bearer")
    Path apiKeyFile;

    @Override
    public Integer call() throws IOException, InterruptedException {
        checkOptions();
        PrintWriter out = spec.commandLine().getOut();
        ServeClient client = new ServeClient(serverUri(), apiKey());
        String kind = kind(client);
        String chosen = route.equals("auto") ? routeFor(kind) : route;
        Exchange exchange = exchange(client, chosen);
        out.printf(Locale.ROOT, "bench-serve %s  model %s (%s)  route %s  %s s per level%n", url, model, kind,
                chosen, number(seconds));
        Map<String, Long> before = client.gauges(RSS, HEAP, DIRECT);
        out.println("server memory before: " + memory(before));
        for (int n : clients) {
            LoadResult r = LoadLevel.run(n, Duration.ofNanos((long) (seconds * 1e9)), exchange);
            out.printf(Locale.ROOT, "clients %4d  requests/s %8.1f  p50 %8.2f ms  p99 %8.2f ms", n,
                    r.requestsPerSecond(), r.latencyMillis(0.5), r.latencyMillis(0.99));
            if (r.streamed()) {
                out.printf(Locale.ROOT, "  ttft p50 %7.2f ms  p99 %7.2f ms  tokens/s %8.1f", r.firstTokenMillis(0.5),
                        r.firstTokenMillis(0.99), r.tokensPerSecond());
            }
            out.printf(Locale.ROOT, "  429 %d  failed %d  server rss %s%n", r.busy(), r.failed(),
                    megabytes(client.gauges(RSS).get(RSS)));
            out.flush();
        }
        out.println("server memory after:  " + memory(client.gauges(RSS, HEAP, DIRECT)));
        return 0;
    }

    private void checkOptions() {
        if (!List.of("auto", "infer", "generate", "classify").contains(route)) {
            throw new IllegalArgumentException("--route: expected infer, generate, classify or auto, got '" + route
                    + "'");
        }
        if (clients.isEmpty() || clients.stream().anyMatch(n -> n < 1)) {
            throw new IllegalArgumentException("--clients: each level needs at least 1 client, got " + clients);
        }
        if (!(seconds > 0) || seconds > 3600) {
            throw new IllegalArgumentException("--seconds: expected a time in (0, 3600], got " + number(seconds));
        }
        if (batch < 1 || steps < 1 || (features != null && features < 1) || maxTokens < 1) {
            throw new IllegalArgumentException("--batch, --steps, --features and --max-tokens must be at least 1");
        }
    }

    private URI serverUri() {
        try {
            URI uri = new URI(url);
            if (!"http".equals(uri.getScheme()) || uri.getHost() == null) {
                throw new URISyntaxException(url, "expected http://HOST:PORT");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("--url: expected http://HOST:PORT, got '" + url + "'");
        }
    }

    private String apiKey() {
        if (apiKeyFile == null) {
            return null;
        }
        InputFiles.requireReadableFile("--api-key-file", apiKeyFile);
        String key = TextFiles.read(apiKeyFile).strip();
        if (key.isEmpty()) {
            throw new IllegalArgumentException(apiKeyFile + ": the API key file is empty");
        }
        return key;
    }

    private String kind(ServeClient client) throws IOException, InterruptedException {
        try {
            return client.kindOf(model);
        } catch (ConnectException e) {
            throw new IllegalArgumentException("--url: nothing answers at " + url + " (is rnn4j serve running?)");
        }
    }

    private static String routeFor(String kind) {
        return switch (kind) {
            case "language model" -> "generate";
            case "text classifier" -> "classify";
            case "recurrent model", "ONNX graph", "layer chain" -> "infer";
            default -> throw new IllegalArgumentException("--route: bench-serve has no load for a " + kind
                    + " yet; give --route infer, generate or classify");
        };
    }

    private Exchange exchange(ServeClient client, String chosen) throws IOException, InterruptedException {
        return switch (chosen) {
            case "generate" -> client.generate(model, prime, maxTokens, temperature);
            case "classify" -> client.classify(model, text);
            default -> client.infer(model, batch, steps, features != null ? features : modelFeatures(client));
        };
    }

    private int modelFeatures(ServeClient client) throws IOException, InterruptedException {
        long f = client.featuresOf(model);
        if (f < 1) {
            throw new IllegalArgumentException("--features: the metadata of '" + model
                    + "' does not fix its features; give --features F");
        }
        return Math.toIntExact(f);
    }

    private static String memory(Map<String, Long> gauges) {
        return "rss " + megabytes(gauges.get(RSS)) + ", heap " + megabytes(gauges.get(HEAP)) + ", tensors (direct) "
                + megabytes(gauges.get(DIRECT));
    }

    private static String megabytes(Long bytes) {
        return bytes == null ? "unknown" : String.format(Locale.ROOT, "%.1f MB", bytes / 1e6);
    }

    private static String number(double v) {
        return v == Math.rint(v) ? String.valueOf((long) v) : String.valueOf(v);
    }
}
