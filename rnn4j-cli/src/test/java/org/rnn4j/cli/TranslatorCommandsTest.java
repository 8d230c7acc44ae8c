package org.rnn4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnn4j.seq2seq.Translator;

/**
 * train-translator, translate and eval-translator on a committed slice of the English–Spanish Bible pairs
 * (src/test/resources/translation, 287 verses of six short books), and their answers to bad input.
 */
class TranslatorCommandsTest {

    static Path slice() {
        try {
            return Path.of(TranslatorCommandsTest.class.getResource("/translation/bible-en-es-slice.tsv").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A small, quick model: seconds on one core. */
    private static Object[] train(Path out, int epochs, Object... more) {
        Object[] base = {"--threads", "1", "train-translator", "--pairs", slice(), "--source-column", "en_kjv", "--target-column",
                "es_rv1909", "--embedding", "16", "--hidden", "24", "--source-vocab", "400", "--target-vocab", "400",
                "--batch", "32", "--lr", "0.01", "--max-epochs", epochs, "--log-every", "1", "--validation-fraction", "0.05",
                "--samples", "1", "--out", out};
        Object[] all = java.util.Arrays.copyOf(base, base.length + more.length);
        System.arraycopy(more, 0, all, base.length, more.length);
        return all;
    }

    private static String lastLine(String out) {
        String[] lines = out.strip().split("\n");
        return lines[lines.length - 1];
    }

    private static double value(String line, String key) {
        for (String field : line.split(" ")) {
            if (field.startsWith(key + "=")) {
                return Double.parseDouble(field.substring(key.length() + 1));
            }
        }
        throw new AssertionError("no " + key + "= in: " + line);
    }

    @Test
    void trainsALuongTranslatorWhoseLossFallsThenTranslatesAndEvaluatesOnTheHeldOutBook(@TempDir Path dir)
            throws IOException {
        Path model = dir.resolve("en-es.safetensors");
        CliTesting.Result trained = CliTesting.run(train(model, 4, "--test-books", "Jude"));
        assertThat(trained.exitCode()).as(trained.err()).isZero();
        assertThat(trained.out()).contains("held out for testing: Jude (25 pairs)").contains("validation samples");
        String last = lastLine(trained.out());
        assertThat(last).startsWith("train_loss=").contains("valid_loss=");
        assertThat(model).isRegularFile();
        assertThat(dir.resolve("en-es.loss.png")).isRegularFile();
        List<String> log = Files.readAllLines(dir.resolve("en-es.log.csv"));
        double firstLoss = Double.parseDouble(log.get(1).split(",")[4]);
        assertThat(value(last, "train_loss")).isLessThan(firstLoss - 1.0);
        double bestValidation = log.stream().skip(1).map(row -> row.split(",", -1)[5]).filter(v -> !v.isEmpty())
                .mapToDouble(Double::parseDouble).min().orElseThrow();
        assertThat(value(last, "valid_loss")).as("the kept weights are the best validation's")
                .isCloseTo(bestValidation, org.assertj.core.api.Assertions.within(1e-4));
        assertThat(value(last, "valid_bleu")).as("BLEU of the kept weights").isBetween(0.0, 100.0);
        assertThat(value(last, "valid_copy_bleu")).as("BLEU of copying the source").isBetween(0.0, 100.0);
        assertThat(trained.out()).contains("valid_bleu_detail").contains("validation pairs, beam 5");
        assertThat(trained.out()).contains("length_penalty").contains("the best validation BLEU of")
                .contains(" at 0.6, ").contains(" at 2.0;");
        double chosen = Translator.load(model).translator().decodeOptions().lengthPenalty();
        assertThat(chosen).as("one of the candidates").isIn(0.6, 1.0, 1.5, 2.0);

        CliTesting.Result one = CliTesting.run("--threads", "1", "translate", "--model", model, "--beam", "1", "--max-length", "30",
                "And Ruth said, Intreat me not to leave thee.");
        assertThat(one.exitCode()).as(one.err()).isZero();
        assertThat(one.out().strip()).isNotEmpty().doesNotContain("\n");

        Path input = dir.resolve("in.txt");
        Files.writeString(input, "Grace be with you.\nThe elder unto the elect lady.\n");
        Path output = dir.resolve("out.txt");
        CliTesting.Result file = CliTesting.run("--threads", "1", "translate", "--model", model, "--input", input,
                "--output", output, "--max-length", "30");
        assertThat(file.exitCode()).as(file.err()).isZero();
        assertThat(Files.readAllLines(output)).hasSize(2);

        CliTesting.Result eval = CliTesting.run("--threads", "1", "eval-translator", "--model", model, "--pairs", slice(),
                "--beam", "2", "--max-length", "30");
        assertThat(eval.exitCode()).as(eval.err()).isZero();
        assertThat(eval.out()).contains("25 pairs of Jude (held out in training)").contains("BLEU = ")
                .contains("beam 2, length penalty " + chosen + " (the model's)");
        String evalLast = lastLine(eval.out());
        assertThat(evalLast).startsWith("bleu=").contains(" copy_bleu=");
        assertThat(value(evalLast, "bleu")).isBetween(0.0, 100.0);
        assertThat(value(evalLast, "copy_bleu")).isBetween(0.0, 100.0);
    }

    @Test
    void trainsABahdanauGruTranslatorForAFewSteps(@TempDir Path dir) {
        Path model = dir.resolve("b.safetensors");
        CliTesting.Result r = CliTesting.run(train(model, 1, "--cell", "gru", "--attention", "bahdanau",
                "--quiet"));
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).doesNotContain("validation samples");
        assertThat(lastLine(r.out())).startsWith("train_loss=");
        CliTesting.Result eval = CliTesting.run("--threads", "1", "eval-translator", "--model", model, "--pairs", slice(),
                "--all", "--limit", "10", "--beam", "1", "--max-length", "30");
        assertThat(eval.exitCode()).as(eval.err()).isZero();
        assertThat(eval.out()).contains("all 10 pairs");
        assertThat(lastLine(eval.out())).startsWith("bleu=");
    }

    @Test
    void aNegativePatienceIsRefusedBeforeAnythingIsRead(@TempDir Path dir) {
        CliTesting.Result r = CliTesting.run(train(dir.resolve("m.safetensors"), 1, "--patience", "-1"));
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err().strip()).isEqualTo("rnn4j: --patience must be 0 or more validations, got -1");
        assertThat(dir.resolve("m.safetensors")).doesNotExist();
    }

    @Test
    void aLearningRateDecayOutsideZeroToOneIsRefusedBeforeAnythingIsRead(@TempDir Path dir) {
        for (String decay : List.of("0", "1.5", "-0.5")) {
            CliTesting.Result r = CliTesting.run(train(dir.resolve("m.safetensors"), 1, "--lr-decay", decay));
            assertThat(r.exitCode()).isEqualTo(1);
            assertThat(r.err().strip()).isEqualTo("rnn4j: --lr-decay must be above 0 and at most 1 (1 = a fixed"
                    + " rate), got " + Double.parseDouble(decay));
        }
        assertThat(dir.resolve("m.safetensors")).doesNotExist();
    }

    @Test
    void aNegativeBleuPairCountIsRefusedAndZeroLeavesBleuOut(@TempDir Path dir) {
        CliTesting.Result negative = CliTesting.run(train(dir.resolve("m.safetensors"), 1, "--bleu-pairs", "-1"));
        assertThat(negative.exitCode()).isEqualTo(1);
        assertThat(negative.err().strip()).isEqualTo("rnn4j: --bleu-pairs must be 0 or more, got -1");
        CliTesting.Result none = CliTesting.run(train(dir.resolve("m.safetensors"), 1, "--bleu-pairs", "0"));
        assertThat(none.exitCode()).as(none.err()).isZero();
        assertThat(lastLine(none.out())).contains("valid_loss=").doesNotContain("bleu");
    }

    @Test
    void anArchitectureOrTrainingErrorOfTheLibraryIsShownWithTheFlag(@TempDir Path dir) {
        CliTesting.Result layers = CliTesting.run(train(dir.resolve("m.safetensors"), 1, "--encoder-layers", "0"));
        assertThat(layers.err().strip()).isEqualTo("rnn4j: --encoder-layers must be at least 1, got 0");
        CliTesting.Result length = CliTesting.run(train(dir.resolve("m.safetensors"), 1, "--max-train-length", "0"));
        assertThat(length.err().strip()).isEqualTo("rnn4j: --max-train-length must be at least 1, got 0");
        CliTesting.Result beam = CliTesting.run("translate", "--model", dir.resolve("m.safetensors"), "--beam", "0",
                "a");
        assertThat(beam.err().strip()).isEqualTo("rnn4j: --beam must be at least 1 (1 = greedy), got 0");
        assertThat(dir.resolve("m.safetensors")).doesNotExist();
    }

    @Test
    void resumingWithAnotherVocabularyIsRefusedWithTheEntryThatDiffers(@TempDir Path dir) {
        Path checkpoints = dir.resolve("ckpt");
        CliTesting.Result first = CliTesting.run(train(dir.resolve("a.safetensors"), 1, "--checkpoint-dir",
                checkpoints, "--quiet"));
        assertThat(first.exitCode()).as(first.err()).isZero();

        CliTesting.Result other = CliTesting.run(train(dir.resolve("b.safetensors"), 2, "--checkpoint-dir",
                checkpoints, "--resume", "--lowercase", "--quiet"));
        assertThat(other.exitCode()).isEqualTo(1);
        assertThat(other.err()).contains(checkpoints.resolve("checkpoint.safetensors").toString())
                .contains("the checkpoint's source_vocabulary differs from this run's");
        assertThat(dir.resolve("b.safetensors")).doesNotExist();

        CliTesting.Result same = CliTesting.run(train(dir.resolve("c.safetensors"), 2, "--checkpoint-dir",
                checkpoints, "--resume", "--quiet"));
        assertThat(same.exitCode()).as(same.err()).isZero();
    }

    @Test
    void resumingAFixedRateRunWithTheDecayingDefaultSaysToResumeWithItsOptions(@TempDir Path dir) {
        Path checkpoints = dir.resolve("ckpt");
        CliTesting.Result first = CliTesting.run(train(dir.resolve("a.safetensors"), 1, "--checkpoint-dir",
                checkpoints, "--lr-decay", "1", "--quiet"));
        assertThat(first.exitCode()).as(first.err()).isZero();
        CliTesting.Result decaying = CliTesting.run(train(dir.resolve("b.safetensors"), 2, "--checkpoint-dir",
                checkpoints, "--resume", "--quiet"));
        assertThat(decaying.exitCode()).isEqualTo(1);
        assertThat(decaying.err()).contains("the checkpoint has none (the run that wrote it kept a fixed rate):"
                + " resume with the options of that run");
        CliTesting.Result same = CliTesting.run(train(dir.resolve("b.safetensors"), 2, "--checkpoint-dir",
                checkpoints, "--resume", "--lr-decay", "1", "--quiet"));
        assertThat(same.exitCode()).as(same.err()).isZero();
    }

    @Test
    void aMissingColumnIsNamedWithTheColumnsTheFileHas(@TempDir Path dir) {
        CliTesting.Result r = CliTesting.run("train-translator", "--pairs", slice(), "--source-column", "english",
                "--target-column", "es_rv1909", "--out", dir.resolve("m.safetensors"));
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).startsWith("rnn4j: ").contains("no column 'english'").contains("ref, en_kjv, es_rv1909")
                .contains(slice().toString());
    }

