package org.rnn4j.serve;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** The API key, /metrics, the access log, 429 when the queue is full, and graceful shutdown. */
class OperationsTest {
    @Test
    void everyRouteButHealthNeedsTheApiKey() {
        try (ServeFixture.Server server = new ServeFixture.Server(ServerConfig.defaults().withApiKey("s3cret"))) {
            assertThat(server.get("/v2/health/live").status()).isEqualTo(200);
            assertThat(server.get("/v2/health/ready").status()).isEqualTo(200);
            ServeFixture.Reply refused = server.get("/v2/models/lstm");
            assertThat(refused.status()).isEqualTo(401);
            assertThat(refused.json().get("error").asText()).contains("Authorization: Bearer");
            assertThat(refused.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
            assertThat(server.send(HttpRequest.newBuilder(server.uri("/metrics")).header("Authorization",
                    "Bearer wrong")).status()).isEqualTo(401);
            assertThat(server.send(HttpRequest.newBuilder(server.uri("/v2/models/lstm")).header("Authorization",
                    "Bearer s3cret")).status()).isEqualTo(200);
            assertThat(server.send(HttpRequest.newBuilder(server.uri("/v2/models/lstm")).header("Authorization",
                    "bearer s3cret")).status()).isEqualTo(200);
        }
    }

    @Test
    void metricsCountRequestsByRouteAndStatusAndTheAccessLogHasALinePerRequest() {
        try (ServeFixture.Server server = ServeFixture.start()) {
            server.get("/v2/models/lstm");
            server.get("/v2/models/missing");
            server.post("/v1/models/lm/generate", "{\"prime\": \"It\", \"max_tokens\": 7, \"seed\": 1}");
            server.get("/nowhere");

            String metrics = server.get("/metrics").body();

            assertThat(metrics).contains("rnn4j_requests_total{route=\"/v2/models/{name}\",status=\"200\"} 1",
                    "rnn4j_requests_total{route=\"/v2/models/{name}\",status=\"404\"} 1",
                    "rnn4j_requests_total{route=\"unmatched\",status=\"404\"} 1",
                    "rnn4j_generated_tokens_total{model=\"lm\"} 7",
                    "rnn4j_time_to_first_token_seconds_count{model=\"lm\"} 1",
                    "rnn4j_request_duration_seconds_bucket{route=\"/v1/models/{name}/generate\",le=\"+Inf\"} 1",
                    "# TYPE rnn4j_request_duration_seconds histogram", "rnn4j_queue_depth 0");
            assertThat(server.log).anyMatch(line -> line.matches("\\S+Z 127\\.0\\.0\\.1 \"GET /v2/models/lstm\" 200"
                    + " \\d+ [\\d.]+ms")).anyMatch(line -> line.contains("\"GET /v2/models/missing\" 404"))
                    .anyMatch(line -> line.contains("\"POST /v1/models/lm/generate\" 200"))
                    .anyMatch(line -> line.contains("\"GET /nowhere\" 404"));
        }
    }

    @Test
    void aFullQueueIsAnswered429AndNeverBacklogged() throws Exception {
        // one model run at a time, no queue: while a long generation runs (alone: with continuous batching it would
        // give the thread back between its steps), a second request is refused at once
        try (ServeFixture.Server server = new ServeFixture.Server(ServerConfig.defaults().withQueue(1, 0)
                .withGenerations(1))) {
            HttpClient client = HttpClient.newHttpClient();
            CompletableFuture<HttpResponse<java.io.InputStream>> running = client.sendAsync(HttpRequest
                    .newBuilder(server.uri("/v1/models/lm/generate")).POST(HttpRequest.BodyPublishers.ofString(
                            "{\"prime\": \"It\", \"max_tokens\": 100000, \"stream\": true}")).build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            var stream = running.get().body();
            assertThat(stream.read()).isNotNegative(); // the stream has begun: the one thread is taken

            ServeFixture.Reply busy = server.post("/v2/models/lstm/infer", InferRoutesTest.request("input", "FP32",
                    InferRoutesTest.uniform(1, 1, 2, 4)));

            assertThat(busy.status()).isEqualTo(429);
            assertThat(busy.headers().firstValue("Retry-After")).hasValue("1");
            assertThat(busy.json().get("error").asText()).contains("busy", "--max-queue");
            assertThat(server.get("/v2/health/ready").status()).isEqualTo(200); // health never waits
            stream.close();
        }
    }

    @Test
    void shutdownFinishesTheRequestInFlightThenRefusesConnections() throws Exception {
        ServeFixture.Server server = ServeFixture.start();
        HttpClient client = HttpClient.newHttpClient();
        CompletableFuture<HttpResponse<String>> inFlight = client.sendAsync(HttpRequest
                .newBuilder(server.uri("/v1/models/lm/generate")).POST(HttpRequest.BodyPublishers.ofString(
                        "{\"prime\": \"It\", \"max_tokens\": 3000, \"seed\": 2}")).build(),
                HttpResponse.BodyHandlers.ofString());
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (server.server.inFlight() == 0 && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        long start = System.nanoTime();

        server.server.close(Duration.ofSeconds(20));

        assertThat(inFlight.get().statusCode()).isEqualTo(200);
        assertThat(inFlight.get().body()).contains("\"tokens\":3000");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(15));
        assertThat(client.sendAsync(HttpRequest.newBuilder(server.uri("/v2/health/live")).build(),
                HttpResponse.BodyHandlers.ofString()).handle((r, e) -> e != null).get()).isTrue();
    }
}
