package org.rnn4j.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnn4j.nn.Parameter;
import org.rnn4j.nn.recurrent.CellType;
import org.rnn4j.tensor.Tensor;
import org.rnn4j.text.LanguageModel;
import org.rnn4j.text.LanguageModelSpec;

/**
 * The web app's files and JSON routes: Inside shows the numbers of the model's own forward pass (h equal to a direct
 * forward, a gate equal to its equation, the guesses equal to the model's next-token probabilities), occlusion equals
 * classifying the text without each word, and the gradient picture equals {@code rnn4j explain gradients}'s CSV.
 */
class WebAppRoutesTest {
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

    private static String error(ServeFixture.Reply r, int status) {
        assertThat(r.status()).as(r.body()).isEqualTo(status);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json");
        String message = r.json().get("error").asText();
        assertThat(message).doesNotContain("Exception", "org.rnn4j");
        return message;
    }

    // ---- files ----

    @Test
    void thePageAndItsFilesComeFromTheJarWithTheirContentTypes() {
        ServeFixture.Reply page = server.get("/");
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
        assertThat(page.body()).contains("data-testid=\"generate-button\"", "/web/app.js").doesNotContain("https://");
        assertThat(page.body()).as("the Inside and Gradients tabs say where the why is")
                .contains("data-testid=\"inside-why\"", "data-testid=\"gradients-why\"", "docs/principles.md");
        assertThat(server.get("/web/app.js").headers().firstValue("Content-Type"))
                .hasValue("text/javascript; charset=utf-8");
        assertThat(server.get("/web/app.css").headers().firstValue("Content-Type")).hasValue("text/css; charset=utf-8");
        assertThat(server.get("/web/app.js").headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
    }

    @Test
    void anUnknownFileOrAPathOutOfTheFolderIsA404WithAJsonError() {
        assertThat(error(server.get("/web/nothing.js"), 404)).contains("'nothing.js'");
        assertThat(error(server.get("/web/..%2FModelServer.class"), 404)).contains("no file");
        assertThat(error(server.get("/web/%2e%2e%2f%2e%2e%2fcli%2fcorpus%2fSOURCE.md"), 404)).contains("no file");
        assertThat(error(server.get("/web/.hidden.js"), 404)).contains("no file");
        assertThat(error(server.get("/web/WebFiles.class"), 404)).contains("no file"); // not a type it serves
        assertThat(error(server.get("/web/lib/app.js"), 404)).contains("no route");
    }

    // ---- Inside ----

    @Test
    void insideDescribesTheLayersStatesAndGatesOfAnLstmLanguageModel() {
        JsonNode d = server.get("/v1/models/lm/inside").json();
        assertThat(d.get("max_tokens").asInt()).isEqualTo(InsideView.MAX_TOKENS);
        assertThat(d.get("layers")).hasSize(1);
        assertThat(d.at("/layers/0/cell").asText()).isEqualTo("lstm");
        assertThat(d.at("/layers/0/states").toString()).isEqualTo("[\"h\",\"c\"]");
        assertThat(d.at("/layers/0/gates").toString()).isEqualTo("[\"i\",\"f\",\"g\",\"o\"]");
    }

    @Test
    void insideAnLstmShowsTheHOfADirectForwardAndTheForgetGateOfItsEquation() {
        LanguageModel lm = LanguageModel.load(ServeFixture.models().resolve("lm.safetensors"));
        String text = "It is a truth universally";
        JsonNode r = inside("lm", text);
        assertForwardPassShown(lm, text, r);
        int hidden = lm.network().recurrent().hiddenSize();
        List<Parameter> p = lm.network().recurrent().parameters(); // weight_ih, weight_hh, bias_ih, bias_hh
        JsonNode values = r.at("/layers/0/values");
        int[] ids = lm.encode(text);
        for (int t = 0; t < ids.length; t++) {
            double[] x = embedding(lm, ids[t]);
            double[] hPrev = t == 0 ? new double[hidden] : row(values.get("h"), t - 1);
            for (int j = 0; j < hidden; j++) {
                int k = hidden + j; // f_t = σ(W_if x_t + b_if + W_hf h_{t−1} + b_hf)
                double f = sigmoid(affine(p.get(0).value(), k, x) + p.get(2).value().get(k)
                        + affine(p.get(1).value(), k, hPrev) + p.get(3).value().get(k));
                assertThat(values.get("f").get(t).get(j).asDouble()).as("f[%d][%d]", t, j).isCloseTo(f, within(1e-5));
                double cPrev = t == 0 ? 0 : values.get("c").get(t - 1).get(j).asDouble(); // c_t = f c_{t−1} + i g
                double c = values.get("f").get(t).get(j).asDouble() * cPrev
                        + values.get("i").get(t).get(j).asDouble() * values.get("g").get(t).get(j).asDouble();
                assertThat(values.get("c").get(t).get(j).asDouble()).isCloseTo(c, within(1e-5));
            }
        }
    }

    @Test
    void insideAGruShowsTheHOfADirectForwardAndTheUpdateGateOfItsEquation() throws Exception {
        LanguageModel fixture = LanguageModel.load(ServeFixture.models().resolve("lm.safetensors"));
        LanguageModel gru = LanguageModel.create(fixture.vocabulary(), LanguageModelSpec.defaults()
                .withCell(CellType.GRU).withEmbeddingSize(5).withHiddenSize(7).withLayers(2), 11);
        try (ModelServer s = ModelServer.start(ServerConfig.defaults(), List.of(new LanguageServedModel("gru-lm",
                dir.resolve("gru.safetensors"), gru)), line -> { })) {
            String text = "It is a truth";
            ServeFixture.Reply reply = post(s, "/v1/models/gru-lm/inside", "{\"text\": \"" + text + "\"}");
            assertThat(reply.status()).as(reply.body()).isEqualTo(200);
            JsonNode r = reply.json();
            assertForwardPassShown(gru, text, r);
            assertThat(r.at("/layers/1/values").fieldNames()).toIterable().containsExactly("h", "r", "z", "n");
            List<Parameter> p = gru.network().recurrent().parameters(); // layer 0 first
            JsonNode values = r.at("/layers/0/values");
            int[] ids = gru.encode(text);
            for (int t = 0; t < ids.length; t++) {
                double[] x = embedding(gru, ids[t]);
                double[] hPrev = t == 0 ? new double[7] : row(values.get("h"), t - 1);
                for (int j = 0; j < 7; j++) {
                    int k = 7 + j; // z_t = σ(W_iz x_t + b_iz + W_hz h_{t−1} + b_hz)
                    double z = sigmoid(affine(p.get(0).value(), k, x) + p.get(2).value().get(k)
                            + affine(p.get(1).value(), k, hPrev) + p.get(3).value().get(k));
                    assertThat(values.get("z").get(t).get(j).asDouble()).isCloseTo(z, within(1e-5));
                }
            }
        }
    }

    /**
     * The top layer's h equals the model's own forward on the whole text (within float rounding: that one may run
     * on oneDNN), and the guesses after each token are its next-token probabilities, specials masked.
     */
    private static void assertForwardPassShown(LanguageModel lm, String text, JsonNode r) {
        int[] ids = lm.encode(text);
        int steps = ids.length;
        var trace = lm.network().infer(ids, 1, steps, null, null);
        Tensor sequence = trace.recurrent().output().sequence();   // (1, T, H)
        int hidden = sequence.dim(2);
        int top = lm.network().recurrent().config().numLayers() - 1;
        assertThat(r.get("tokens")).hasSize(steps);
        assertThat(r.get("tokens").get(0).asText()).isEqualTo(text.substring(0, 1));
        JsonNode h = r.at("/layers/" + top + "/values/h");
        assertThat(h).hasSize(steps);
        for (int t = 0; t < steps; t++) {
            for (int j = 0; j < hidden; j++) {
                assertThat(h.get(t).get(j).asDouble()).isCloseTo(sequence.get(t * hidden + j), within(1e-6));
            }
        }
        float[] logits = trace.logits().toArray();
        int v = lm.vocabulary().size();
        for (int t = 0; t < steps; t++) {
            double max = Double.NEGATIVE_INFINITY;
            int best = -1;
            double sum = 0;
            for (int k = 0; k < v; k++) {
                if (!lm.vocabulary().isSpecial(k) && logits[t * v + k] > max) {
                    max = logits[t * v + k];
                    best = k;
                }
            }
            for (int k = 0; k < v; k++) {
                sum += lm.vocabulary().isSpecial(k) ? 0 : Math.exp(logits[t * v + k] - max);
            }
            JsonNode guesses = r.get("next").get(t);
            assertThat(guesses).hasSize(InsideView.GUESSES);
            assertThat(guesses.get(0).get("token").asText()).isEqualTo(lm.vocabulary().token(best));
            assertThat(guesses.get(0).get("probability").asDouble()).isCloseTo(1 / sum, within(1e-5));
            assertThat(guesses.get(1).get("probability").asDouble())
                    .isLessThanOrEqualTo(guesses.get(0).get("probability").asDouble());
        }
    }

    @Test
    void insideRefusesAnEmptyOrTooLongTextAndAModelOfAnotherKind() {
        assertThat(error(server.post("/v1/models/lm/inside", "{\"text\": \"" + "a".repeat(InsideView.MAX_TOKENS + 1)
                + "\"}"), 400)).isEqualTo("text: 301 characters; the Inside view reads at most 300");
        assertThat(error(server.post("/v1/models/lm/inside", "{\"text\": \"\"}"), 400)).startsWith("text: empty");
        assertThat(error(server.post("/v1/models/lm/inside", "{}"), 400)).isEqualTo("text: missing; expected a string");
        assertThat(error(server.post("/v1/models/lm/inside", "{\"text\": 3}"), 400)).contains("expected a string");
        assertThat(error(server.post("/v1/models/pl/inside", "{\"text\": \"a\"}"), 400))
                .contains("model 'pl' is a text classifier", "/v1/models/pl/classify");
        assertThat(error(server.get("/v1/models/pl/inside"), 400)).contains("text classifier");
        assertThat(error(server.post("/v1/models/nope/inside", "{\"text\": \"a\"}"), 404)).contains("no model 'nope'");
    }

    // ---- Classify: occlusion ----

    @Test
    void eachWordsChangeIsTheProbabilityOfTheLabelMinusItsProbabilityWithoutTheWord() {
        String text = "a gripping ,  beautifully acted film";
        JsonNode r = server.post("/v1/models/pl/explain-classify", Json.MAPPER.createObjectNode().put("text", text))
                .json();
        String label = r.get("label").asText();
        JsonNode whole = classify(text);
        assertThat(label).isEqualTo(whole.get("label").asText());
        assertThat(r.get("probability").asDouble()).isCloseTo(whole.get("probability").asDouble(), within(1e-6));
        assertThat(r.get("probabilities")).isEqualTo(whole.get("probabilities"));
        JsonNode words = r.get("words");
        assertThat(words).hasSize(6);
        List<String> seen = new ArrayList<>();
        for (JsonNode w : words) {
            int start = w.get("start").asInt();
            int end = w.get("end").asInt();
            seen.add(w.get("word").asText());
            assertThat(text.substring(start, end)).isEqualTo(w.get("word").asText());
            double without = classify(text.substring(0, start) + text.substring(end)).get("probabilities").get(label)
                    .asDouble();
            assertThat(w.get("probability_without").asDouble()).as(w.get("word").asText()).isCloseTo(without,
                    within(1e-5));
            assertThat(w.get("change").asDouble()).isCloseTo(r.get("probability").asDouble() - without, within(1e-5));
        }
        assertThat(seen).containsExactly("a", "gripping", ",", "beautifully", "acted", "film");
    }

    @Test
    void occlusionRefusesATextWithoutWordsOrWithTooManyAndAModelOfAnotherKind() {
        assertThat(error(server.post("/v1/models/pl/explain-classify", "{\"text\": \"  \"}"), 400))
                .isEqualTo("text: no words; type the text to classify");
        assertThat(error(server.post("/v1/models/pl/explain-classify", "{\"text\": \"" + "ok ".repeat(201) + "\"}"),
                400)).contains("201 words", "at most 200");
        assertThat(error(server.post("/v1/models/lm/explain-classify", "{\"text\": \"good\"}"), 400))
                .contains("model 'lm' is a language model");
    }

    private static JsonNode classify(String text) {
        ServeFixture.Reply r = server.post("/v1/models/pl/classify", "{\"texts\": [" + Json.MAPPER.createArrayNode()
                .add(text).get(0).toString() + "]}");
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json().get("predictions").get(0);
    }

    // ---- Gradients ----

    @Test
    void theGradientPictureHasTheNumbersOfExplainGradients() throws Exception {
        JsonNode r = server.post("/v1/explain/gradients", "{\"length\": 20, \"hidden\": 8, \"seed\": 3}").json();
        ServeFixture.Cli cli = ServeFixture.cli("explain", "gradients", "--length", 20, "--hidden", 8, "--seed", 3,
                "--out", dir);
        assertThat(cli.exitCode()).as(cli.err()).isZero();
        List<String> csv = Files.readAllLines(dir.resolve("gradients.csv"), StandardCharsets.UTF_8);
        assertThat(csv.get(0)).isEqualTo("t,rnn_tanh_untrained,lstm_untrained,gru_untrained,rnn_relu_radius_2.0");
        JsonNode series = r.get("series");
        assertThat(series).hasSize(4);
        for (int s = 0; s < 4; s++) {
            assertThat(series.get(s).get("name").asText().replace(' ', '_')).isEqualTo(csv.get(0).split(",")[s + 1]);
            assertThat(series.get(s).get("norms")).hasSize(20);
            for (int t = 0; t < 20; t++) {
                assertThat(series.get(s).get("norms").get(t).asDouble()).isEqualTo(
                        Double.parseDouble(csv.get(t + 1).split(",")[s + 1]));
            }
        }
        JsonNode tanh = series.get(0).get("norms");
        JsonNode exploding = series.get(3).get("norms");
        assertThat(tanh.get(0).asDouble()).isLessThan(tanh.get(19).asDouble());          // vanishes towards t = 0
        assertThat(exploding.get(0).asDouble()).isGreaterThan(exploding.get(19).asDouble()); // explodes
        assertThat(r.get("trained").asBoolean()).isFalse();
    }

    @Test
    void afterTrainingEachCellHasASecondCurveBesideItsUntrainedOne() {
        JsonNode untrained = server.post("/v1/explain/gradients", "{\"length\": 20, \"hidden\": 8, \"seed\": 3}")
                .json().get("series");
        JsonNode r = server.post("/v1/explain/gradients",
                "{\"length\": 20, \"hidden\": 8, \"seed\": 3, \"train_seconds\": 1}").json();

        assertThat(r.get("trained").asBoolean()).isTrue();
        List<String> names = new java.util.ArrayList<>();
        r.get("series").forEach(s -> names.add(s.get("name").asText()));
        assertThat(names).hasSize(7).startsWith("rnn_tanh untrained").contains("lstm untrained", "gru untrained",
                "rnn_relu radius 2.0");
        assertThat(names.get(1)).matches("rnn_tanh trained 1 s \\(MSE \\d\\.\\d{3}\\)");
        assertThat(names).anyMatch(n -> n.startsWith("lstm trained 1 s")).anyMatch(n -> n.startsWith("gru trained 1 s"));
        assertThat(r.get("series").get(0)).isEqualTo(untrained.get(0)); // the untrained curves are as before
        assertThat(r.get("series").get(1).get("norms")).isNotEqualTo(untrained.get(0).get("norms"));
    }

    @Test
    void theGradientPictureRefusesSizesBeyondItsBounds() {
        assertThat(error(server.post("/v1/explain/gradients", "{\"train_seconds\": 21}"), 400))
                .contains("train_seconds").contains("between 0 and 20");
        assertThat(error(server.post("/v1/explain/gradients", "{\"length\": 1}"), 400))
                .isEqualTo("length: must be between 2 and 400, got 1");
        assertThat(error(server.post("/v1/explain/gradients", "{\"length\": 401}"), 400)).contains("between 2 and 400");
        assertThat(error(server.post("/v1/explain/gradients", "{\"hidden\": 0}"), 400)).contains("hidden");
        assertThat(error(server.post("/v1/explain/gradients", "{\"spectral_radius\": -1}"), 400))
                .contains("spectral_radius");
    }

    // ---- helpers ----

    private static JsonNode inside(String model, String text) {
        ServeFixture.Reply r = server.post("/v1/models/" + model + "/inside", Json.MAPPER.createObjectNode()
                .put("text", text));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json();
    }

    private static ServeFixture.Reply post(ModelServer s, String path, String json) throws Exception {
        var client = java.net.http.HttpClient.newHttpClient();
        var response = client.send(java.net.http.HttpRequest.newBuilder(s.uri().resolve(path))
                .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(json)).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        return new ServeFixture.Reply(response.statusCode(), response.body(), response.headers());
    }

    private static double[] embedding(LanguageModel lm, int id) {
        Tensor w = lm.network().embedding().weight().value(); // (V, E)
        int width = w.dim(1);
        double[] out = new double[width];
        for (int k = 0; k < width; k++) {
            out[k] = w.get(id * width + k);
        }
        return out;
    }

    private static double[] row(JsonNode rows, int t) {
        double[] out = new double[rows.get(t).size()];
        for (int j = 0; j < out.length; j++) {
            out[j] = rows.get(t).get(j).asDouble();
        }
        return out;
    }

    private static double sigmoid(double x) {
        return 1 / (1 + Math.exp(-x));
    }

    /** Σ_k W[row, k] · v[k]. */
    private static double affine(Tensor w, int row, double[] v) {
        double s = 0;
        for (int k = 0; k < v.length; k++) {
            s += w.get(row * v.length + k) * v[k];
        }
        return s;
    }
}