    @Test
    void anEmptyOrMissingPairsFileIsRefusedByName(@TempDir Path dir) throws IOException {
        Path empty = dir.resolve("empty.tsv");
        Files.writeString(empty, "");
        CliTesting.Result r = CliTesting.run("train-translator", "--pairs", empty, "--source-column", "en",
                "--target-column", "es", "--out", dir.resolve("m.safetensors"));
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).startsWith("rnn4j: " + empty).doesNotContain("internal error");
        Path missing = dir.resolve("missing.tsv");
        CliTesting.Result m = CliTesting.run("train-translator", "--pairs", missing, "--source-column", "en",
                "--target-column", "es", "--out", dir.resolve("m.safetensors"));
        assertThat(m.exitCode()).isEqualTo(1);
        assertThat(m.err()).contains(missing + ": no such file (--pairs)");
    }

    @Test
    void anExistingModelIsNotOverwrittenWithoutOverwrite(@TempDir Path dir) throws IOException {
        Path model = dir.resolve("m.safetensors");
        Files.writeString(model, "precious");
        CliTesting.Result r = CliTesting.run(train(model, 1));
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).contains(model + " exists: pass --overwrite");
        assertThat(Files.readString(model)).isEqualTo("precious");
    }

    @Test
    void anUnknownTestBookIsNamedWithTheBooksTheFileHas(@TempDir Path dir) {
        CliTesting.Result r = CliTesting.run(train(dir.resolve("m.safetensors"), 1, "--test-books", "Luke"));
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).contains("no book 'Luke'").contains("Ruth, Philippians, Titus, 2 John, 3 John, Jude");
    }

    @Test
    void translateNeedsSomethingToTranslateAndATranslatorModel(@TempDir Path dir) throws IOException {
        CliTesting.Result nothing = CliTesting.run("translate", "--model", dir.resolve("m.safetensors"));
        assertThat(nothing.exitCode()).isEqualTo(1);
        assertThat(nothing.err()).contains("nothing to translate");
        Path notAModel = dir.resolve("m.safetensors");
        Files.writeString(notAModel, "not a model");
        CliTesting.Result bad = CliTesting.run("translate", "--model", notAModel, "hello");
        assertThat(bad.exitCode()).isEqualTo(1);
        assertThat(bad.err()).startsWith("rnn4j: " + notAModel).doesNotContain("internal error");
    }

    @Test
    void everyTranslationCommandHasHelpWithExamples() {
        for (String command : List.of("train-translator", "translate", "eval-translator")) {
            CliTesting.Result r = CliTesting.run(command, "--help");
            assertThat(r.exitCode()).as(command).isZero();
            assertThat(r.out()).as(command).contains("Examples:").contains("rnn4j " + command);
        }
    }
}
