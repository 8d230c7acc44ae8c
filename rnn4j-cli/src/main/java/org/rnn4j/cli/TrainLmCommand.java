package org.rnn4j.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.rnn4j.io.Provenance;
import org.rnn4j.io.TextFiles;
import org.rnn4j.text.LanguageModel;
import org.rnn4j.text.LanguageModelSpec;
import org.rnn4j.text.LanguageModelTrainer;
import org.rnn4j.text.LanguageModelTraining;
import org.rnn4j.text.Vocabulary;
import org.rnn4j.train.Score;
import org.rnn4j.train.TrainingHistory;
import org.rnn4j.train.TrainingListener;
import org.rnn4j.train.TrainingResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code rnn4j train-lm}: a character or word language model, trained as char-rnn does (truncated BPTT). */
@Command(name = "train-lm", header = "Trains a character- or word-level language model on text files.",
        mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Trains a character- or word-level language model on text files (UTF-8), or on the novel",
                "bundled in the jar (Jane Austen's Pride and Prejudice) when no --text is given. The last",
                "--validation-fraction of the text is held out; the best validation's weights are kept."},
        footer = {
                "",
                "Last line: val_loss=... val_bpc=... (nats and bits per character; word models:",
                "val_perplexity=...)",
                "",
                "Examples:",
                "  rnn4j train-lm --out austen.safetensors --max-minutes 1 --hidden 128 \\",
                "        --layers 1",
                "  rnn4j train-lm --text moby-dick.txt --out moby.safetensors --max-minutes 30",
                "  rnn4j train-lm --text brown.txt --level word --vocab-size 10000 \\",
                "        --lower-case --out brown.safetensors"})
public class TrainLmCommand implements Callable<Integer> {
    static final String BUNDLED = "corpus/austen-prideprejudice.txt";

    @Spec
    CommandSpec spec;
    @Option(names = "--text", arity = "1..*", paramLabel = "FILE", description = "training text, UTF-8 (.gz allowed); "
            + "several files are joined (default: the bundled novel)")
    List<Path> texts;
    @Option(names = "--level", paramLabel = "LEVEL", defaultValue = "char", description = "char or word (default: ${DEFAULT-VALUE})")
    String level;
    @Option(names = "--vocab-size", paramLabel = "N", defaultValue = "10000", description = "word level: most frequent words kept, the "
            + "rest become <unk> (default: ${DEFAULT-VALUE})")
    int vocabSize;
    @Option(names = "--unknown", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "char level: give the vocabulary an <unk> entry, so that text with characters the training "
                    + "text lacks can be primed and scored (default: on; --no-unknown for a vocabulary without)")
    boolean unknown;
    @Option(names = "--lower-case", negatable = true, defaultValue = "false", description = "word level: lower-case "
            + "the text first (default: ${DEFAULT-VALUE})")
    boolean lowerCase;
    @Mixin
    ArchitectureOptions recurrent = ArchitectureOptions.withDefaults("lstm", 256, 2, 0.1f);
    @Option(names = "--embedding", paramLabel = "E", defaultValue = "64", description = "embedding size (default: ${DEFAULT-VALUE})")
    int embedding;
    @Option(names = "--bptt", paramLabel = "STEPS", defaultValue = "100", description = "k1: steps per window (default: ${DEFAULT-VALUE})")
    int bptt;
    @Option(names = "--bptt-back", paramLabel = "STEPS", description = "k2 >= k1: steps backpropagated per window (default: = --bptt)")
    Integer bpttBack;
    @Mixin
    OptimizerOptions optimizer = OptimizerOptions.withDefaults(32, 0.002, 5);
    @Mixin
    ValidationOptions validating = ValidationOptions.withDefaults(0.1);
    @Mixin
    TrainingRunOptions run;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        run.checkOutputs();
        Vocabulary.Unit unit = switch (level) {
            case "char" -> Vocabulary.Unit.CHARACTER;
            case "word" -> Vocabulary.Unit.WORD;
            default -> throw new IllegalArgumentException("--level must be char or word, got '" + level + "'");
        };
        LanguageModelSpec architecture = LanguageModelSpec.defaults().withUnit(unit).withLowerCase(lowerCase)
                .withCell(CliValues.cell(recurrent.cell)).withEmbeddingSize(embedding).withHiddenSize(recurrent.hidden).withLayers(recurrent.layers)
                .withDropout(recurrent.dropout);
        LanguageModelTraining training = LanguageModelTraining.defaults()
                .withTrainer(run.trainerOptions().withClipNorm(optimizer.clipNorm).withValidateEvery(validating.every)
                        .withEarlyStopping(0, true))
                .withFiles(run.runFiles(100)).withBatch(optimizer.batch).withBptt(bptt).withBpttBack(bpttBack == null ? 0 : bpttBack)
                .withLearningRate(optimizer.learningRate).withValidationFraction(validating.fraction).withVocabularySize(vocabSize)
                .withUnknownEntry(unknown);
        LanguageModelTrainer trainer = placed(LanguageModelTrainer.prepare(readTexts(), architecture, training));
        LanguageModel model = trainer.model();
        TrainingHistory history = new TrainingHistory();
        Interruption interruption = Interruption.install(spec.commandLine().getErr());
        List<TrainingListener> listeners = new ArrayList<>(List.of(history, interruption));
        if (!run.quiet && !run.json) {
            out.println(trainer.describe());
            listeners.add(ProgressBar.forConsole(out, run.maxEpochs, run.maxMinutes));
        }
        LanguageModelTrainer.Result trained = trainer.train(listeners);
        model.save(run.out, provenance(trained.seed()));
        LateOutputs late = new LateOutputs(trained.training());
        late.write("chart", run.chartFile(), () -> LossChart.write(run.chartFile(), "train-lm: " + model.describe(), history));

