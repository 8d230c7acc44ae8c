package org.rnn4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnn4j.io.ModelFile;
import org.rnn4j.io.Provenance;
import org.rnn4j.nn.recurrent.RecurrentLayer;
import picocli.CommandLine;
import sun.misc.Signal;

/** rnn4j serve's start-up: every model loaded first, a bad one a one-line error; and Ctrl-C stops it gracefully. */
class ServeCommandTest {
    @TempDir
    Path dir;

    @Test
    void aBadModelFileStopsStartUpWithOneLine() throws Exception {
        Path good = dir.resolve("gru.safetensors");
        ModelFile.save(good, RecurrentLayer.gru(3, 4, new SplittableRandom(1)), Provenance.now(1L, null, null));
        Path bad = dir.resolve("bad.safetensors");
        Files.writeString(bad, "not a model");

        CliTesting.Result r = CliTesting.run("serve", "--port", 0, "--model", "g=" + good, "--model", "b=" + bad);

        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err().strip().lines()).hasSize(1);
        assertThat(r.err()).startsWith("rnn4j: ").contains("bad.safetensors");
        assertThat(r.out()).doesNotContain("serving on");
        assertThat(CliTesting.run("serve", "--model", "no-equals-sign").err())
                .contains("--model: expected NAME=FILE");
        assertThat(CliTesting.run("serve", "--model", "a/b=" + good).err()).contains("the name 'a/b'");
        assertThat(CliTesting.run("serve", "--port", 0, "--model", "g=" + good, "--model", "g=" + good).err())
                .contains("the name 'g' is given twice");
        Path emptyKey = Files.writeString(dir.resolve("key.txt"), "\n");
        assertThat(CliTesting.run("serve", "--model", "g=" + good, "--api-key-file", emptyKey).err())
                .contains("key.txt: the API key file is empty");
    }

    @Test
    void printsOneLinePerModelServesOnLoopbackAndStopsOnCtrlC() throws Exception {
        Path model = dir.resolve("gru.safetensors");
        ModelFile.save(model, RecurrentLayer.gru(3, 4, new SplittableRandom(1)), Provenance.now(1L, null, null));
        CommandLine commandLine = Rnn4jCommand.newCommandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> commandLine.execute("serve", "--port",
                "0", "--grace", "5", "--model", "gru=" + model));
        Matcher serving = Pattern.compile("serving on (http://127\\.0\\.0\\.1:\\d+/)").matcher("");
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!serving.reset(out.toString()).find() && System.nanoTime() < deadline && !exit.isDone()) {
            Thread.sleep(20);
        }
        assertThat(out.toString()).as(err.toString()).contains("gru: Gru(input 3, hidden 4) (" + model + ")");
        URI uri = URI.create(serving.group(1));
        HttpClient client = HttpClient.newHttpClient();
        HttpResponse<String> live = client.send(HttpRequest.newBuilder(uri.resolve("/v2/health/live")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(live.statusCode()).isEqualTo(200);
        // The access log line is written once the answer has gone out, so it may come a moment after it.
        long logged = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (!err.toString().contains("\"GET /v2/health/live\" 200") && System.nanoTime() < logged) {
            Thread.sleep(10);
        }
        assertThat(err.toString()).contains("\"GET /v2/health/live\" 200");

        Signal.raise(new Signal("INT"));

        assertThat(exit.get(15, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo(130);
        assertThat(err.toString()).contains("rnn4j serve: stopping");
        assertThat(client.sendAsync(HttpRequest.newBuilder(uri.resolve("/v2/health/live")).build(),
                HttpResponse.BodyHandlers.ofString()).handle((r, e) -> e != null).get()).isTrue();
    }
}
