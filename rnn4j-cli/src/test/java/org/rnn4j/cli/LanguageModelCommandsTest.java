package org.rnn4j.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** train-lm, generate and eval-lm on a 20 kB slice of Pride and Prejudice. */
class LanguageModelCommandsTest {
    private static final Path SLICE = Path.of("src", "test", "resources", "text", "austen-slice.txt");
    @TempDir
    Path dir;

    private CliTesting.Result train(Path model, String... more) {
        List<Object> args = new java.util.ArrayList<>(List.of("train-lm", "--text", SLICE, "--out", model,
                "--hidden", "32", "--embedding", "16", "--layers", "1", "--batch", "8", "--bptt", "32",
                "--max-epochs", "2", "--lr", "0.01"));
        args.addAll(List.of((Object[]) more));
        return CliTesting.run(args.toArray());
    }

    private static double field(String out, String key) {
        String[] lines = out.strip().split("\n");
        for (String part : lines[lines.length - 1].split(" ")) {
            if (part.startsWith(key + "=")) {
                return Double.parseDouble(part.substring(key.length() + 1));
            }
        }
        throw new AssertionError("no " + key + "= on the last line of: " + out);
    }

    @Test
    void trainingLowersTheHeldOutLossAndWritesTheModelLogAndChart() throws Exception {
        Path model = dir.resolve("austen.safetensors");
        CliTesting.Result r = train(model);

        assertThat(r.exitCode()).as(r.err()).isZero();
        double loss = field(r.out(), "val_loss");
        assertThat(loss).isLessThan(Math.log(60)); // below a uniform guess over the slice's characters
        assertThat(field(r.out(), "val_bpc")).isCloseTo(loss / Math.log(2), org.assertj.core.data.Offset.offset(1e-3));
        assertThat(model).isRegularFile();
        assertThat(dir.resolve("austen.loss.png")).isRegularFile();
        List<String> log = Files.readAllLines(dir.resolve("austen.log.csv"));
        assertThat(log.get(0)).startsWith("step,epoch");
        List<Double> validation = log.stream().skip(1).map(l -> l.split(",", -1)).filter(f -> !f[5].isEmpty())
                .map(f -> Double.parseDouble(f[5])).toList();
        assertThat(validation).hasSize(2);
        assertThat(validation.get(1)).isLessThan(validation.get(0));
    }

    @Test
    void generateContinuesThePrimeAndEvalPrintsLossBpcAndPerplexity() {
        Path model = dir.resolve("lm.safetensors");
        assertThat(train(model, "--quiet").exitCode()).isZero();

        CliTesting.Result g = CliTesting.run("generate", "--model", model, "--prime", "It is a truth", "--length",
                "50", "--seed", "4");
        assertThat(g.exitCode()).as(g.err()).isZero();
        assertThat(g.out()).startsWith("It is a truth");
        assertThat(g.out().strip().length()).isGreaterThan("It is a truth".length() + 30);
        assertThat(CliTesting.run("generate", "--model", model, "--prime", "It is a truth", "--length", "50",
                "--seed", "4").out()).isEqualTo(g.out());

        CliTesting.Result e = CliTesting.run("eval-lm", "--model", model, "--text", SLICE);
        assertThat(e.exitCode()).as(e.err()).isZero();
        double loss = field(e.out(), "loss");
        assertThat(field(e.out(), "perplexity")).isCloseTo(Math.exp(loss), org.assertj.core.data.Offset.offset(1e-3));
        assertThat(e.out().strip()).containsPattern("loss=\\d\\.\\d{4} bpc=\\d\\.\\d{4} perplexity=\\d+\\.\\d{4}$");
    }

    @Test
    void inspectShowsTheLanguageModelsSpecLayersAndProvenance() {
        Path model = dir.resolve("lm.safetensors");
        assertThat(train(model, "--quiet").exitCode()).isZero();
        CliTesting.Result r = CliTesting.run("inspect", model);
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("Type:  language model").contains("embedding.weight").contains("head.bias")
                .containsPattern("hidden_size +32").containsPattern("num_layers +1").contains("command        rnn4j train-lm")
                .containsPattern("data_sha256 +[0-9a-f]{64}");
    }

