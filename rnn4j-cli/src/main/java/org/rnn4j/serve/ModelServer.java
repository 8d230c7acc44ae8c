package org.rnn4j.serve;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.rnn4j.Version;
import org.rnn4j.forecast.ForecastData;
import org.rnn4j.forecast.Forecaster;
import org.rnn4j.forecast.Transform;
import org.rnn4j.seq2seq.DecodeOptions;
import org.rnn4j.seq2seq.Translator;
import org.rnn4j.tensor.Tensor;
import org.rnn4j.text.TextClassifier;

/**
 * The HTTP server of {@code rnn4j serve}, on the JDK's own {@code com.sun.net.httpserver} (no dependency; see
 * docs/serving.md for why not Javalin). Every route answers JSON, errors as {@code {"error": "..."}} with a 4xx that
 * says what and where; an unexpected failure is a 500 with one log line, never a stack trace to the client.
 *
 * <p>Threads: the HTTP server hands each exchange to a pooled thread; a route that runs a model first takes one of
 * {@code --threads} permits ({@link Admission}) and runs on one of its {@code --threads} model threads, so at most
 * that many models run at once, on threads that keep their working buffers, and at most {@code --max-queue}
 * requests wait. Health, metadata and metrics never wait behind model runs.
 */
public final class ModelServer implements AutoCloseable {
    /** Texts of one classify or translate request at most. */
    static final int MAX_TEXTS = 1024;
    /** Texts per classifier batch: as {@code rnn4j classify}'s default --batch, so that the numbers are its. */
    static final int CLASSIFY_BATCH = 64;

    private final ServerConfig config;
    private final Map<String, ServedModel> models = new LinkedHashMap<>();
    private final Consumer<String> log;
    private final Metrics metrics = new Metrics();
    private final Admission admission;
    /** Dynamic batching of infer, per recurrent model (none with --max-batch 1). */
    private final Map<String, Batcher<RecurrentServedModel.Rows>> batchers = new HashMap<>();
    private final Map<String, GenerationScheduler> generators = new HashMap<>();
    private final Sessions sessions;
    private final ApiKey apiKey;
    private final Router router = new Router();
    private final HttpServer server;
    private final ExecutorService executor;
    private final ScheduledExecutorService sweeper;
    private final AtomicInteger inFlight = new AtomicInteger();
    private volatile boolean draining;

