package org.rnn4j.serve.load;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.stream.Stream;

/**
 * The requests a load sends to a running {@code rnn4j serve}: OIP infer, a streamed generation, a classification;
 * and what the server says about itself (its models, its memory from {@code /metrics}).
 */
public final class ServeClient {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private final URI base;
    private final String apiKey;
    private final HttpClient http;

    public ServeClient(URI base, String apiKey) {
        this.base = base.toString().endsWith("/") ? base : URI.create(base + "/");
        this.apiKey = apiKey;
        // HTTP/1.1 as the server speaks it; one connection per client thread, kept alive between its requests.
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10))
                .executor(Executors.newCachedThreadPool(r -> {
                    Thread t = new Thread(r, "bench-serve-http");
                    t.setDaemon(true);
                    return t;
                })).build();
    }

    /** The model's kind as {@code GET /v1/models} names it ("recurrent model", "language model", …). */
    public String kindOf(String model) throws IOException, InterruptedException {
        JsonNode list = getJson("v1/models");
        for (JsonNode m : list.path("models")) {
            if (m.path("name").asText().equals(model)) {
                return m.path("kind").asText();
            }
        }
        StringBuilder names = new StringBuilder();
        list.path("models").forEach(m -> names.append(names.length() == 0 ? "" : ", ").append(m.path("name").asText()));
        throw new IllegalArgumentException("--model: the server at " + base + " has no model '" + model
                + "' (it serves: " + names + ")");
    }

    /** The last axis of the model's first input in its OIP metadata: the features F of (B, T, F); -1 if variable. */
    public long featuresOf(String model) throws IOException, InterruptedException {
        JsonNode shape = getJson("v2/models/" + model).path("inputs").path(0).path("shape");
        return shape.isArray() && shape.size() > 0 ? shape.get(shape.size() - 1).asLong() : -1;
    }

    /** OIP infer of one {@code (batch, steps, features)} FP32 tensor of fixed pseudo-random values. */
    public Exchange infer(String model, int batch, int steps, int features) {
        ObjectNode body = JSON.createObjectNode();
        ObjectNode input = body.putArray("inputs").addObject().put("name", "input").put("datatype", "FP32");
        input.putArray("shape").add(batch).add(steps).add(features);
        var data = input.putArray("data");
        java.util.SplittableRandom random = new java.util.SplittableRandom(1);
        for (long i = 0, n = (long) batch * steps * features; i < n; i++) {
            data.add((float) (random.nextDouble() * 2 - 1));
        }
        String json = body.toString();
        return round -> plain(post("v2/models/" + model + "/infer", json));
    }

    /** A streamed generation ({@code "stream": true}), a new seed per request; times the first token. */
    public Exchange generate(String model, String prime, int maxTokens, double temperature) {
        return round -> {
            ObjectNode body = JSON.createObjectNode().put("prime", prime).put("max_tokens", maxTokens)
                    .put("temperature", temperature).put("seed", round + 1).put("stream", true);
            long start = System.nanoTime();
            HttpResponse<Stream<String>> response = http.send(post("v1/models/" + model + "/generate",
                    body.toString()), HttpResponse.BodyHandlers.ofLines());
            long first = -1;
            int tokens = 0;
            boolean done = false;
            try (Stream<String> lines = response.body()) {
                Iterator<String> it = lines.iterator();
                while (it.hasNext()) {
                    String line = it.next();
                    if (line.equals("data: [DONE]")) {
                        done = true;
                        break;
                    }
                    if (line.equals("event: error")) {
                        break; // a failure after the 200 status line: not an answer
                    }
                    if (line.startsWith("data: {\"token\"")) {
                        if (first < 0) {
                            first = System.nanoTime() - start;
                        }
                        tokens++;
                    }
                }
            }
            int status = response.statusCode() == 200 && !done ? Exchange.Sample.BROKEN_STREAM : response.statusCode();
            return new Exchange.Sample(status, System.nanoTime() - start, first, tokens);
        };
    }

    /** A classification of one text. */
    public Exchange classify(String model, String text) {
        ObjectNode body = JSON.createObjectNode();
        body.putArray("texts").add(text);
        String json = body.toString();
        return round -> plain(post("v1/models/" + model + "/classify", json));
    }

    /** The values of the named gauges of {@code /metrics}, by name (absent where the server has none). */
    public Map<String, Long> gauges(String... names) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(request("metrics").GET().build(),
                HttpResponse.BodyHandlers.ofString());
        checkOk(response.statusCode(), "metrics");
        Map<String, Long> values = new TreeMap<>();
        for (String line : response.body().split("\n")) {
            for (String name : names) {
                if (line.startsWith(name + " ")) {
                    parse(line.substring(name.length() + 1)).ifPresent(v -> values.put(name, v));
                }
            }
        }
        return values;
    }

    private static OptionalLong parse(String value) {
        try {
            return OptionalLong.of((long) Double.parseDouble(value.trim()));
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    private Exchange.Sample plain(HttpRequest request) throws IOException, InterruptedException {
        long start = System.nanoTime();
        HttpResponse<Void> response = http.send(request, HttpResponse.BodyHandlers.discarding());
        return Exchange.Sample.of(response.statusCode(), System.nanoTime() - start);
    }

    private JsonNode getJson(String path) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(request(path).GET().build(), HttpResponse.BodyHandlers.ofString());
        checkOk(response.statusCode(), path);
        return JSON.readTree(response.body());
    }

    private void checkOk(int status, String path) {
        if (status == 401) {
            throw new IllegalArgumentException("the server at " + base + " wants an API key: give --api-key-file");
        }
        if (status != 200) {
            throw new IllegalArgumentException(String.format(Locale.ROOT, "the server at %s answered %d to GET /%s",
                    base, status, path));
        }
    }

    private HttpRequest post(String path, String json) {
        return request(path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build();
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(base.resolve(path)).timeout(TIMEOUT);
        return apiKey == null ? builder : builder.header("Authorization", "Bearer " + apiKey);
    }
}
