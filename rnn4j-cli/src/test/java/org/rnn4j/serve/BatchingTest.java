package org.rnn4j.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.rnn4j.tensor.Tensor;

/**
 * Dynamic batching of infer: concurrent requests share one forward pass, and each gets exactly the answer it gets
 * alone; a batch never has more rows than --max-batch; a bad request fails alone.
 */
class BatchingTest {
    /** Long enough that requests sent together always meet in one batch, even on a loaded machine. */
    private static final Duration GATHER = Duration.ofMillis(400);

    private static ServeFixture.Server alone;

    @BeforeAll
    static void start() {
        alone = new ServeFixture.Server(ServerConfig.defaults().withQueue(2, 16).withBatching(1, Duration.ZERO));
    }

    @AfterAll
    static void stop() {
        alone.close();
    }

    /** Request i: i % 3 + 1 rows of T = 5, every other one with lengths. */
    private static ObjectNode request(int i) {
        int rows = i % 3 + 1;
        Tensor x = InferRoutesTest.uniform(100 + i, rows, 5, 4);
        if (i % 2 == 0) {
            return InferRoutesTest.request("input", "FP32", x);
        }
        Tensor lengths = Tensor.zeros(rows);
        for (int b = 0; b < rows; b++) {
            lengths.set(b, 5 - (b + i) % 5);
        }
        return InferRoutesTest.request("input", "FP32", x, "lengths", "INT32", lengths);
    }

    private static List<ServeFixture.Reply> sendTogether(ServeFixture.Server server, List<String> bodies) {
        List<CompletableFuture<ServeFixture.Reply>> replies = new ArrayList<>();
        for (String body : bodies) {
            replies.add(CompletableFuture.supplyAsync(() -> server.post("/v2/models/lstm/infer", body)));
        }
        return replies.stream().map(CompletableFuture::join).toList();
    }

    /** The count and the sum of the rnn4j_batch_rows histogram of the lstm model. */
    private static long[] batchRows(ServeFixture.Server server) {
        String metrics = server.get("/metrics").body();
        return new long[] {number(metrics, "rnn4j_batch_rows_count"), number(metrics, "rnn4j_batch_rows_sum"),
            number(metrics, "rnn4j_batch_rows_bucket\\{model=\"lstm\",le=\"4.0\"}")};
    }

    private static long number(String metrics, String series) {
        Matcher m = Pattern.compile("(?m)^" + series + (series.endsWith("}") ? "" : "\\{model=\"lstm\"}")
                + " ([0-9.]+)$").matcher(metrics);
        return m.find() ? (long) Double.parseDouble(m.group(1)) : 0;
    }

    private static void assertSameOutputs(JsonNode batched, JsonNode single) {
        for (String name : List.of("output", "h_n", "c_n")) {
            JsonNode a = InferRoutesTest.output(batched, name);
            JsonNode b = InferRoutesTest.output(single, name);
            assertThat(a.get("shape")).as(name).isEqualTo(b.get("shape"));
            assertThat(a.get("data").size()).isEqualTo(b.get("data").size());
            for (int k = 0; k < a.get("data").size(); k++) {
                assertThat(a.get("data").get(k).asDouble()).as("%s[%d]", name, k)
                        .isCloseTo(b.get("data").get(k).asDouble(), within(1e-6));
            }
        }
    }

    @Test
    void concurrentRequestsShareABatchAndEachGetsItsOwnAnswer() {
        List<String> bodies = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            bodies.add(request(i).toString());
        }
        try (ServeFixture.Server server = new ServeFixture.Server(ServerConfig.defaults().withQueue(2, 16)
                .withBatching(16, GATHER))) {
            List<ServeFixture.Reply> batched = sendTogether(server, bodies);

            for (int i = 0; i < bodies.size(); i++) {
                assertThat(batched.get(i).status()).as(batched.get(i).body()).isEqualTo(200);
                assertSameOutputs(batched.get(i).json(), alone.post("/v2/models/lstm/infer", bodies.get(i)).json());
            }
            long[] rows = batchRows(server);
            assertThat(rows[1]).isEqualTo(12);               // 1 + 2 + 3 + 1 + 2 + 3 rows, each run once
            assertThat(rows[0]).isLessThan(6);               // in fewer passes than requests
        }
    }

    @Test
    void aBatchNeverHasMoreRowsThanMaxBatch() {
        List<String> bodies = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            bodies.add(InferRoutesTest.request("input", "FP32", InferRoutesTest.uniform(i, 1, 3, 4)).toString());
        }
        try (ServeFixture.Server server = new ServeFixture.Server(ServerConfig.defaults().withQueue(2, 16)
                .withBatching(4, GATHER))) {
            assertThat(sendTogether(server, bodies)).allSatisfy(r -> assertThat(r.status()).isEqualTo(200));

            long[] rows = batchRows(server);
            assertThat(rows[1]).isEqualTo(10);
            assertThat(rows[0]).isGreaterThanOrEqualTo(3);   // 10 rows in batches of at most 4
            assertThat(rows[2]).isEqualTo(rows[0]);          // every batch in the le="4" bucket
        }
    }

    @Test
    void aBadRequestFailsAloneAndDoesNotJoinTheBatch() {
        String good = InferRoutesTest.request("input", "FP32", InferRoutesTest.uniform(7, 2, 5, 4)).toString();
        String wrongFeatures = InferRoutesTest.request("input", "FP32", InferRoutesTest.uniform(8, 1, 5, 3))
                .toString();
        try (ServeFixture.Server server = new ServeFixture.Server(ServerConfig.defaults().withQueue(2, 16)
                .withBatching(16, GATHER))) {
            List<ServeFixture.Reply> replies = sendTogether(server, List.of(good, wrongFeatures, good));

            assertThat(replies.get(0).status()).isEqualTo(200);
            assertThat(replies.get(2).status()).isEqualTo(200);
            assertThat(replies.get(1).status()).isEqualTo(400);
            assertThat(replies.get(1).json().get("error").asText()).contains("4");
            assertSameOutputs(replies.get(0).json(), alone.post("/v2/models/lstm/infer", good).json());
        }
    }

    @Test
    void requestsOfOtherLengthsRunInTheirOwnBatches() {
        String t3 = InferRoutesTest.request("input", "FP32", InferRoutesTest.uniform(1, 1, 3, 4)).toString();
        String t6 = InferRoutesTest.request("input", "FP32", InferRoutesTest.uniform(2, 2, 6, 4)).toString();
        try (ServeFixture.Server server = new ServeFixture.Server(ServerConfig.defaults().withQueue(2, 16)
                .withBatching(16, GATHER))) {
            List<ServeFixture.Reply> replies = sendTogether(server, List.of(t3, t6));

            assertSameOutputs(replies.get(0).json(), alone.post("/v2/models/lstm/infer", t3).json());
            assertSameOutputs(replies.get(1).json(), alone.post("/v2/models/lstm/infer", t6).json());
            assertThat(batchRows(server)[0]).isEqualTo(2);
        }
    }
}