    @Test
    void aWordModelLowersItsHeldOutLossAndReportsItsPerplexity() throws Exception {
        Path model = dir.resolve("words.safetensors");
        CliTesting.Result r = train(model, "--level", "word", "--vocab-size", "300", "--lower-case");
        assertThat(r.exitCode()).as(r.err()).isZero();
        List<Double> validation = Files.readAllLines(dir.resolve("words.log.csv")).stream().skip(1)
                .map(l -> l.split(",", -1)).filter(f -> !f[5].isEmpty()).map(f -> Double.parseDouble(f[5])).toList();
        assertThat(validation).hasSize(2);
        assertThat(validation.get(1)).as("held-out loss of epoch 2 vs epoch 1").isLessThan(validation.get(0));
        assertThat(field(r.out(), "val_perplexity")).isCloseTo(Math.exp(validation.get(1)), within(1e-2));
    }

    @Test
    void anExistingModelIsNeverOverwrittenWithoutOverwrite() throws Exception {
        Path model = dir.resolve("keep.safetensors");
        Files.writeString(model, "precious");
        CliTesting.Result r = train(model);
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err().strip()).isEqualTo("rnn4j: " + model + " exists: pass --overwrite to replace it, or choose"
                + " another --out");
        assertThat(Files.readString(model)).isEqualTo("precious");
    }

    @Test
    void aPrimeAndAHeldOutTextWithCharactersTrainingNeverSawAreReadAsUnknown() throws Exception {
        Path model = dir.resolve("lm.safetensors");
        assertThat(train(model, "--quiet").exitCode()).isZero();

        CliTesting.Result g = CliTesting.run("generate", "--model", model, "--prime", "Zürich €", "--length", "20");
        assertThat(g.exitCode()).as(g.err()).isZero();
        assertThat(g.out()).startsWith("Zürich €");
        assertThat(g.err()).containsPattern("--prime has [2-9] characters that").contains("read as <unk>");

        Path other = Files.writeString(dir.resolve("other.txt"), "Quite so, said the Señor — twice, in Zürich.\n");
        CliTesting.Result e = CliTesting.run("eval-lm", "--model", model, "--text", other);
        assertThat(e.exitCode()).as(e.err()).isZero();
        assertThat(e.out()).containsPattern("unknown_characters +[1-9]");
        assertThat(field(e.out(), "loss")).isPositive();
    }

    @Test
    void withoutAnUnknownEntryAnUnseenCharacterIsNamed() {
        Path model = dir.resolve("lm.safetensors");
        assertThat(train(model, "--quiet", "--no-unknown").exitCode()).isZero();
        CliTesting.Result g = CliTesting.run("generate", "--model", model, "--prime", "Zürich");
        assertThat(g.exitCode()).isEqualTo(1);
        assertThat(g.err()).startsWith("rnn4j: --prime: character ").contains("U+");
    }

    @Test
    void badTextFilesAreNamed() throws Exception {
        Path empty = dir.resolve("empty.txt");
        Files.writeString(empty, "");
        CliTesting.Result r = CliTesting.run("train-lm", "--text", empty, "--out", dir.resolve("m.safetensors"));
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err().strip()).isEqualTo("rnn4j: " + empty + ": the file is empty; expected UTF-8 text");

        Path latin1 = dir.resolve("latin1.txt");
        Files.write(latin1, "caf\u00e9 au lait".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        CliTesting.Result l = CliTesting.run("train-lm", "--text", latin1, "--out", dir.resolve("m.safetensors"));
        assertThat(l.exitCode()).isEqualTo(1);
        assertThat(l.err()).contains(latin1.toString()).contains("UTF-8").contains("iconv");

        CliTesting.Result tiny = CliTesting.run("train-lm", "--text", SLICE, "--out", dir.resolve("m.safetensors"),
                "--bptt", "5000");
        assertThat(tiny.exitCode()).isEqualTo(1);
        assertThat(tiny.err()).contains("--bptt 5000").contains("is longer than");
    }

    @Test
    void aBadArchitectureIsNamedByItsFlag() {
        CliTesting.Result r = CliTesting.run("train-lm", "--text", SLICE, "--out", dir.resolve("m.safetensors"),
                "--hidden", "0");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err().strip()).isEqualTo("rnn4j: --hidden must be at least 1, got 0");
    }
}
