package org.rnn4j.serve;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnn4j.io.Npy;
import org.rnn4j.tensor.Tensor;

/** Open Inference Protocol v2: health, metadata, and infer with exactly predict's numbers. */
class InferRoutesTest {
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

    /** {"inputs": [{"name", "datatype", "shape", "data"}, ...]} */
    static ObjectNode request(Object... nameTypeTensor) {
        ObjectNode body = Json.MAPPER.createObjectNode();
        ArrayNode inputs = body.putArray("inputs");
        for (int i = 0; i < nameTypeTensor.length; i += 3) {
            ObjectNode in = inputs.addObject().put("name", (String) nameTypeTensor[i])
                    .put("datatype", (String) nameTypeTensor[i + 1]);
            Tensor t = (Tensor) nameTypeTensor[i + 2];
            ArrayNode shape = in.putArray("shape");
            for (int d : t.shape()) {
                shape.add(d);
            }
            ArrayNode data = in.putArray("data");
            for (float v : t.toArray()) {
                if (nameTypeTensor[i + 1].equals("FP32")) {
                    data.add(v);
                } else {
                    data.add((long) v);
                }
            }
        }
        return body;
    }

    static JsonNode output(JsonNode response, String name) {
        for (JsonNode o : response.get("outputs")) {
            if (o.get("name").asText().equals(name)) {
                return o;
            }
        }
        throw new AssertionError("no output " + name + " in " + response);
    }

    /** The values and shape of an output equal the .npy file's, value for value. */
    static void assertSame(JsonNode output, Path npy) {
        Tensor expected = Npy.readFloat32(npy);
        int[] shape = new int[output.get("shape").size()];
        for (int i = 0; i < shape.length; i++) {
            shape[i] = output.get("shape").get(i).asInt();
        }
        assertThat(shape).isEqualTo(expected.shape());
        float[] got = new float[output.get("data").size()];
        for (int i = 0; i < got.length; i++) {
            got[i] = (float) output.get("data").get(i).asDouble();
        }
        assertThat(got).containsExactly(expected.toArray());
    }

    @Test
    void healthAndMetadataFollowTheProtocol() {
        assertThat(server.get("/v2/health/live").status()).isEqualTo(200);
        assertThat(server.get("/v2/health/ready").json().get("ready").asBoolean()).isTrue();
        JsonNode meta = server.get("/v2").json();
        assertThat(meta.get("name").asText()).isEqualTo("rnn4j");
        assertThat(meta.get("extensions").toString()).contains("generate");

        JsonNode lstm = server.get("/v2/models/lstm").json();
        assertThat(lstm.get("inputs").toString()).isEqualTo("[{\"name\":\"input\",\"datatype\":\"FP32\",\"shape\":"
                + "[-1,-1,4]},{\"name\":\"lengths\",\"datatype\":\"INT32\",\"shape\":[-1]}]");
        assertThat(lstm.get("outputs").toString()).contains("{\"name\":\"c_n\",\"datatype\":\"FP32\",\"shape\":"
                + "[1,-1,6]}");
        assertThat(server.get("/v2/models/gru").json().get("outputs").toString())
                .contains("\"shape\":[-1,-1,8]", "\"shape\":[4,-1,4]").doesNotContain("c_n");
        assertThat(server.get("/v2/models/keras").json().get("inputs").toString()).contains("INT64", "[-1,-1]");
        assertThat(server.get("/v2/models/lstm/ready").json().get("ready").asBoolean()).isTrue();
        assertThat(server.get("/v1/models").json().get("models")).hasSize(8);
    }