        Score held = trained.validation();
        TrainingResult result = trained.training();
        RunSummary summary = new RunSummary().row("model", run.out).row("architecture", model.describe())
                .row("parameters", model.network().parameters().stream().mapToLong(p -> p.size()).sum())
                .row("steps", result.progress().step()).row("seconds", result.seconds())
                .row("stopped", result.reason().description()).row("log", run.csvFile()).row("chart", run.chartFile())
                .headline("val_loss", held.loss());
        if (unit == Vocabulary.Unit.WORD) {
            summary.headline("val_perplexity", Math.exp(held.loss()));
        } else {
            summary.headline("val_bpc", held.loss() / Math.log(2));
        }
        summary.print(out, run.json);
        return late.report(spec.commandLine().getErr(), interruption.exitCode(result.reason()));
    }

    /**
     * Where training computes its gradients: in this JVM here; rnn4j-spark's command, otherwise this one, spreads
     * them over a cluster.
     */
    protected LanguageModelTrainer placed(LanguageModelTrainer trainer) {
        return trainer;
    }

    /** The text files' hash, or the bundled novel's when no file is given. */
    private Provenance provenance(long seed) {
        String command = RecordedCommand.of(spec);
        if (texts != null && !texts.isEmpty()) {
            return Provenance.of(command, seed, texts);
        }
        try (InputStream in = bundled()) {
            return Provenance.now(seed, Provenance.sha256(in), command);
        } catch (IOException e) {
            throw new UncheckedIOException("could not read the bundled corpus: " + e.getMessage(), e);
        }
    }

    private static InputStream bundled() {
        InputStream in = TrainLmCommand.class.getResourceAsStream(BUNDLED);
        if (in == null) {
            throw new IllegalStateException("the bundled corpus " + BUNDLED + " is missing from the jar");
        }
        return in;
    }

    private String readTexts() {
        if (texts == null || texts.isEmpty()) {
            try (InputStream in = bundled()) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException("could not read the bundled corpus: " + e.getMessage(), e);
            }
        }
        List<String> parts = new ArrayList<>();
        for (Path file : texts) {
            parts.add(TextFiles.read(file));
        }
        return String.join("\n", parts);
    }
}
