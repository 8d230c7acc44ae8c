package org.rnn4j.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import org.rnn4j.io.Provenance;
import org.rnn4j.nn.recurrent.CellType;
import org.rnn4j.optim.Adam;
import org.rnn4j.optim.AdamOptions;
import org.rnn4j.text.CharTokenizer;
import org.rnn4j.text.LanguageModel;
import org.rnn4j.text.SpecialToken;
import org.rnn4j.text.TextFiles;
import org.rnn4j.text.Tokenizer;
import org.rnn4j.text.Vocabulary;
import org.rnn4j.text.VocabularyOptions;
import org.rnn4j.text.WordTokenizer;
import org.rnn4j.train.RunFiles;
import org.rnn4j.train.Score;
import org.rnn4j.train.StreamWindows;
import org.rnn4j.train.Trainer;
import org.rnn4j.train.TrainerOptions;
import org.rnn4j.train.TrainingHistory;
import org.rnn4j.train.TrainingResult;
import org.rnn4j.train.TruncatedBptt;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code rnn4j train-lm}: a character or word language model, trained as char-rnn does (truncated BPTT). */
@Command(name = "train-lm", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Trains a character- or word-level language model on text files (UTF-8), or on the novel",
                "bundled in the jar (Jane Austen's Pride and Prejudice) when no --text is given. The last",
                "--validation-fraction of the text is held out; the best validation's weights are kept."},
        footer = {"", "Last line: val_loss=... val_bpc=... (nats and bits per character; word models: val_perplexity=...)",
                "", "Examples:",
                "  rnn4j train-lm --out austen.safetensors --max-minutes 1 --hidden 128 --layers 1",
                "  rnn4j train-lm --text moby-dick.txt --out moby.safetensors --max-minutes 30",
                "  rnn4j train-lm --text brown.txt --level word --vocab-size 10000 --lower-case --out brown.safetensors"})
final class TrainLmCommand implements Callable<Integer> {
    static final String BUNDLED = "corpus/austen-prideprejudice.txt";

    @Spec
    CommandSpec spec;
    @Option(names = "--text", arity = "1..*", paramLabel = "FILE", description = "training text, UTF-8 (.gz allowed); "
            + "several files are joined (default: the bundled novel)")
    List<Path> texts;
    @Option(names = "--level", defaultValue = "char", description = "char or word (default: ${DEFAULT-VALUE})")
    String level;
    @Option(names = "--vocab-size", defaultValue = "10000", description = "word level: most frequent words kept, the "
            + "rest become <unk> (default: ${DEFAULT-VALUE})")
    int vocabSize;
    @Option(names = "--lower-case", negatable = true, defaultValue = "false", description = "word level: lower-case "
            + "the text first (default: ${DEFAULT-VALUE})")
    boolean lowerCase;
    @Mixin
    ArchitectureOptions recurrent = ArchitectureOptions.withDefaults("lstm", 256, 2, 0.1f);
    @Option(names = "--embedding", defaultValue = "64", description = "embedding size (default: ${DEFAULT-VALUE})")
    int embedding;
    @Option(names = "--bptt", defaultValue = "100", description = "k1: steps per window (default: ${DEFAULT-VALUE})")
    int bptt;
    @Option(names = "--bptt-back", description = "k2 >= k1: steps backpropagated per window (default: = --bptt)")
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
        LanguageModel.Options architecture = new LanguageModel.Options(CliValues.cell(recurrent.cell), embedding,
                recurrent.hidden, recurrent.layers, recurrent.dropout);
        if (!(validating.fraction > 0 && validating.fraction < 1)) {
            throw new IllegalArgumentException("--validation-fraction must be between 0 and 1, got "
                    + validating.fraction);
        }
        boolean words = switch (level) {
            case "char" -> false;
            case "word" -> true;
            default -> throw new IllegalArgumentException("--level must be char or word, got '" + level + "'");
        };
        String text = readTexts();
        Tokenizer tokenizer = words ? new WordTokenizer(lowerCase) : new CharTokenizer();
        List<String> tokens = tokenizer.split(text);
        int split = (int) Math.round(tokens.size() * (1 - validating.fraction));
        Vocabulary vocabulary = words
                ? Vocabulary.fromTokens(tokens.subList(0, split), VocabularyOptions.of(Vocabulary.Unit.WORD)
                        .withSpecials(SpecialToken.UNKNOWN).withMaxSize(vocabSize))
                : Vocabulary.fromTokens(tokens, VocabularyOptions.of(Vocabulary.Unit.CHARACTER));
        int[] ids = tokens.stream().mapToInt(t -> vocabulary.find(t).orElseGet(() -> vocabulary.id(SpecialToken.UNKNOWN)))
                .toArray();
        int[] trainIds = Arrays.copyOfRange(ids, 0, split);
        int[] validIds = Arrays.copyOfRange(ids, split, ids.length);
        int k2 = bpttBack == null ? bptt : bpttBack;
        StreamWindows training = new StreamWindows(trainIds, optimizer.batch, bptt, k2);
        int validRows = Math.max(1, Math.min(optimizer.batch, (validIds.length - 1) / bptt));
        if ((validIds.length - 1) / validRows < bptt) {
            throw new IllegalArgumentException("the held-out text (" + validIds.length + " " + vocabulary.unit().noun()
                    + "s) is shorter than one window (--bptt " + bptt + "): use more text or a larger "
                    + "--validation-fraction");
        }
        StreamWindows validation = new StreamWindows(validIds, validRows, bptt, bptt);