    @Test
    void inferEqualsPredictForABidirectionalGruWithLengths() {
        Path model = ServeFixture.resource("/compat/gru-2layer-bidirectional-v1.safetensors");
        Path x = ServeFixture.resource("/compat/input.npy");
        Path lengths = dir.resolve("lengths.npy");
        ServeFixture.writeInt32Npy(lengths, 5, 3);
        ServeFixture.Cli predict = ServeFixture.cli("predict", "--model", model, "--input", x, "--lengths", lengths,
                "--output", dir.resolve("y.npy"), "--state-output", dir.resolve("h.npy"), "--quiet");
        assertThat(predict.exitCode()).as(predict.err()).isZero();

        ServeFixture.Reply r = server.post("/v2/models/gru/infer", request("input", "FP32", Npy.readFloat32(x),
                "lengths", "INT32", Tensor.of(new float[] {5, 3}, 2)).put("id", "req-7"));

        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.json().get("model_name").asText()).isEqualTo("gru");
        assertThat(r.json().get("id").asText()).isEqualTo("req-7");
        assertSame(output(r.json(), "output"), dir.resolve("y.npy"));
        assertSame(output(r.json(), "h_n"), dir.resolve("h.npy"));
    }

    @Test
    void inferEqualsPredictForAnLstmWithItsCellState() {
        Path model = ServeFixture.models().resolve("lstm.safetensors");
        Tensor x = uniform(3, 2, 5, 4);
        Npy.write(dir.resolve("x.npy"), x);
        ServeFixture.Cli predict = ServeFixture.cli("predict", "--model", model, "--input", dir.resolve("x.npy"),
                "--output", dir.resolve("y.npy"), "--state-output", dir.resolve("h.npy"), "--cell-state-output",
                dir.resolve("c.npy"), "--quiet");
        assertThat(predict.exitCode()).as(predict.err()).isZero();

        ObjectNode body = request("input", "FP32", x);
        body.putArray("outputs").addObject().put("name", "c_n");
        JsonNode onlyC = server.post("/v2/models/lstm/infer", body).json();
        assertThat(onlyC.get("outputs")).hasSize(1);
        assertSame(output(onlyC, "c_n"), dir.resolve("c.npy"));
        JsonNode all = server.post("/v2/models/lstm/infer", request("input", "FP32", x)).json();
        assertSame(output(all, "output"), dir.resolve("y.npy"));
        assertSame(output(all, "h_n"), dir.resolve("h.npy"));
    }

    @Test
    void inferEqualsPredictForAnOnnxGraph() {
        Path model = ServeFixture.models().resolve("lstm.onnx");
        Tensor x = uniform(4, 2, 3, 4);
        Npy.write(dir.resolve("x.npy"), x);
        ServeFixture.Cli predict = ServeFixture.cli("predict", "--model", model, "--input", dir.resolve("x.npy"),
                "--output", dir.resolve("y.npy"), "--quiet");
        assertThat(predict.exitCode()).as(predict.err()).isZero();

        ServeFixture.Reply r = server.post("/v2/models/onnx/infer", request("input", "FP32", x));

        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertSame(output(r.json(), "output"), dir.resolve("y.npy"));
        assertThat(server.get("/v2/models/onnx").json().get("inputs").get(0).get("shape").toString())
                .isEqualTo("[-1,-1,4]");
    }

    @Test
    void inferEqualsPredictForAKerasModelThatTakesTokenIds() {
        Path model = ServeFixture.resource("/keras/embedding_mask_zero.keras");
        int[] ids = {3, 1, 4, 0, 0, 2, 7, 1, 8, 2};
        Tensor tokens = Tensor.zeros(2, 5);
        for (int i = 0; i < ids.length; i++) {
            tokens.set(i, ids[i]);
        }
        Path x = dir.resolve("ids.npy");
        ServeFixture.writeInt32Npy(x, "(2, 5)", ids);
        ServeFixture.Cli predict = ServeFixture.cli("predict", "--model", model, "--input", x, "--output",
                dir.resolve("y.npy"), "--quiet");
        assertThat(predict.exitCode()).as(predict.err()).isZero();

        ServeFixture.Reply r = server.post("/v2/models/keras/infer", request("input", "INT64", tokens));

        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertSame(output(r.json(), "output"), dir.resolve("y.npy"));
    }

    static Tensor uniform(long seed, int... shape) {
        SplittableRandom rng = new SplittableRandom(seed);
        Tensor t = Tensor.zeros(shape);
        for (int i = 0; i < t.size(); i++) {
            t.set(i, (float) rng.nextDouble(-1, 1));
        }
        return t;
    }
}
