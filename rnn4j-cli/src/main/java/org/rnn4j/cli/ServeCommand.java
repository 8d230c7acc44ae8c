package org.rnn4j.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.rnn4j.io.TextFiles;
import org.rnn4j.serve.ModelServer;
import org.rnn4j.serve.ServedModel;
import org.rnn4j.serve.ServerConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import sun.misc.Signal;

/**
 * {@code rnn4j serve}: serves models over HTTP until Ctrl-C or SIGTERM. Every model is loaded before the server
 * listens, so a bad file stops start-up with the usual one-line error. The first signal stops accepting connections
 * and lets the requests in flight finish (up to --grace); a second one exits at once.
 */
@Command(name = "serve", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Serves models over HTTP: the Open Inference Protocol, generation, classification,"
                + " translation, forecasting and stateful sessions.",
        footer = {
                "",
                "Routes (docs/serving.md has them all, with curl examples):",
                "  GET  /v2/health/live, /v2/health/ready, /v2, /v2/models/NAME",
                "  POST /v2/models/NAME/infer            a recurrent model, as predict",
                "  POST /v1/models/NAME/generate         a language model (\"stream\": true",
                "                                        for server-sent events)",
                "  POST /v1/models/NAME/classify, /translate, /forecast",
                "  POST /v1/models/NAME/sessions         state kept between calls",
                "  GET  /metrics                         Prometheus text format",
                "",
                "Examples:",
                "  rnn4j serve --model austen=austen.safetensors",
                "  rnn4j serve --model lstm=lstm.safetensors --model imdb=imdb.safetensors \\",
                "        --port 9000 --api-key-file key.txt"})
final class ServeCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;
    @Option(names = {"-m", "--model"}, paramLabel = "NAME=FILE", required = true,
            description = "a model to serve under NAME (repeat for more): any file predict, generate, classify,"
                    + " translate or forecast takes")
    List<String> models;
    @Option(names = "--host", paramLabel = "ADDRESS", defaultValue = "127.0.0.1",
            description = "the address to listen on; 0.0.0.0 for every interface (default: ${DEFAULT-VALUE},"
                    + " this machine only)")
    String host;
    @Option(names = "--port", paramLabel = "PORT", defaultValue = "8080",
            description = "the port; 0 = any free one (default: ${DEFAULT-VALUE})")
    int port;
    @Option(names = "--threads", paramLabel = "N",
            description = "model runs at once (default: one per core)")
    Integer threads;
    @Option(names = "--max-queue", paramLabel = "Q", defaultValue = "64",
            description = "requests waiting for a thread at most; more are answered 429 (default: ${DEFAULT-VALUE})")
    int maxQueue;
    @Option(names = "--max-batch", paramLabel = "B", defaultValue = "" + ServerConfig.DEFAULT_MAX_BATCH,
            description = "rows of concurrent infer requests to a recurrent model run as one batch at most; 1 runs"
                    + " each request alone (default: ${DEFAULT-VALUE})")
    int maxBatch;
    @Option(names = "--max-delay-ms", paramLabel = "MS", defaultValue = "2",
            description = "how long a batch waits for more requests after its first (default: ${DEFAULT-VALUE})")
    long maxDelayMs;
    @Option(names = "--max-generations", paramLabel = "N", defaultValue = "64",
            description = "generations of one language model stepped together, one token each per forward pass"
                    + " (continuous batching); more wait their turn; 1 runs each alone (default: ${DEFAULT-VALUE})")
    int maxGenerations;
    @Option(names = "--max-body", paramLabel = "BYTES", defaultValue = "16777216",
            description = "largest request body; more is answered 413 (default: ${DEFAULT-VALUE}, 16 MiB)")
    long maxBody;
    @Option(names = "--api-key-file", paramLabel = "FILE",
            description = "a file holding the key that every route but health needs, as Authorization: Bearer KEY")
    Path apiKeyFile;
    @Option(names = "--max-sessions", paramLabel = "N", defaultValue = "256",
            description = "open sessions at most; more are answered 429 (default: ${DEFAULT-VALUE})")
    int maxSessions;
    @Option(names = "--session-timeout", paramLabel = "SECONDS", defaultValue = "600",
            description = "a session unused this long is closed (default: ${DEFAULT-VALUE})")
    long sessionTimeout;
    @Option(names = "--grace", paramLabel = "SECONDS", defaultValue = "10",
            description = "on Ctrl-C or SIGTERM, how long requests in flight may take to finish (default:"
                    + " ${DEFAULT-VALUE})")
    long grace;

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        ServerConfig config = config();
        List<ServedModel> served = new ArrayList<>();
        for (String model : models) {
            served.add(ServedModels.load(model));
        }
        AtomicReference<String> signal = new AtomicReference<>();
        CountDownLatch stop = new CountDownLatch(1);
        installSignals(signal, stop);
        ModelServer server = ModelServer.start(config, served, line -> {
            synchronized (err) {
                err.println(line);
                err.flush();
            }
        });
        for (ServedModel m : served) {
            out.println(m.name() + ": " + m.describe() + " (" + m.file() + ")");
        }
        out.println("serving on " + server.uri());
        out.flush();
        stop.await();
        err.println("rnn4j serve: stopping; finishing the requests in flight (up to " + grace + " s; press Ctrl-C"
                + " again to quit at once)");
        err.flush();
        server.close(Duration.ofSeconds(grace));
        return "TERM".equals(signal.get()) ? 143 : 130;
    }

    private ServerConfig config() {
        positive("--port", port + 1, "0 or more");
        if (port > 65535) {
            throw new IllegalArgumentException("--port must be at most 65535, got " + port);
        }
        int runThreads = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
        positive("--threads", runThreads, "at least 1");
        positive("--max-queue", maxQueue + 1, "0 or more");
        positive("--max-body", maxBody, "at least 1");
        positive("--max-batch", maxBatch, "at least 1");
        positive("--max-delay-ms", maxDelayMs + 1, "0 or more");
        positive("--max-generations", maxGenerations, "at least 1");
        positive("--max-sessions", maxSessions + 1, "0 or more");
        positive("--session-timeout", sessionTimeout, "at least 1");
        positive("--grace", grace + 1, "0 or more");
        String key = null;
        if (apiKeyFile != null) {
            InputFiles.requireReadableFile("--api-key-file", apiKeyFile);
            key = TextFiles.read(apiKeyFile).strip();
            if (key.isEmpty()) {
                throw new IllegalArgumentException(apiKeyFile + ": the API key file is empty");
            }
        }
        return new ServerConfig(host, port, runThreads, maxBody, maxQueue, key, maxSessions,
                Duration.ofSeconds(sessionTimeout), Duration.ofSeconds(grace), maxBatch, Duration.ofMillis(maxDelayMs),
                maxGenerations);
    }

    private static void positive(String option, long value, String what) {
        if (value < 1) {
            throw new IllegalArgumentException(option + " must be " + what);
        }
    }

    /** See {@link Interruption} for why sun.misc.Signal: a shutdown hook could not let the requests finish. */
    private static void installSignals(AtomicReference<String> signal, CountDownLatch stop) {
        for (String name : new String[] {"INT", "TERM"}) {
            try {
                Signal.handle(new Signal(name), s -> {
                    if (!signal.compareAndSet(null, s.getName())) {
                        Runtime.getRuntime().halt(s.getName().equals("TERM") ? 143 : 130);
                    }
                    stop.countDown();
                });
            } catch (IllegalArgumentException e) {
                // the signal does not exist here or the JVM reserves it: keep its default
            }
        }
    }
}
