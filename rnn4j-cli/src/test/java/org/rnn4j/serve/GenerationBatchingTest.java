package org.rnn4j.serve;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Continuous batching of generation: concurrent generations of one language model advance one token each per
 * forward pass, and each gets exactly the text it gets alone (the same seed, the same text), streamed or not, with
 * its own stop sequences.
 */
class GenerationBatchingTest {
    private static ServeFixture.Server batched;
    private static ServeFixture.Server alone;

    @BeforeAll
    static void start() {
        batched = new ServeFixture.Server(ServerConfig.defaults().withQueue(1, 64));
        alone = new ServeFixture.Server(ServerConfig.defaults().withQueue(1, 64).withGenerations(1));
    }

    @AfterAll
    static void stop() {
        batched.close();
        alone.close();
    }

    private static String request(int i) {
        String stop = i % 4 == 3 ? ", \"stop\": [\"e\"]" : "";
        return "{\"prime\": \"" + (i % 2 == 0 ? "It is" : "") + "\", \"max_tokens\": " + (20 + 7 * i)
                + ", \"seed\": " + (i + 1) + ", \"temperature\": 0.9" + stop + "}";
    }

    private static List<JsonNode> together(ServeFixture.Server server, int count) {
        List<CompletableFuture<ServeFixture.Reply>> replies = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String body = request(i);
            replies.add(CompletableFuture.supplyAsync(() -> server.post("/v1/models/lm/generate", body)));
        }
        return replies.stream().map(CompletableFuture::join).peek(r -> assertThat(r.status()).as(r.body())
                .isEqualTo(200)).map(ServeFixture.Reply::json).toList();
    }

    /** The largest number of generations one forward pass stepped: the highest non-empty rnn4j_batch_rows bucket. */
    private static double largestStep(ServeFixture.Server server) {
        String metrics = server.get("/metrics").body();
        Matcher m = Pattern.compile("(?m)^rnn4j_batch_rows_bucket\\{model=\"lm\",le=\"([0-9.]+)\"} ([0-9]+)$")
                .matcher(metrics);
        double previousCount = 0;
        double largest = 0;
        while (m.find()) {
            double count = Double.parseDouble(m.group(2));
            if (count > previousCount) {
                largest = Double.parseDouble(m.group(1));
            }
            previousCount = count;
        }
        return largest;
    }

    @Test
    void concurrentGenerationsShareForwardPassesAndEachGetsTheTextItGetsAlone() {
        List<JsonNode> shared = together(batched, 8);
        List<JsonNode> single = together(alone, 8);

        for (int i = 0; i < 8; i++) {
            assertThat(shared.get(i).get("text").asText()).as("request " + i)
                    .isEqualTo(single.get(i).get("text").asText());
            assertThat(shared.get(i).get("finish_reason")).isEqualTo(single.get(i).get("finish_reason"));
            assertThat(shared.get(i).get("tokens")).isEqualTo(single.get(i).get("tokens"));
        }
        assertThat(shared.get(3).get("finish_reason").asText()).isEqualTo("stop_sequence");
        assertThat(largestStep(batched)).as("some step ran several generations at once").isGreaterThan(1);
    }

    @Test
    void aLongGenerationOnTheOnlyModelThreadLetsOtherRequestsThroughBetweenItsSteps() throws Exception {
        HttpClient client = HttpClient.newHttpClient();
        CompletableFuture<HttpResponse<InputStream>> running = client.sendAsync(HttpRequest
                .newBuilder(batched.uri("/v1/models/lm/generate")).POST(HttpRequest.BodyPublishers.ofString(
                        "{\"prime\": \"It\", \"max_tokens\": 100000, \"stream\": true}")).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream stream = running.get().body()) {
            assertThat(stream.read()).isNotNegative(); // streaming: the generation is stepping on the one thread

            ServeFixture.Reply infer = batched.post("/v2/models/lstm/infer", InferRoutesTest.request("input", "FP32",
                    InferRoutesTest.uniform(1, 1, 2, 4)));

            assertThat(infer.status()).as(infer.body()).isEqualTo(200);
        }
    }

    @Test
    void aStreamedGenerationInTheBatchStreamsWhatAloneItReturnsWhole() {
        String body = "{\"prime\": \"It is\", \"max_tokens\": 30, \"seed\": 11, \"stream\": true}";
        CompletableFuture<ServeFixture.Reply> other = CompletableFuture.supplyAsync(() -> batched.post(
                "/v1/models/lm/generate", "{\"prime\": \"\", \"max_tokens\": 60, \"seed\": 12}"));
        ServeFixture.Reply streamed = batched.post("/v1/models/lm/generate", body);
        ServeFixture.Reply whole = alone.post("/v1/models/lm/generate", body.replace("true", "false"));

        StringBuilder text = new StringBuilder();
        for (String line : streamed.body().split("\n")) {
            if (line.startsWith("data: {")) {
                text.append(new ServeFixture.Reply(200, line.substring(6), null)
                        .json().get("token").asText());
            }
        }
        assertThat(streamed.body()).endsWith("data: [DONE]\n\n");
        assertThat(text.toString()).isEqualTo(whole.json().get("text").asText());
        assertThat(other.join().status()).isEqualTo(200);
    }
}
