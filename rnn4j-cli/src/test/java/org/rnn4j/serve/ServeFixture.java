package org.rnn4j.serve;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;
import org.rnn4j.cli.Rnn4jCommand;
import org.rnn4j.forecast.Forecaster;
import org.rnn4j.interop.keras.KerasImport;
import org.rnn4j.io.ModelFile;
import org.rnn4j.io.Provenance;
import org.rnn4j.nn.recurrent.RecurrentLayer;
import org.rnn4j.seq2seq.Translator;
import org.rnn4j.text.LanguageModel;
import org.rnn4j.text.TextClassifier;

/**
 * Small models of every kind, made once per test run (the application models trained for a second or two by the
 * CLI itself, the recurrent ones built directly), and a server over them on a free loopback port.
 */
final class ServeFixture {
    record Cli(int exitCode, String out, String err) {
    }

    record Reply(int status, String body, java.net.http.HttpHeaders headers) {
        JsonNode json() {
            try {
                return Json.MAPPER.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON: " + body, e);
            }
        }
    }

    private static Path dir;

    private ServeFixture() {
    }

    static Path resource(String name) {
        try {
            return Path.of(ServeFixture.class.getResource(name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The folder of the models, made on first use. */
    static synchronized Path models() {
        if (dir != null) {
            return dir;
        }
        try {
            Path d = Files.createDirectories(Path.of("target", "serve-test-models"));
            ModelFile.save(d.resolve("lstm.safetensors"), RecurrentLayer.lstm(4, 6, new SplittableRandom(5)),
                    Provenance.now(5L, null, "ServeFixture"));
            train("export", "--model", d.resolve("lstm.safetensors"), "--format", "onnx", "--out",
                    d.resolve("lstm.onnx"), "--overwrite");
            train("train-lm", "--text", resource("/text/austen-slice.txt"), "--out", d.resolve("lm.safetensors"),
                    "--hidden", 16, "--embedding", 8, "--layers", 1, "--batch", 8, "--bptt", 16, "--max-epochs", 1,
                    "--quiet", "--overwrite");
            train("train-classifier", "--train", resource("/sentiment/pang-lee-300.csv"), "--columns", "label,text",
                    "--out", d.resolve("pl.safetensors"), "--embedding", 8, "--hidden", 8, "--batch", 16,
                    "--max-epochs", 1, "--quiet", "--overwrite");
            train("train-translator", "--pairs", resource("/translation/bible-en-es-slice.tsv"), "--source-column",
                    "en_kjv", "--target-column", "es_rv1909", "--embedding", 8, "--hidden", 8, "--source-vocab", 200,
                    "--target-vocab", 200, "--batch", 32, "--max-epochs", 1, "--samples", 0,
                    "--out", d.resolve("tr.safetensors"), "--quiet", "--overwrite");
            train("train-forecaster", "--csv", resource("/forecast/AirPassengers.csv"), "--column", "value",
                    "--time-column", "time", "--horizon", 12, "--season", 12, "--transform", "log", "--hidden", 4,
                    "--ensemble", 1, "--max-epochs", 2, "--seed", 3, "--out", d.resolve("air.safetensors"),
                    "--quiet", "--overwrite");
            dir = d;
            return d;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void train(Object... args) {
        Cli r = cli(args);
        if (r.exitCode() != 0) {
            throw new AssertionError("training a test model failed: " + r.err());
        }
    }

    /** Runs the rnn4j command in-process, as CliTesting does. */
    static Cli cli(Object... args) {
        var commandLine = Rnn4jCommand.newCommandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        String[] strings = new String[args.length];
        for (int i = 0; i < args.length; i++) {
            strings[i] = String.valueOf(args[i]);
        }
        return new Cli(commandLine.execute(strings), out.toString(), err.toString());
    }

    /** Every kind of model: lstm, gru (2 layers, bidirectional), onnx (the lstm exported), keras (Embedding first), lm, pl, tr, air. */
    static List<ServedModel> load() {
        Path d = models();
        Path gru = resource("/compat/gru-2layer-bidirectional-v1.safetensors");
        Path keras = resource("/keras/embedding_mask_zero.keras");
        return List.of(
                new RecurrentServedModel("lstm", d.resolve("lstm.safetensors"),
                        ModelFile.load(d.resolve("lstm.safetensors")).layer()),
                new RecurrentServedModel("gru", gru, ModelFile.load(gru).layer()),
                new OnnxServedModel("onnx", d.resolve("lstm.onnx"),
                        org.rnn4j.interop.onnx.OnnxModel.load(d.resolve("lstm.onnx"))),
                new ChainServedModel("keras", keras, KerasImport.read(keras).chain(), "a Keras 3 .keras archive"),
                new LanguageServedModel("lm", d.resolve("lm.safetensors"), LanguageModel.load(d.resolve("lm.safetensors"))),
                new ClassifierServedModel("pl", d.resolve("pl.safetensors"),
                        TextClassifier.load(d.resolve("pl.safetensors"))),
                new TranslatorServedModel("tr", d.resolve("tr.safetensors"),
                        Translator.load(d.resolve("tr.safetensors")).translator()),
                new ForecasterServedModel("air", d.resolve("air.safetensors"),
                        Forecaster.load(d.resolve("air.safetensors"))));
    }

    /** A running server and the lines it logged. */
    static final class Server implements AutoCloseable {
        final ModelServer server;
        final List<String> log = Collections.synchronizedList(new ArrayList<>());
        final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

        Server(ServerConfig config) {
            server = ModelServer.start(config, load(), log::add);
        }

        URI uri(String path) {
            return server.uri().resolve(path);
        }

        Reply send(HttpRequest.Builder request) {
            try {
                HttpResponse<String> r = client.send(request.timeout(Duration.ofSeconds(30)).build(),
                        HttpResponse.BodyHandlers.ofString());
                return new Reply(r.statusCode(), r.body(), r.headers());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }

        Reply get(String path) {
            return send(HttpRequest.newBuilder(uri(path)).GET());
        }

        Reply post(String path, String json) {
            return send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(json)));
        }

        Reply post(String path, JsonNode json) {
            return post(path, json.toString());
        }

        @Override
        public void close() {
            server.close(Duration.ofSeconds(5));
        }
    }

    static Server start() {
        return new Server(ServerConfig.defaults().withQueue(2, 16));
    }

    /** An int32 (B,) .npy file: lengths for predict. */
    static void writeInt32Npy(Path file, int... values) {
        writeInt32Npy(file, "(" + values.length + ",)", values);
    }

    /** An int32 .npy file of the shape NumPy writes, e.g. "(2, 5)": token ids for predict. */
    static void writeInt32Npy(Path file, String shape, int... values) {
        String dict = "{'descr': '<i4', 'fortran_order': False, 'shape': " + shape + ", }";
        int unpadded = 10 + dict.length() + 1;
        String header = dict + " ".repeat((64 - unpadded % 64) % 64) + "\n";
        ByteBuffer bytes = ByteBuffer.allocate(10 + header.length() + 4 * values.length)
                .order(ByteOrder.LITTLE_ENDIAN);
        bytes.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0});
        bytes.putShort((short) header.length());
        bytes.put(header.getBytes(StandardCharsets.US_ASCII));
        for (int v : values) {
            bytes.putInt(v);
        }
        try {
            Files.write(file, bytes.array());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