        LanguageModel model = LanguageModel.create(vocabulary, tokenizer, architecture, run.seed);
        TrainerOptions options = run.trainerOptions().withClipNorm(optimizer.clipNorm)
                .withValidateEvery(validating.every)
                .withEarlyStopping(0, true);
        RunFiles files = run.runFiles(100);
        Trainer<StreamWindows.Window> trainer = new Trainer<>(new TruncatedBptt(model.network()),
                new Adam(AdamOptions.defaults().withLearningRate(optimizer.learningRate)), null, training, validation,
                files.applyTo(options));
        TrainingHistory history = new TrainingHistory();
        trainer.addListener(history);
        if (!run.quiet && !run.json) {
            out.printf("%s; %,d training and %,d held-out %ss; %d streams of %,d, windows of %d%s%n",
                    model.describe(), trainIds.length, validIds.length, vocabulary.unit().noun(), optimizer.batch,
                    training.rowLength(), bptt, k2 > bptt ? " (backpropagated " + k2 + ")" : "");
            trainer.addListener(ProgressBar.forConsole(out, run.maxEpochs, run.maxMinutes));
        }
        TrainingResult result = files.prepare(trainer).fit();
        Score held = trainer.evaluate(validation);
        model.save(run.out, Provenance.now(trainer.seed(), null, "rnn4j train-lm"));
        LossChart.write(run.chartFile(), "train-lm: " + model.describe(), history);

        RunSummary summary = new RunSummary().row("model", run.out).row("architecture", model.describe())
                .row("parameters", model.network().parameters().stream().mapToLong(p -> p.size()).sum())
                .row("steps", result.progress().step()).row("seconds", result.seconds())
                .row("stopped", result.reason().description()).row("log", run.csvFile()).row("chart", run.chartFile())
                .headline("val_loss", held.loss());
        if (words) {
            summary.headline("val_perplexity", Math.exp(held.loss()));
        } else {
            summary.headline("val_bpc", held.loss() / Math.log(2));
        }
        summary.print(out, run.json);
        return 0;
    }

    private String readTexts() {
        if (texts == null || texts.isEmpty()) {
            try (InputStream in = TrainLmCommand.class.getResourceAsStream(BUNDLED)) {
                if (in == null) {
                    throw new IllegalStateException("the bundled corpus " + BUNDLED + " is missing from the jar");
                }
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