    private ModelServer(ServerConfig config, List<ServedModel> served, Consumer<String> log) throws IOException {
        this.config = config;
        this.log = log;
        for (ServedModel m : served) {
            if (models.put(m.name(), m) != null) {
                throw new IllegalArgumentException("--model: the name '" + m.name() + "' is given twice");
            }
        }
        this.admission = new Admission(config.threads(), config.maxQueue());
        for (ServedModel m : served) {
            if (m instanceof RecurrentServedModel recurrent && config.maxBatch() > 1) {
                batchers.put(m.name(), new Batcher<>(config.maxBatch(), config.maxDelay(), admission,
                        rows -> metrics.batchRun(m.name(), rows), recurrent::inferAll));
            }
            if (m instanceof LanguageServedModel lm && config.maxGenerations() > 1) {
                generators.put(m.name(), new GenerationScheduler(m.name(), lm.model(), config.maxGenerations(), admission,
                        rows -> metrics.batchRun(m.name(), rows)));
            }
        }
        this.sessions = new Sessions(config.maxSessions(), config.sessionIdle());
        this.apiKey = config.apiKey() == null ? null : new ApiKey(config.apiKey());
        routes();
        metrics.gauge("rnn4j_requests_in_flight", inFlight::get);
        metrics.gauge("rnn4j_queue_depth", admission::waiting);
        metrics.gauge("rnn4j_model_runs_in_progress", admission::running);
        metrics.gauge("rnn4j_sessions_open", sessions::size);
        if (ProcessMemory.residentKnown()) {
            metrics.gauge("process_resident_memory_bytes", ProcessMemory::residentBytes);
        }
        metrics.gauge("jvm_heap_used_bytes", ProcessMemory::heapUsedBytes);
        metrics.gauge("jvm_direct_buffers_used_bytes", ProcessMemory::directBufferBytes);
        // Small requests and event-stream chunks must go out at once, not wait for Nagle's algorithm (40 ms).
        System.setProperty("sun.net.httpserver.nodelay", "true");
        server = HttpServer.create(new InetSocketAddress(config.host(), config.port()), 128);
        AtomicInteger threadCount = new AtomicInteger();
        executor = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "rnn4j-http-" + threadCount.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        sweeper = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "rnn4j-session-sweeper");
            t.setDaemon(true);
            return t;
        });
        long every = Math.max(1, Math.min(60, config.sessionIdle().toSeconds() / 2));
        sweeper.scheduleWithFixedDelay(sessions::sweep, every, every, TimeUnit.SECONDS);
    }

    /**
     * Binds and starts serving the models, which are all loaded already.
     *
     * @param log where the access log and error lines go (stderr for the command)
     */
    public static ModelServer start(ServerConfig config, List<ServedModel> models, Consumer<String> log) {
        try {
            ModelServer s = new ModelServer(config, models, log);
            s.server.start();
            return s;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on " + config.host() + ":" + config.port() + ": "
                    + e.getMessage(), e);
        }
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** http://127.0.0.1:8080/ (an IPv6 address in brackets). */
    public URI uri() {
        String host = config.host().contains(":") ? "[" + config.host() + "]" : config.host();
        return URI.create("http://" + host + ":" + port() + "/");
    }

    Metrics metrics() {
        return metrics;
    }

    /**
     * Graceful shutdown: stops accepting connections at once, lets the requests in flight finish for up to
     * {@code grace}, then closes every connection.
     */
    public void close(Duration grace) {
        draining = true;
        // stop(n) closes the listening socket at once, then waits for the exchanges in progress; in JDK 17 it waits
        // the whole n seconds when none is (JDK-8304065), so it runs aside while this thread watches the count.
        Thread stopper = new Thread(() -> server.stop((int) Math.max(1, grace.toSeconds())), "rnn4j-stop");
        stopper.setDaemon(true);
        stopper.start();
        long deadline = System.nanoTime() + grace.toNanos();
        while (inFlight.get() > 0 && System.nanoTime() < deadline) {
            sleep(20);
        }
        server.stop(0); // closes every connection now; the stopper thread then ends by itself, harmlessly
        sweeper.shutdownNow();
        executor.shutdownNow();
        generators.values().forEach(GenerationScheduler::close);
        admission.close();
    }

    @Override
    public void close() {
        close(config.grace());
    }

    int inFlight() {
        return inFlight.get();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void routes() {
        WebAppRoutes.register(router, this::model); // the page at / and its routes
        router.add("GET", "/v2/health/live", c -> c.json(200, object().put("live", true)))
                .add("GET", "/v2/health/ready", this::ready)
                .add("GET", "/v2", this::serverMetadata)
                .add("GET", "/v2/models/{name}", c -> c.json(200, model(c).metadata()))
                .add("GET", "/v2/models/{name}/ready", c -> c.json(200, object().put("name", model(c).name())
                        .put("ready", !draining)))
                .add("POST", "/v2/models/{name}/infer", this::infer) // admitted in infer: batched or not
                .add("POST", "/v2/models/{name}/generate", c -> generate(c, false, false))
                .add("POST", "/v2/models/{name}/generate_stream", c -> generate(c, false, true))
                .add("GET", "/v1/models", this::listModels)
                .add("POST", "/v1/models/{name}/generate", c -> generate(c, true, false))
                .compute("POST", "/v1/models/{name}/classify", this::classify)
                .compute("POST", "/v1/models/{name}/translate", this::translate)
                .compute("POST", "/v1/models/{name}/forecast", this::forecast)
                .add("POST", "/v1/models/{name}/sessions", this::openSession)
                .compute("POST", "/v1/models/{name}/sessions/{id}/step", this::step)
                .add("DELETE", "/v1/models/{name}/sessions/{id}", this::closeSession)
                .add("GET", "/metrics", c -> c.send(200, "text/plain; version=0.0.4; charset=utf-8",
                        metrics.render().getBytes(StandardCharsets.UTF_8)));
    }

    private static ObjectNode object() {
        return Json.MAPPER.createObjectNode();
    }

    /** One exchange, start to end: route, key, admission, handler, error, access log and metrics. */
    private void handle(HttpExchange exchange) {
        inFlight.incrementAndGet();
        Call call = new Call(exchange, config.maxBody());
        try {
            if (draining) {
                exchange.getResponseHeaders().set("Connection", "close");
                throw new ApiException(503, "the server is shutting down");
            }
            Router.Match match = router.match(call.method(), call.path());
            call.route = match.route().template();
            call.params = match.params();
            if (apiKey != null && !call.route.startsWith("/v2/health/")
                    && !apiKey.accepts(exchange.getRequestHeaders().getFirst("Authorization"))) {
                exchange.getResponseHeaders().set("WWW-Authenticate", "Bearer");
                throw new ApiException(401, "this server needs an API key: send Authorization: Bearer <key>");
            }
            if (match.route().compute()) {
                admission.enter();
                try {
                    admission.run(() -> {
                        match.route().handler().handle(call);
                        return null;
                    });
                } finally {
                    admission.exit();
                }
            } else {
                match.route().handler().handle(call);
            }
        } catch (Router.MethodNotAllowed e) {
            call.route = e.template;
            exchange.getResponseHeaders().set("Allow", e.allow);
            call.error(e.status(), e.getMessage());
        } catch (ApiException e) {
            if (e.status() == 429) {
                exchange.getResponseHeaders().set("Retry-After", "1");
                metrics.rejectedAsBusy();
            }
            call.error(e.status(), e.getMessage());
        } catch (IllegalArgumentException e) {
            call.error(400, e.getMessage()); // the library's own check of a value the request gave
        } catch (EventStream.ClientGone e) {
            // a stream's client went away: nothing to answer (the generation has stopped)
        } catch (Exception | OutOfMemoryError | StackOverflowError e) {
            StackTraceElement at = e.getStackTrace().length > 0 ? e.getStackTrace()[0] : null;
            log.accept("rnn4j serve: internal error in " + call.method() + " " + call.path() + ": "
                    + e.getClass().getName() + ": " + e.getMessage() + (at == null ? "" : " at " + at));
            call.error(500, "internal error (" + e.getClass().getSimpleName() + "); the server's log has the"
                    + " details");
        } finally {
            exchange.close();
            metrics.request(call.route, call.status(), call.elapsedSeconds());
            log.accept(accessLine(call));
            inFlight.decrementAndGet();
        }
    }

    /** 2026-12-03T08:45:15.123Z 127.0.0.1 "POST /v2/models/lstm/infer" 200 1234 3.2ms */
    private static String accessLine(Call call) {
        InetSocketAddress remote = call.exchange().getRemoteAddress();
        return String.format(Locale.ROOT, "%s %s \"%s %s\" %d %d %.1fms", Instant.now().truncatedTo(ChronoUnit.MILLIS),
                remote == null ? "-" : remote.getAddress().getHostAddress(), call.method(),
                call.exchange().getRequestURI().getRawPath(), call.status(), call.bytesSent(),
                call.elapsedSeconds() * 1000);
    }

    private ServedModel model(Call call) {
        String name = call.param("name");
        ServedModel m = models.get(name);
        if (m == null) {
            throw ApiException.notFound("no model '" + name + "'; this server has " + String.join(", ",
                    models.keySet().stream().map(n -> "'" + n + "'").toList()));
        }
        return m;
    }

    private void ready(Call call) {
        call.json(draining ? 503 : 200, object().put("ready", !draining));
    }

    private void serverMetadata(Call call) {
        ObjectNode node = object().put("name", "rnn4j").put("version", Version.VERSION);
        node.putArray("extensions").add("generate").add("sessions");
        call.json(200, node);
    }

    private void listModels(Call call) {
        ObjectNode node = object();
        ArrayNode list = node.putArray("models");
        models.values().forEach(m -> list.addObject().put("name", m.name()).put("kind", m.kind())
                .put("description", m.describe()));
        call.json(200, node);
    }

    private void infer(Call call) {
        ServedModel model = model(call);
        if (!model.infers()) {
            throw model.unsupported("infer");
        }
        ObjectNode request = call.json();
        Map<String, InferTensor> inputs = model.readInputs(request);
        Batcher<RecurrentServedModel.Rows> batcher = batchers.get(model.name());
        Map<String, Tensor> outputs;
        if (batcher != null) {
            RecurrentServedModel.Rows rows = ((RecurrentServedModel) model).rows(inputs);
            outputs = batcher.submit(rows.steps(), rows, rows.batch());   // one batch per T
        } else {
            admission.enter();
            try {
                outputs = admission.runUnchecked(() -> model.infer(inputs));
            } finally {
                admission.exit();
            }
        }
        List<String> wanted = requestedOutputs(request, outputs);
        ObjectNode response = object().put("model_name", model.name()).put("model_version", "1");
        if (request.hasNonNull("id")) {
            response.set("id", request.get("id"));
        }
        ArrayNode out = response.putArray("outputs");
        outputs.forEach((name, t) -> {
            if (wanted == null || wanted.contains(name)) {
                out.add(InferTensor.output(name, t));
            }
        });
        call.json(200, response);
    }

    /** The names in OIP's optional "outputs": [{"name": ...}], or null for all. */
    private static List<String> requestedOutputs(JsonNode request, Map<String, Tensor> outputs) {
        JsonNode wanted = request.get("outputs");
        if (wanted == null || wanted.isNull()) {
            return null;
        }
        if (!wanted.isArray()) {
            throw ApiException.badRequest("outputs: expected an array of {\"name\": ...}, got " + Json.kind(wanted));
        }
        List<String> names = new java.util.ArrayList<>();
        for (int i = 0; i < wanted.size(); i++) {
            String name = wanted.get(i).path("name").asText("");
            if (!outputs.containsKey(name)) {
                throw ApiException.badRequest("outputs[" + i + "].name: no output '" + name + "'; the model gives "
                        + String.join(", ", outputs.keySet()));
            }
            names.add(name);
        }
        return names;
    }

    /**
     * @param v1     /v1's {"prime", "max_tokens", ..., "stream"} rather than OIP's {"text_input", "parameters"}
     * @param stream OIP's generate_stream (/v1 says it with "stream": true)
     */
    private void generate(Call call, boolean v1, boolean stream) throws Exception {
        ServedModel served = model(call);
        if (!(served instanceof LanguageServedModel lm)) {
            throw served.unsupported(call.route);
        }
        ObjectNode body = call.json();
        String primeField = v1 ? "prime" : "text_input";
        if (!v1 && !body.has("text_input")) {
            throw ApiException.badRequest("text_input: missing; expected a string");
        }
        Generation generation = Generation.read(body, primeField, v1 ? body : body.get("parameters"),
                v1 ? "" : "parameters.");
        boolean streaming = v1 ? Json.bool(body, "stream", false) : stream;
        generation.check(lm.model(), primeField);
        String name = served.name();
        boolean[] first = {true};
        Consumer<String> counted = piece -> {
            if (first[0]) {
                first[0] = false;
                metrics.firstToken(name, call.elapsedSeconds());
            }
            metrics.tokenGenerated(name);
        };
        GenerationScheduler scheduler = generators.get(name);
        if (scheduler != null) {
            try (GenerationScheduler.Ticket ticket = scheduler.admit()) {
                respond(call, v1, streaming, generation, (prime, maxTokens, sampler, seed, piece, caughtUp) ->
                        scheduler.generate(ticket, prime, maxTokens, sampler, seed, piece, caughtUp), counted, name);
            }
        } else {
            admission.enter();
            try {
                admission.run(() -> {
                    respond(call, v1, streaming, generation, Generation.alone(lm.model()), counted, name);
                    return null;
                });
            } finally {
                admission.exit();
            }
        }
    }

    /** Generates with {@code producer} and answers: one JSON object, or server-sent events as the pieces come. */
    private void respond(Call call, boolean v1, boolean streaming, Generation generation,
                         Generation.Producer producer, Consumer<String> counted, String name) throws IOException {
        if (!streaming) {
            Generation.Result r = generation.run(producer, counted, () -> { });
            call.json(200, v1 ? object().put("text", r.text()).put("seed", generation.seed())
                    .put("finish_reason", Generation.finishReason(r.finish())).put("tokens", r.tokens())
                    : object().put("model_name", name).put("model_version", "1").put("text_output", r.text())
                    .set("details", Generation.details(r)));
            return;
        }
        try (EventStream events = call.events()) {
            Generation.Result r;
            try {
                r = generation.run(producer, piece -> {
                    counted.accept(piece);
                    events.queue(v1 ? object().put("token", piece)
                            : object().put("model_name", name).put("model_version", "1").put("text_output", piece));
                }, events::flush);
            } catch (EventStream.ClientGone gone) {
                metrics.generationCancelled();
                throw gone;
            } catch (RuntimeException e) {
                events.error(e instanceof ApiException || e instanceof IllegalArgumentException ? e.getMessage()
                        : "internal error (" + e.getClass().getSimpleName() + ")");
                throw e;
            }
            if (v1) {
                events.done();
            } else {
                events.send(object().put("model_name", name).put("model_version", "1").put("text_output", "")
                        .set("details", Generation.details(r)));
            }
        }
    }

    private void classify(Call call) {
        ServedModel served = model(call);
        if (!(served instanceof ClassifierServedModel c)) {
            throw served.unsupported(call.route);
        }
        List<String> texts = Json.strings(call.json(), "texts", MAX_TEXTS);
        TextClassifier classifier = c.classifier();
        List<TextClassifier.Prediction> predictions = classifier.predict(texts, CLASSIFY_BATCH);
        ObjectNode response = object();
        ArrayNode list = response.putArray("predictions");
        for (TextClassifier.Prediction p : predictions) {
            ObjectNode item = list.addObject().put("label", p.label()).put("probability", p.probability());
            ObjectNode probabilities = item.putObject("probabilities");
            for (int k = 0; k < classifier.labels().size(); k++) {
                probabilities.put(classifier.labels().get(k), p.probabilities()[k]);
            }
        }
        call.json(200, response);
    }

    private void translate(Call call) {
        ServedModel served = model(call);
        if (!(served instanceof TranslatorServedModel t)) {
            throw served.unsupported(call.route);
        }
        ObjectNode body = call.json();
        List<String> texts = Json.strings(body, "texts", MAX_TEXTS);
        DecodeOptions search = t.translator().decodeOptions(); // with the length penalty chosen in training
        int beam = (int) Json.integer(body, "beam", search.beamSize(), 1, 64);
        List<Translator.Translation> out = t.translator().translate(texts, search.withBeamSize(beam));
        ObjectNode response = object();
        ArrayNode list = response.putArray("translations");
        out.forEach(tr -> list.add(tr.text()));
        call.json(200, response);
    }

    private void forecast(Call call) {
        ServedModel served = model(call);
        if (!(served instanceof ForecasterServedModel f)) {
            throw served.unsupported(call.route);
        }
        ObjectNode body = call.json();
        Forecaster forecaster = f.forecaster();
        double[] series = Json.numbers(body.get("series"), "series");
        List<String> columns = forecaster.spec().inputColumns();
        List<double[]> inputs = new java.util.ArrayList<>();
        JsonNode given = body.get("inputs");
        for (String column : columns) {
            if (given == null || !given.isObject() || !given.has(column)) {
                throw ApiException.badRequest("inputs." + column + ": missing; the model also reads the column"
                        + " '" + column + "', as long as the series");
            }
            double[] values = Json.numbers(given.get(column), "inputs." + column);
            if (values.length != series.length) {
                throw ApiException.badRequest("inputs." + column + ": " + values.length + " values, but the series"
                        + " has " + series.length);
            }
            inputs.add(values);
        }
        if (series.length < forecaster.minHistory()) {
            throw ApiException.badRequest("series: " + series.length + " points, but the model reads "
                    + forecaster.minHistory() + " before a forecast (its window and one season)");
        }
        if (forecaster.spec().transform() == Transform.LOG) {
            for (int i = 0; i < series.length; i++) {
                if (!(series[i] > 0)) {
                    throw ApiException.badRequest("series[" + i + "]: " + series[i] + " has no logarithm; the model"
                            + " was trained with --transform log, which needs positive values");
                }
            }
        }
        double[] forecast = forecaster.forecast(new ForecastData(series, inputs));
        ObjectNode response = object().put("horizon", forecast.length);
        ArrayNode list = response.putArray("forecast");
        for (double v : forecast) {
            list.add(v);
        }
        call.json(200, response);
    }

    private void openSession(Call call) {
        ServedModel model = model(call);
        Sessions.Session s = sessions.open(model, call.json());
        call.json(201, object().put("session", s.id).put("model_name", model.name()).put("batch", s.batch)
                .put("expires_after_idle_s", config.sessionIdle().toSeconds()));
    }

    private void step(Call call) {
        Sessions.Session s = sessions.get(model(call).name(), call.param("id"));
        call.json(200, sessions.step(s, call.json()));
    }

    private void closeSession(Call call) {
        sessions.close(model(call).name(), call.param("id"));
        call.json(200, object().put("session", call.param("id")).put("closed", true));
    }
}
