package org.rnn4j.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.rnn4j.io.ModelFile;
import org.rnn4j.nn.recurrent.RecurrentLayer;
import org.rnn4j.tensor.Tensor;
import org.rnn4j.text.LanguageModel;

/** Sessions keep the recurrent state between calls: their steps give what one long call over the stream gives. */
class SessionsTest {
    private static String open(ServeFixture.Server server, String model) {
        ServeFixture.Reply r = server.post("/v1/models/" + model + "/sessions", "{}");
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json().get("session").asText();
    }

    /** Steps t0..t1-1 of x (1, T, F) as {"input": [[...], ...]}. */
    private static String steps(Tensor x, int t0, int t1) {
        ArrayNode input = Json.MAPPER.createArrayNode();
        int f = x.dim(2);
        for (int t = t0; t < t1; t++) {
            ArrayNode step = input.addArray();
            for (int i = 0; i < f; i++) {
                step.add(x.get(t * f + i));
            }
        }
        return "{\"input\": " + input + "}";
    }

    @Test
    void stepsThroughASessionEqualOneLongCall() {
        try (ServeFixture.Server server = ServeFixture.start()) {
            Tensor x = InferRoutesTest.uniform(21, 1, 7, 4);
            RecurrentLayer layer = ModelFile.load(ServeFixture.models().resolve("lstm.safetensors")).layer();
            float[] whole = layer.infer(x, null, null).sequence().toArray(); // (1, 7, 6)
            String id = open(server, "lstm");

            JsonNode first = server.post("/v1/models/lstm/sessions/" + id + "/step", steps(x, 0, 3)).json();
            JsonNode second = server.post("/v1/models/lstm/sessions/" + id + "/step", steps(x, 3, 4)).json();
            JsonNode third = server.post("/v1/models/lstm/sessions/" + id + "/step", steps(x, 4, 7)).json();

            assertThat(third.get("steps").asLong()).isEqualTo(7);
            int t = 0;
            for (JsonNode part : List.of(first, second, third)) {
                for (JsonNode step : part.get("output")) {
                    assertThat(step).hasSize(6);
                    for (int h = 0; h < 6; h++) {
                        float expected = whole[t * 6 + h];
                        assertThat(step.get(h).floatValue()).isCloseTo(expected, within(1e-5f * Math.max(1,
                                Math.abs(expected))));
                    }
                    t++;
                }
            }
            assertThat(t).isEqualTo(7);

            assertThat(server.send(java.net.http.HttpRequest.newBuilder(server.uri("/v1/models/lstm/sessions/" + id))
                    .DELETE()).status()).isEqualTo(200);
            ServeFixture.Reply gone = server.post("/v1/models/lstm/sessions/" + id + "/step", steps(x, 0, 1));
            assertThat(gone.status()).isEqualTo(404);
            assertThat(gone.json().get("error").asText()).contains("no session '" + id + "'");
        }
    }

    @Test
    void aLanguageModelSessionGivesTheNextTokensProbabilitiesAfterAllItWasFed() {
        try (ServeFixture.Server server = ServeFixture.start()) {
            LanguageModel lm = LanguageModel.load(ServeFixture.models().resolve("lm.safetensors"));
            int[] ids = lm.encode("It is a truth");
            Tensor logits = lm.network().infer(ids, 1, ids.length, null, null).logits(); // (1, T, V)
            int v = logits.dim(2);
            String id = open(server, "lm");

            server.post("/v1/models/lm/sessions/" + id + "/step", "{\"text\": \"It is\"}");
            JsonNode last = server.post("/v1/models/lm/sessions/" + id + "/step", "{\"text\": \" a truth\"}").json();

            assertThat(last.get("logits")).hasSize(v);
            for (int k = 0; k < v; k++) {
                float expected = logits.get((ids.length - 1) * v + k);
                assertThat(last.get("logits").get(k).floatValue()).isCloseTo(expected, within(1e-4f));
            }
            assertThat(last.get("top")).hasSize(5);
        }
    }

    @Test
    void sessionsAreBoundedExpireWhenIdleAndNeedAOneWayModel() throws Exception {
        try (ServeFixture.Server server = new ServeFixture.Server(ServerConfig.defaults()
                .withSessions(2, Duration.ofMillis(300)))) {
            String a = open(server, "lstm");
            open(server, "lstm");
            ServeFixture.Reply full = server.post("/v1/models/lstm/sessions", "{}");
            assertThat(full.status()).isEqualTo(429);
            assertThat(full.json().get("error").asText()).contains("too many open sessions (2)");

            Thread.sleep(400);
            assertThat(server.post("/v1/models/lstm/sessions/" + a + "/step", "{\"input\": [[1, 2, 3, 4]]}")
                    .status()).isEqualTo(404);
            open(server, "lstm"); // the idle ones made room

            ServeFixture.Reply gru = server.post("/v1/models/gru/sessions", "{}");
            assertThat(gru.status()).isEqualTo(400);
            assertThat(gru.json().get("error").asText()).contains("bidirectional");
            assertThat(server.post("/v1/models/pl/sessions", "{}").status()).isEqualTo(400);
        }
    }
}
