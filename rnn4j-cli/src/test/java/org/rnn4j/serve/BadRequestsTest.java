package org.rnn4j.serve;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Each mistake a client can make is a 4xx with a JSON error that says what and where: no 5xx, no trace, no hang. */
class BadRequestsTest {
    private static ServeFixture.Server server;

    @BeforeAll
    static void start() {
        server = new ServeFixture.Server(ServerConfig.defaults().withQueue(2, 16).withMaxBody(4096));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static String error(ServeFixture.Reply r, int status) {
        assertThat(r.status()).as(r.body()).isEqualTo(status);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(r.json().fieldNames()).toIterable().containsExactly("error");
        String message = r.json().get("error").asText();
        assertThat(message).doesNotContain("Exception", "\tat ", "org.rnn4j");
        return message;
    }

    private static String infer(String inputs) {
        return "{\"inputs\": [" + inputs + "]}";
    }

    @Test
    void malformedAndTooDeepJson() {
        assertThat(error(server.post("/v2/models/lstm/infer", "{\"inputs\": [}"), 400))
                .startsWith("request body is not valid JSON").contains("line 1, column");
        assertThat(error(server.post("/v2/models/lstm/infer", "[1, 2]"), 400)).contains("expected a JSON object");
        assertThat(error(server.post("/v2/models/lstm/infer", "[".repeat(1000)), 400))
                .isEqualTo("request body: JSON nested more than 32 levels deep; no request needs so many");
        assertThat(error(server.post("/v2/models/lstm/infer", "{\"a\": 1, \"a\": 2}"), 400)).contains("'a'");
        assertThat(error(server.post("/v2/models/lstm/infer", "{} {}"), 400)).contains("more than one JSON value");
    }

    @Test
    void wrongDatatypeShapeOrValues() {
        assertThat(error(server.post("/v2/models/lstm/infer", infer("{\"name\": \"input\", \"datatype\": \"INT32\","
                + " \"shape\": [1, 1, 4], \"data\": [1, 2, 3, 4]}")), 400))
                .isEqualTo("inputs[0] (input): datatype INT32, but input takes FP32");
        assertThat(error(server.post("/v2/models/lstm/infer", infer("{\"name\": \"input\", \"datatype\": \"BYTES\","
                + " \"shape\": [1], \"data\": [\"x\"]}")), 400)).startsWith("inputs[0].datatype: BYTES");
        assertThat(error(server.post("/v2/models/lstm/infer", infer("{\"name\": \"input\", \"datatype\": \"FP32\","
                + " \"shape\": [1, 2, 3], \"data\": [1, 2, 3, 4, 5, 6]}")), 400))
                .isEqualTo("inputs[0].shape: expected (B, T, 4), got [1, 2, 3]");
        assertThat(error(server.post("/v2/models/lstm/infer", infer("{\"name\": \"input\", \"datatype\": \"FP32\","
                + " \"shape\": [1, 2, 4], \"data\": [1, 2, 3]}")), 400))
                .isEqualTo("inputs[0].data: holds 3 values, but shape [1, 2, 4] needs 8");
        assertThat(error(server.post("/v2/models/lstm/infer", infer("{\"name\": \"input\", \"datatype\": \"FP32\","
                + " \"shape\": [1, 1, 4], \"data\": [[[1, 2, 1e39, 4]]]}")), 400))
                .startsWith("inputs[0].data[2]: 1.0E39 is not a finite float32");
        assertThat(error(server.post("/v2/models/lstm/infer", infer("{\"name\": \"input\", \"datatype\": \"FP32\","
                + " \"shape\": [1, 1, 4], \"data\": [1, 2, NaN, 4]}")), 400)).contains("NaN");
        assertThat(error(server.post("/v2/models/lstm/infer", infer("{\"name\": \"input\", \"datatype\": \"FP32\","
                + " \"shape\": [1, 1, 4], \"data\": [1, 2, \"3\", 4]}")), 400))
                .isEqualTo("inputs[0].data[2]: expected a number, got a string");
        assertThat(error(server.post("/v2/models/lstm/infer", infer("{\"name\": \"x\", \"datatype\": \"FP32\","
                + " \"shape\": [1, 1, 4], \"data\": [1, 2, 3, 4]}")), 400))
                .isEqualTo("inputs[0].name: model 'lstm' has no input 'x'; it takes input, lengths");
        assertThat(error(server.post("/v2/models/lstm/infer", infer("{\"name\": \"input\", \"datatype\": \"FP32\","
                + " \"shape\": [1, 1, 4], \"data\": [1, 2, 3, 4]}, {\"name\": \"lengths\", \"datatype\": \"INT32\","
                + " \"shape\": [1], \"data\": [2]}")), 400)).isEqualTo("inputs[1].data[0]: length 2 is outside 0..1"
                + " (T = 1)");
        assertThat(error(server.post("/v2/models/lm/infer", infer("{}")), 400))
                .startsWith("model 'lm' is a language model, which infer does not run; use POST /v1/models/lm/generate");
    }

    @Test
    void unknownModelRouteOrMethod() {
        assertThat(error(server.post("/v2/models/nope/infer", "{}"), 404))
                .startsWith("no model 'nope'; this server has 'lstm', 'gru'");
        assertThat(error(server.get("/v3/anything"), 404)).startsWith("no route GET /v3/anything");
        ServeFixture.Reply r = server.get("/v2/models/lstm/infer");
        assertThat(error(r, 405)).contains("takes POST");
        assertThat(r.headers().firstValue("Allow")).hasValue("POST");
        assertThat(error(server.send(HttpRequest.newBuilder(server.uri("/v2/health/live"))
                .DELETE()), 405)).contains("takes GET");
    }

    @Test
    void aBodyOverTheLimitIs413BeforeItIsRead() throws Exception {
        String big = "{\"prime\": \"" + "a".repeat(5000) + "\"}";
        assertThat(error(server.post("/v1/models/lm/generate", big), 413))
                .isEqualTo("request body: Content-Length 5013 is over the server's limit of 4096 bytes (--max-body)");
        // chunked, with no length: refused at the first byte past the limit, while the client is still sending
        try (Socket socket = new Socket("127.0.0.1", server.server.port())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            Thread sender = new Thread(() -> {
                try {
                    out.write(("POST /v1/models/lm/generate HTTP/1.1\r\nHost: localhost\r\n"
                            + "Transfer-Encoding: chunked\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                    String chunk = "a".repeat(1000);
                    for (int i = 0; i < 2000; i++) { // 2 MB, slowly: a client still uploading
                        out.write((Integer.toHexString(chunk.length()) + "\r\n" + chunk + "\r\n")
                                .getBytes(StandardCharsets.US_ASCII));
                        out.flush();
                        Thread.sleep(1);
                    }
                } catch (Exception closedByTheServer) {
                    // expected: the server stops reading and closes the connection
                }
            });
            sender.setDaemon(true);
            sender.start();
            InputStream in = socket.getInputStream();
            String status = new String(in.readNBytes(12), StandardCharsets.US_ASCII);
            assertThat(status).isEqualTo("HTTP/1.1 413");
        }
    }

    @Test
    void badGenerationKnobs() {
        assertThat(error(server.post("/v1/models/lm/generate", "{\"prime\": 42}"), 400))
                .isEqualTo("prime: expected a string, got a number (42)");
        assertThat(error(server.post("/v1/models/lm/generate", "{\"max_tokens\": -1}"), 400))
                .isEqualTo("max_tokens: must be between 0 and 100000, got -1");
        assertThat(error(server.post("/v1/models/lm/generate", "{\"max_tokens\": 2.5}"), 400))
                .isEqualTo("max_tokens: expected a whole number, got a number (2.5)");
        assertThat(error(server.post("/v1/models/lm/generate", "{\"temperature\": -1}"), 400))
                .startsWith("temperature must be >= 0");
        assertThat(error(server.post("/v1/models/lm/generate", "{\"stream\": \"yes\"}"), 400))
                .isEqualTo("stream: expected true or false, got a string");
        assertThat(error(server.post("/v2/models/lm/generate", "{\"text_input\": \"a\", \"parameters\": {\"top_p\":"
                + " 0}}"), 400)).startsWith("parameters.top_p must be in (0, 1]");
        assertThat(error(server.post("/v2/models/lm/generate", "{\"parameters\": {}}"), 400))
                .isEqualTo("text_input: missing; expected a string");
        assertThat(error(server.post("/v1/models/lstm/generate", "{}"), 400))
                .startsWith("model 'lstm' is a recurrent model, which /v1/models/{name}/generate does not run");
        assertThat(error(server.post("/v1/models/pl/classify", "{\"texts\": [\"good\", 3]}"), 400))
                .isEqualTo("texts[1]: expected a string, got a number (3)");
        assertThat(error(server.post("/v1/models/tr/translate", "{\"texts\": [\"a\"], \"beam\": 0}"), 400))
                .isEqualTo("beam: must be between 1 and 64, got 0");
        assertThat(error(server.post("/v1/models/air/forecast", "{\"series\": [1, 2, 3]}"), 400))
                .startsWith("series: 3 points, but the model reads");
        assertThat(error(server.post("/v1/models/air/forecast", "{\"series\": [1, -2, 3]}"), 400))
                .startsWith("series");
    }
}
