package org.rnn4j.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** generate (both dialects, streamed or not), classify, translate and forecast: the CLI commands' very numbers. */
class ApplicationRoutesTest {
    private static ServeFixture.Server server;
    @TempDir
    Path dir;

    @BeforeAll
    static void start() {
        server = ServeFixture.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static Path model(String file) {
        return ServeFixture.models().resolve(file);
    }

    /** The data of each event of an SSE body, checking the framing: "data: ..." and a blank line, nothing else. */
    static List<String> events(String body) {
        assertThat(body).endsWith("\n\n");
        List<String> data = new ArrayList<>();
        for (String event : body.substring(0, body.length() - 2).split("\n\n", -1)) {
            assertThat(event).startsWith("data: ").doesNotContain("\n");
            data.add(event.substring("data: ".length()));
        }
        return data;
    }

    @Test
    void generateWithASeedWritesWhatGenerateDoesAndStreamsTheSameTokens() {
        ServeFixture.Cli cli = ServeFixture.cli("generate", "--model", model("lm.safetensors"), "--prime",
                "It is a truth", "--length", 40, "--seed", 4);
        assertThat(cli.exitCode()).as(cli.err()).isZero();

        ServeFixture.Reply r = server.post("/v1/models/lm/generate", "{\"prime\": \"It is a truth\", \"max_tokens\":"
                + " 40, \"seed\": 4}");
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat("It is a truth" + r.json().get("text").asText() + "\n").isEqualTo(cli.out());
        assertThat(r.json().get("finish_reason").asText()).isEqualTo("length");

        ServeFixture.Reply s = server.post("/v1/models/lm/generate", "{\"prime\": \"It is a truth\", \"max_tokens\":"
                + " 40, \"seed\": 4, \"stream\": true}");
        assertThat(s.status()).isEqualTo(200);
        assertThat(s.headers().firstValue("Content-Type").orElse("")).startsWith("text/event-stream");
        List<String> data = events(s.body());
        assertThat(data).hasSize(41).last().isEqualTo("[DONE]");
        StringBuilder streamed = new StringBuilder();
        data.subList(0, 40).forEach(d -> streamed.append(parse(d).get("token").asText()));
        assertThat(streamed.toString()).isEqualTo(r.json().get("text").asText());
    }

    @Test
    void oipGenerateTakesTextInputAndParametersAndStopsAtAStopSequence() {
        String body = "{\"text_input\": \"It is\", \"parameters\": {\"max_tokens\": 30, \"seed\": 9,"
                + " \"temperature\": 0.5, \"top_k\": 5, \"top_p\": 0.9}}";
        JsonNode whole = server.post("/v2/models/lm/generate", body).json();
        String text = whole.get("text_output").asText();
        assertThat(whole.get("model_name").asText()).isEqualTo("lm");
        assertThat(text).hasSizeGreaterThan(0);
        ServeFixture.Cli cli = ServeFixture.cli("generate", "--model", model("lm.safetensors"), "--prime", "It is",
                "--length", 30, "--seed", 9, "--temperature", 0.5, "--top-k", 5, "--top-p", 0.9);
        assertThat(cli.out()).isEqualTo("It is" + text + "\n");

        List<String> data = events(server.post("/v2/models/lm/generate_stream", body).body());
        StringBuilder streamed = new StringBuilder();
        data.forEach(d -> streamed.append(parse(d).get("text_output").asText()));
        assertThat(streamed.toString()).isEqualTo(text);
        assertThat(parse(data.get(data.size() - 1)).get("details").get("finish_reason").asText()).isEqualTo("length");

        String stop = text.substring(10, 12);
        JsonNode stopped = server.post("/v2/models/lm/generate", body.replace("\"top_p\": 0.9", "\"top_p\": 0.9,"
                + " \"stop\": [\"" + stop.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n")
                + "\"]")).json();
        assertThat(stopped.get("text_output").asText()).isEqualTo(text.substring(0, text.indexOf(stop)));
        assertThat(stopped.get("details").get("finish_reason").asText()).isEqualTo("stop_sequence");
    }

    @Test
    void aClientThatDisconnectsMidStreamCancelsItsGeneration() throws Exception {
        long cancelledBefore = server.server.metrics().cancelled();
        long tokensBefore = server.server.metrics().tokens("lm");
        String body = "{\"prime\": \"It\", \"max_tokens\": 100000, \"stream\": true}";
        try (Socket socket = new Socket("127.0.0.1", server.server.port())) {
            OutputStream out = socket.getOutputStream();
            out.write(("POST /v1/models/lm/generate HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                    + "Content-Length: " + body.length() + "\r\n\r\n" + body).getBytes(StandardCharsets.UTF_8));
            out.flush();
            InputStream in = socket.getInputStream();
            StringBuilder seen = new StringBuilder();
            while (!seen.toString().contains("data: {\"token\"")) {
                int c = in.read();
                assertThat(c).isNotNegative();
                seen.append((char) c);
            }
        }
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (server.server.metrics().cancelled() == cancelledBefore && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(server.server.metrics().cancelled()).isEqualTo(cancelledBefore + 1);
        assertThat(server.server.metrics().tokens("lm") - tokensBefore).isLessThan(100000);
        assertThat(server.get("/v2/health/live").status()).isEqualTo(200); // no thread lost
    }

    @Test
    void classifyGivesClassifysLabelsAndProbabilities() {
        List<String> texts = List.of("A moving, beautifully acted film.", "Dull and far too long.", "ok");
        List<Object> args = new ArrayList<>(List.of("classify", "--model", model("pl.safetensors"), "--json"));
        args.addAll(texts);
        ServeFixture.Cli cli = ServeFixture.cli(args.toArray());
        assertThat(cli.exitCode()).as(cli.err()).isZero();
        List<String> lines = cli.out().strip().lines().toList();

        JsonNode r = server.post("/v1/models/pl/classify", "{\"texts\": " + Json.MAPPER.valueToTree(texts) + "}")
                .json();

        assertThat(r.get("predictions")).hasSize(3);
        for (int i = 0; i < 3; i++) {
            JsonNode expected = parse(lines.get(i));
            JsonNode got = r.get("predictions").get(i);
            assertThat(got.get("label")).isEqualTo(expected.get("label"));
            assertThat(got.get("probabilities")).isEqualTo(expected.get("probabilities"));
        }
    }

    @Test
    void translateGivesTranslatesSentences() {
        ServeFixture.Cli cli = ServeFixture.cli("translate", "--model", model("tr.safetensors"), "--beam", 2,
                "In the beginning God created the heaven and the earth.", "And God said, Let there be light.");
        assertThat(cli.exitCode()).as(cli.err()).isZero();

        JsonNode r = server.post("/v1/models/tr/translate", "{\"texts\": [\"In the beginning God created the heaven"
                + " and the earth.\", \"And God said, Let there be light.\"], \"beam\": 2}").json();

        List<String> got = new ArrayList<>();
        r.get("translations").forEach(t -> got.add(t.asText()));
        assertThat(got).isEqualTo(cli.out().lines().toList());
    }

    @Test
    void forecastGivesForecastsNumbers() throws Exception {
        Path csv = ServeFixture.resource("/forecast/AirPassengers.csv");
        ServeFixture.Cli cli = ServeFixture.cli("forecast", "--model", model("air.safetensors"), "--csv", csv, "--out",
                dir.resolve("f.csv"));
        assertThat(cli.exitCode()).as(cli.err()).isZero();
        List<String> rows = Files.readAllLines(dir.resolve("f.csv"));
        List<String> lines = Files.readAllLines(csv);
        int valueColumn = Arrays.asList(lines.get(0).split(",")).indexOf("value");
        double[] series = lines.stream().skip(1).mapToDouble(l -> Double.parseDouble(l.split(",")[valueColumn]))
                .toArray();

        JsonNode r = server.post("/v1/models/air/forecast", "{\"series\": " + Arrays.toString(series) + "}").json();

        assertThat(r.get("forecast")).hasSize(12);
        for (int h = 0; h < 12; h++) {
            double expected = Double.parseDouble(rows.get(h + 1).split(",")[2]);
            assertThat(r.get("forecast").get(h).asDouble()).isCloseTo(expected, within(1e-6));
        }
    }

    static JsonNode parse(String json) {
        try {
            return Json.MAPPER.readTree(json);
        } catch (java.io.IOException e) {
            throw new AssertionError(json, e);
        }
    }
}
