package org.rnn4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnn4j.text.LabelledTexts;

/**
 * train-classifier, classify and eval-classifier on 300 Pang &amp; Lee sentences (src/test/resources/sentiment):
 * one small model is trained once and shared.
 */
class ClassifierCommandsTest {
    private static final Object[] SMALL = {"--embedding", "16", "--hidden", "16", "--batch", "8", "--lr", "0.01",
            "--max-epochs", "6", "--quiet"};

    @TempDir
    static Path dir;
    static Path data;
    static Path model;
    static CliTesting.Result trained;

    @BeforeAll
    static void trainOnce() throws URISyntaxException {
        data = Path.of(ClassifierCommandsTest.class.getResource("/sentiment/pang-lee-300.csv").toURI());
        model = dir.resolve("pl.safetensors");
        trained = CliTesting.run(concat(new Object[] {"train-classifier", "--train", data, "--columns", "label,text",
                "--out", model}, SMALL));
    }

    private static Object[] concat(Object[] a, Object[] b) {
        Object[] out = new Object[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static String lastLine(String text) {
        List<String> lines = text.strip().lines().toList();
        return lines.get(lines.size() - 1);
    }

    @Test
    void trainingWritesTheModelLogAndChartAndTheLossFalls() throws IOException {
        assertThat(trained.exitCode()).as(trained.err()).isZero();
        assertThat(lastLine(trained.out())).matches("val_loss=[0-9.]+ val_accuracy=[0-9.]+");
        assertThat(trained.out()).contains("-1, 1").containsPattern("training_texts +270").containsPattern(
                "validation_texts +30");
        assertThat(dir.resolve("pl.loss.png")).isRegularFile();
        assertThat(trained.out()).containsPattern("network_weight +[0-9.]+").containsPattern(
                "network_val_accuracy +[0-9.]+").containsPattern("ngram_val_accuracy +[0-9.]+")
                .contains("blended").contains("with NB-LR on word 1–2-grams");
        List<Double> losses = Files.readAllLines(dir.resolve("pl.log.csv")).stream().skip(1)
                .map(line -> line.split(",", -1)[4]).filter(s -> !s.isEmpty()).map(Double::parseDouble).toList();
        assertThat(losses).hasSizeGreaterThanOrEqualTo(3);
        assertThat(losses.get(losses.size() - 1)).isLessThan(losses.get(0) * 0.7);
    }

    @Test
    void classifyPrintsTheLabelAndEveryClasssProbability() {
        CliTesting.Result r = CliTesting.run("classify", "--model", model, "a moving , funny and beautiful film",
                "dull , boring and far too long");
        assertThat(r.exitCode()).as(r.err()).isZero();
        List<String> lines = r.out().strip().lines().toList();
        assertThat(lines).hasSize(2);
        for (String line : lines) {
            String[] f = line.split("\t");
            assertThat(f[0]).isIn("-1", "1");
            assertThat(f[2]).matches("-1=[0-9.]+ 1=[0-9.]+");
            String[] p = f[2].split(" ");
            double sum = Double.parseDouble(p[0].substring(3)) + Double.parseDouble(p[1].substring(2));
            assertThat(sum).isBetween(0.999, 1.001);
        }
        CliTesting.Result json = CliTesting.run("classify", "--model", model, "--json", "what a film");
        assertThat(json.out()).contains("\"label\":", "\"probabilities\":{\"-1\":");
    }

    @Test
    void classifyWritesACsvFileFromATextFile() throws IOException {
        Path input = dir.resolve("reviews.txt");
        Files.writeString(input, "great fun\n\nterrible , \"awful\" mess\n", StandardCharsets.UTF_8);
        Path output = dir.resolve("predictions.csv");
        CliTesting.Result r = CliTesting.run("classify", "--model", model, "--input", input, "--output", output);
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).startsWith("wrote 2 predictions to ");
        List<String> lines = Files.readAllLines(output);
        assertThat(lines.get(0)).isEqualTo("text,label,probability,p_-1,p_1");
        assertThat(lines).hasSize(3);
        assertThat(lines.get(2)).startsWith("\"terrible , \"\"awful\"\" mess\",");
        LabelledTexts back = LabelledTexts.read(output, LabelledTexts.Columns.of("text", "label"));
        assertThat(back.texts()).containsExactly("great fun", "terrible , \"awful\" mess");
    }

    @Test
    void evalPrintsTheConfusionMatrixAndAccuracyOnItsLastLine() {
        CliTesting.Result r = CliTesting.run("eval-classifier", "--model", model, "--data", data,
                "--columns", "label,text");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("precision", "true \\ predicted", "confusion  [[").containsPattern("texts +300");
        assertThat(lastLine(r.out())).matches("accuracy=[0-9.]+ macro_f1=[0-9.]+");
        double accuracy = Double.parseDouble(lastLine(r.out()).split(" ")[0].substring("accuracy=".length()));
        assertThat(accuracy).isGreaterThan(0.6); // mostly its own training data
    }

    @Test
    void crossValidationReportsTheMeanAndSpreadOfTheFolds() {
        CliTesting.Result r = CliTesting.run("train-classifier", "--train", data, "--columns", "label,text",
                "--out", dir.resolve("cv.safetensors"), "--folds", "3", "--embedding", "8", "--hidden", "8",
                "--max-epochs", "1", "--batch", "16", "--json");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out().strip()).startsWith("{\"cv_accuracy\":").contains("\"cv_std\":", "\"cv_folds\":3",
                "\"val_accuracy\":");
        assertThat(r.out()).as("lists are JSON arrays").containsPattern("\"fold_accuracies\":\\[[0-9.]+,[0-9.]+,[0-9.]+\\]")
                .containsPattern("\"classes\":\\[\"[^\"]+\",\"[^\"]+\"\\]");
        assertThat(dir.resolve("cv.safetensors")).isRegularFile();
    }

