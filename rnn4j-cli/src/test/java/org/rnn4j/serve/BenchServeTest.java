package org.rnn4j.serve;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code rnn4j bench-serve} against a running server: each route's load, and its errors in the user's words. */
class BenchServeTest {
    private static ServeFixture.Server server;

    @BeforeAll
    static void start() {
        server = new ServeFixture.Server(ServerConfig.defaults().withQueue(2, 64));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static String url() {
        return server.uri("/").toString();
    }

    @Test
    void inferOfARecurrentModelPrintsRequestsPerSecondLatencyAndTheServersMemory() {
        ServeFixture.Cli r = ServeFixture.cli("bench-serve", "--url", url(), "--model", "lstm", "--clients", "1,4",
                "--seconds", "0.5");

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("model lstm (recurrent model)  route infer")
                .containsPattern("server memory before: rss \\d+\\.\\d MB, heap \\d+\\.\\d MB, tensors \\(direct\\)")
                .containsPattern("clients    1  requests/s +\\d+\\.\\d  p50 +\\d+\\.\\d\\d ms  p99 +\\d+\\.\\d\\d ms"
                        + "  429 0  failed 0")
                .containsPattern("clients    4  requests/s")
                .contains("server memory after:");
    }

    @Test
    void generationOfALanguageModelAlsoTimesTheFirstTokenAndCountsTokens() {
        ServeFixture.Cli r = ServeFixture.cli("bench-serve", "--url", url(), "--model", "lm", "--clients", "2",
                "--seconds", "0.5", "--max-tokens", "5");

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("route generate")
                .containsPattern("ttft p50 +\\d+\\.\\d\\d ms  p99 +\\d+\\.\\d\\d ms  tokens/s +\\d+\\.\\d")
                .contains("failed 0");
    }

    @Test
    void aClassifierIsLoadedWithClassify() {
        ServeFixture.Cli r = ServeFixture.cli("bench-serve", "--url", url(), "--model", "pl", "--clients", "1",
                "--seconds", "0.3");

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("route classify").contains("failed 0");
    }

    @Test
    void anUnknownModelOrAServerThatIsNotThereIsOneLineThatSaysSo() {
        ServeFixture.Cli missing = ServeFixture.cli("bench-serve", "--url", url(), "--model", "nope", "--seconds",
                "0.1");
        ServeFixture.Cli nobody = ServeFixture.cli("bench-serve", "--url", "http://127.0.0.1:1", "--model", "lstm",
                "--seconds", "0.1");
        ServeFixture.Cli badClients = ServeFixture.cli("bench-serve", "--url", url(), "--model", "lstm",
                "--clients", "0");

        assertThat(missing.exitCode()).isEqualTo(1);
        assertThat(missing.err().strip()).startsWith("rnn4j: --model: the server at").contains("has no model 'nope'")
                .contains("lstm, gru").doesNotContain("\n");
        assertThat(nobody.exitCode()).isEqualTo(1);
        assertThat(nobody.err().strip()).isEqualTo("rnn4j: --url: nothing answers at http://127.0.0.1:1 (is rnn4j"
                + " serve running?)");
        assertThat(badClients.err()).contains("--clients: each level needs at least 1 client");
    }
}