    @Test
    void oneFileWithASplitColumnServesTrainingAndEvaluation() throws IOException {
        List<LabelledTexts.Example> examples = LabelledTexts.read(data, LabelledTexts.Columns.of("text", "label")
                .withNames(List.of("label", "text"))).examples();
        StringBuilder tsv = new StringBuilder("idx\tsplit\tlabel\ttext\n");
        StringBuilder dev = new StringBuilder("label\ttext\n");
        for (int i = 0; i < examples.size(); i++) {
            LabelledTexts.Example e = examples.get(i);
            String text = e.text().strip();
            tsv.append(i).append('\t').append(i % 5 == 0 ? "test" : "train").append('\t').append(e.label())
                    .append('\t').append(text).append('\n');
            if (i % 10 == 1) {
                dev.append(e.label()).append('\t').append(text).append('\n');
            }
        }
        Path file = dir.resolve("both.tsv");
        Files.writeString(file, tsv);
        Path devFile = dir.resolve("dev.tsv");
        Files.writeString(devFile, dev);
        Path out = dir.resolve("split.safetensors");
        CliTesting.Result r = CliTesting.run("train-classifier", "--train", file, "--split-column", "split",
                "--validation", devFile, "--out", out, "--embedding", "8", "--hidden", "8", "--max-epochs", "1",
                "--pooling", "attention", "--cell", "gru", "--quiet");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).containsPattern("training_texts +240").containsPattern("validation_texts +30");
        CliTesting.Result eval = CliTesting.run("eval-classifier", "--model", out, "--data", file,
                "--split-column", "split", "--json");
        assertThat(eval.exitCode()).as(eval.err()).isZero();
        assertThat(eval.out()).contains("\"texts\":60", "\"accuracy\":");
        assertThat(CliTesting.run("eval-classifier", "--model", out, "--data", file, "--split-column", "split",
                "--split", "dev").err()).contains("no row has 'dev' in column 'split'; its values are: test, train");
    }

    @Test
    void aCheckpointedRunResumesWhereItStopped() {
        Path checkpoints = dir.resolve("checkpoints");
        Object[] common = {"train-classifier", "--train", data, "--columns", "label,text", "--embedding", "8",
                "--hidden", "8", "--batch", "32", "--checkpoint-dir", checkpoints, "--out",
                dir.resolve("resumed.safetensors"), "--quiet"};
        CliTesting.Result first = CliTesting.run(concat(common, new Object[] {"--max-epochs", "1"}));
        assertThat(first.exitCode()).as(first.err()).isZero();
        assertThat(checkpoints.resolve("checkpoint.safetensors")).isRegularFile();
        CliTesting.Result again = CliTesting.run(concat(common, new Object[] {"--max-epochs", "2"}));
        assertThat(again.err()).contains("exists: pass --overwrite"); // only --resume may continue over it
        CliTesting.Result resumed = CliTesting.run(concat(common, new Object[] {"--max-epochs", "2", "--resume",
                "--json"}));
        assertThat(resumed.exitCode()).as(resumed.err()).isZero();
        assertThat(resumed.out()).contains("\"steps\":18"); // 2 epochs of 9 batches, the first one done before
    }

    @Test
    void anEmptyTextIsClassifiedFromNothing() {
        CliTesting.Result r = CliTesting.run("classify", "--model", model, "", "fine");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out().strip().lines()).hasSize(2);
    }

    @Test
    void aMissingColumnIsNamedWithTheColumnsThereAre() {
        CliTesting.Result r = CliTesting.run("train-classifier", "--train", data, "--columns", "label,text",
                "--text-column", "review", "--out", dir.resolve("x.safetensors"));
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).startsWith("rnn4j: ").contains("pang-lee-300.csv: no column 'review'",
                "its columns are: label, text");
        assertThat(dir.resolve("x.safetensors")).doesNotExist();
    }

    @Test
    void aHeaderlessFileWithoutColumnsSuggestsNamingThem() {
        CliTesting.Result r = CliTesting.run("train-classifier", "--train", data, "--out", dir.resolve("x.safetensors"));
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).contains("no column 'text'", "name its columns with --columns");
    }

    @Test
    void anEmptyFileOneClassAndAWrongEncodingAreRefusedClearly() throws IOException {
        Path empty = Files.createFile(dir.resolve("empty.csv"));
        assertThat(CliTesting.run("train-classifier", "--train", empty, "--out", dir.resolve("x.safetensors")).err())
                .contains("empty.csv: the file is empty");
        Path oneClass = dir.resolve("one.csv");
        Files.writeString(oneClass, "text,label\ngood,pos\nfine,pos\n");
        CliTesting.Result r = CliTesting.run("train-classifier", "--train", oneClass, "--out",
                dir.resolve("x.safetensors"));
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).contains("column 'label' has only one label, 'pos'", "at least two classes");
        Path latin1 = dir.resolve("latin1.csv");
        Files.write(latin1, "text,label\ngood,pos\nd\u00e9j\u00e0 vu,neg\n".getBytes(StandardCharsets.ISO_8859_1));
        r = CliTesting.run("train-classifier", "--train", latin1, "--out", dir.resolve("x.safetensors"));
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).contains("latin1.csv: not valid UTF-8 at byte", "(line 3)", "iconv");
        Path noLabel = dir.resolve("nolabel.csv");
        Files.writeString(noLabel, "text,label\ngood,pos\nbad,\n");
        assertThat(CliTesting.run("train-classifier", "--train", noLabel, "--out", dir.resolve("x.safetensors")).err())
                .contains("nolabel.csv: line 3: the label (column 'label') is empty");
        assertThat(CliTesting.run("train-classifier", "--train", dir.resolve("missing.csv"), "--out",
                dir.resolve("x.safetensors")).err()).contains("missing.csv: no such file (--train)");
    }

    @Test
    void anExistingModelIsNotOverwrittenWithoutOverwrite() throws IOException {
        long before = Files.size(model);
        CliTesting.Result r = CliTesting.run("train-classifier", "--train", data, "--columns", "label,text",
                "--out", model);
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).contains("exists: pass --overwrite");
        assertThat(Files.size(model)).isEqualTo(before);
    }

    @Test
    void badUsesOfClassifyAndEvalSayWhatIsWrong() throws IOException {
        assertThat(CliTesting.run("classify", "--model", model).err()).contains("nothing to classify");
        Path other = dir.resolve("labels.csv");
        Files.writeString(other, "text,label\ngood,positive\n");
        CliTesting.Result r = CliTesting.run("eval-classifier", "--model", model, "--data", other);
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).contains(other + " line 2: label 'positive' is not one of the model's classes (-1, 1)");
        Path notAModel = dir.resolve("not.safetensors");
        Files.writeString(notAModel, "hello");
        assertThat(CliTesting.run("classify", "--model", notAModel, "hi").exitCode()).isEqualTo(1);
        assertThat(CliTesting.run("classify", "--model", dir.resolve("none.safetensors"), "hi").err())
                .contains("none.safetensors: no such file (--model)");
        assertThat(CliTesting.run("classify", "--model", model, "--input", data, "--output", data).err())
                .contains("refusing to overwrite an input");
    }

    @Test
    void withoutNgramsTheNetworkAloneIsTheModel() {
        Path alone = dir.resolve("alone.safetensors");
        CliTesting.Result r = CliTesting.run(concat(new Object[] {"train-classifier", "--train", data, "--columns",
                "label,text", "--out", alone, "--ngrams", "0"}, SMALL));
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).doesNotContain("network_weight").doesNotContain("blended");
        CliTesting.Result inspect = CliTesting.run("inspect", alone);
        assertThat(inspect.out()).doesNotContain("network_weight");
    }

    @Test
    void aBadValueIsNamedByTheFlagBeforeAnyDataIsRead() {
        Object[] base = {"train-classifier", "--train", dir.resolve("absent.csv"), "--out",
                dir.resolve("x.safetensors")};
        assertThat(CliTesting.run(concat(base, new Object[] {"--hidden", "0"})).err())
                .contains("--hidden must be at least 1, got 0");
        assertThat(CliTesting.run(concat(base, new Object[] {"--pooling", "attention", "--attention-size", "0"})).err())
                .contains("--attention-size must be at least 1, got 0");
        assertThat(CliTesting.run(concat(base, new Object[] {"--folds", "1"})).err())
                .contains("--folds must be 0 (none) or at least 2, got 1");
        assertThat(CliTesting.run(concat(base, new Object[] {"--validation-fraction", "1"})).err())
                .contains("--validation-fraction must be between 0 and 1, got 1.0");
        assertThat(CliTesting.run(concat(base, new Object[] {"--ngrams", "-1"})).err())
                .contains("--ngrams must be 0 (the network alone) or more, got -1");
        assertThat(CliTesting.run(concat(base, new Object[] {"--folds", "2", "--checkpoint-dir", dir})).err())
                .contains("--folds runs several trainings, which --checkpoint-dir/--resume do not support");
    }

    @Test
    void everyCommandHasHelpWithExamples() {
        for (String command : List.of("train-classifier", "classify", "eval-classifier")) {
            CliTesting.Result r = CliTesting.run(command, "--help");
            assertThat(r.exitCode()).isZero();
            assertThat(r.out()).as(command).contains("Examples:", "rnn4j " + command);
        }
        assertThat(CliTesting.run("--help").out()).contains("train-classifier", "classify", "eval-classifier");
    }
}
