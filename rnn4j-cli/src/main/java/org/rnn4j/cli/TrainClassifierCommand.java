package org.rnn4j.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import org.rnn4j.io.Provenance;
import org.rnn4j.nn.Pooling;
import org.rnn4j.optim.Adam;
import org.rnn4j.optim.AdamOptions;
import org.rnn4j.tensor.Workspace;
import org.rnn4j.text.CharTokenizer;
import org.rnn4j.text.LabelledTexts;
import org.rnn4j.text.TextClassifier;
import org.rnn4j.text.Tokenizer;
import org.rnn4j.text.Vocabulary;
import org.rnn4j.text.WordTokenizer;
import org.rnn4j.train.DatasetBatches;
import org.rnn4j.train.RunFiles;
import org.rnn4j.train.Score;
import org.rnn4j.train.TokenBatch;
import org.rnn4j.train.TokenClassification;
import org.rnn4j.train.Trainer;
import org.rnn4j.train.TrainerOptions;
import org.rnn4j.train.TrainingHistory;
import org.rnn4j.train.TrainingResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code rnn4j train-classifier}: a text classifier (sentiment, topics, …) from a CSV or TSV file. */
@Command(name = "train-classifier", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Trains a text classifier on labelled texts in a CSV or TSV file (UTF-8, .gz",
                "allowed), any number of classes: Embedding -> (bi)LSTM/GRU -> pooling over time",
                "(last, mean, max, attention) -> dropout -> softmax. A stratified",
                "--validation-fraction of the training rows is held out (or --validation FILE is",
                "used); the weights of the best validation loss are kept.",
                "Texts are split into lower-cased words (or characters). A text longer than",
                "--max-length tokens keeps its first quarter and its last three quarters of that",
                "length (reviews end with their verdict); padding is masked, never pooled.",
                "--folds K: stratified K-fold cross-validation (each fold's test rows unseen by",
                "its run), then the --out model is trained on all rows; --max-minutes is then",
                "the budget of the whole command, shared equally by the K+1 runs."},
        footer = {"", "Last line: val_loss=... val_accuracy=...",
                "  (with --folds: cv_accuracy=... cv_std=... cv_macro_f1=... first)", "",
                "Examples:",
                "  # IMDB, one file with a split column (train/test): a bidirectional LSTM",
                "  rnn4j train-classifier --train imdb-50k.tsv.gz --split-column split \\",
                "        --out imdb.safetensors --max-minutes 30",
                "  rnn4j eval-classifier --model imdb.safetensors --data imdb-50k.tsv.gz \\",
                "        --split-column split",
                "  # Pang & Lee sentences (CSV, no header): 10-fold cross-validation",
                "  rnn4j train-classifier --train pang-lee.csv --columns label,text --folds 10 \\",
                "        --embedding 64 --hidden 64 --out pl.safetensors",
                "  # attention pooling, a GRU, your own columns and a validation file",
                "  rnn4j train-classifier --train tickets.csv --text-column body \\",
                "        --label-column team --validation tickets-dev.csv --cell gru \\",
                "        --pooling attention --out tickets.safetensors"})
final class TrainClassifierCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;
    @Option(names = "--train", required = true, paramLabel = "FILE", description = "labelled texts, CSV or TSV "
            + "(with a header line, or --columns)")
    Path train;
    @Mixin
    TextColumnsOptions data;
    @Option(names = "--validation", paramLabel = "FILE", description = "validation texts, same columns (read whole: "
            + "--split applies to --train only); default: held out from --train")
    Path validation;
    @Mixin
    ValidationOptions validating = ValidationOptions.withDefaults(0.1);
    @Option(names = "--folds", defaultValue = "0", paramLabel = "K", description = "K-fold cross-validation before "
            + "the final training; 0 = none (default: ${DEFAULT-VALUE})")
    int folds;
    @Option(names = "--level", defaultValue = "word", description = "word or char tokens (default: ${DEFAULT-VALUE})")
    String level;
    @Option(names = "--vocab-size", defaultValue = "20000", description = "most frequent tokens kept, the rest are "
            + "<unk>; 0 = all (default: ${DEFAULT-VALUE})")
    int vocabSize;
    @Option(names = "--min-count", defaultValue = "2", description = "tokens seen fewer times in training are <unk> "
            + "(default: ${DEFAULT-VALUE})")
    long minCount;
    @Option(names = "--lower-case", negatable = true, fallbackValue = "true", description = "lower-case the words; "
            + "--no-lower-case keeps upper case (default: ${DEFAULT-VALUE})")
    boolean lowerCase = true;
    @Option(names = "--max-length", defaultValue = "" + TextClassifier.DEFAULT_MAX_LENGTH, description = "tokens read "
            + "of a text at most: its first quarter and last three quarters are kept (default: ${DEFAULT-VALUE})")
    int maxLength;
    @Mixin
    ArchitectureOptions recurrent = ArchitectureOptions.withDefaults("lstm", 128, 1, 0.3f);
    @Option(names = "--embedding", defaultValue = "128", description = "embedding size (default: ${DEFAULT-VALUE})")
    int embedding;
    @Option(names = "--bidirectional", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "read the text both ways; --no-bidirectional: forward only (default: ${DEFAULT-VALUE})")
    boolean bidirectional;
    @Option(names = "--pooling", defaultValue = "max", description = "last, mean, max or attention (default: "
            + "${DEFAULT-VALUE})")
    String pooling;
    @Option(names = "--attention-size", defaultValue = "64", description = "attention pooling's hidden width "
            + "(default: ${DEFAULT-VALUE})")
    int attentionSize;
    @Mixin
    OptimizerOptions optimizer = OptimizerOptions.withDefaults(32, 0.002, 5);
    @Option(names = "--patience", defaultValue = "0", description = "stop after this many validations without a "
            + "better loss; 0 = never (default: ${DEFAULT-VALUE})")
    int patience;
    @Mixin
    TrainingRunOptions run;

    /**
     * The old spelling of --no-lower-case, kept for one release. The new option's default is its field's
     * initial value, not a {@code defaultValue}, which picocli would apply after parsing, over this.
     */
    @Option(names = "--case-sensitive", hidden = true)
    void oldCaseSensitive(boolean value) {
        lowerCase = !value;
    }

    private TextClassifier.Options architecture;
    private Tokenizer tokenizer;
    private List<String> labels;

    /** A text as ids, with its class. */
    private record Encoded(int[] ids, int label) {
    }

    /** One training run: the model with its best weights, and what happened. */
    private record Outcome(TextClassifier model, TrainingResult result, TrainingHistory history, Score validation,
                           long seed) {
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        run.checkOutputs();
        architecture = new TextClassifier.Options(CliValues.cell(recurrent.cell), embedding, recurrent.hidden,
                recurrent.layers, bidirectional, Pooling.fromId(pooling), attentionSize, recurrent.dropout, maxLength);
        tokenizer = switch (level) {
            case "word" -> new WordTokenizer(lowerCase);
            case "char" -> new CharTokenizer();
            default -> throw new IllegalArgumentException("--level must be word or char, got '" + level + "'");
        };
        checkValues();
        boolean talk = !run.quiet && !run.json;
        LabelledTexts all = data.read("--train", train, "train", true).requireTwoClasses(data.labelColumn);
        labels = all.labels();
        LabelledTexts.Split split;
        if (validation != null) {
            LabelledTexts held = data.readAll("--validation", validation);
            requireKnownLabels(held);
            split = new LabelledTexts.Split(all.examples(), held.examples());
        } else {
            split = all.stratifiedSplit(validating.fraction, run.seed);
        }
        if (talk) {
            out.printf(Locale.ROOT, "%s: %,d texts, classes %s%n", train, all.size(), counts(all));
        }

        RunSummary summary = new RunSummary();
        double minutes = run.maxMinutes;
        List<Double> accuracies = new ArrayList<>();
        List<Double> f1s = new ArrayList<>();
        if (folds > 0) {
            minutes = run.maxMinutes / (folds + 1);
            List<List<LabelledTexts.Example>> parts = all.stratifiedFolds(folds, run.seed);
            for (int k = 0; k < folds; k++) {
                List<LabelledTexts.Example> rest = new ArrayList<>();
                for (int j = 0; j < folds; j++) {
                    if (j != k) {
                        rest.addAll(parts.get(j));
                    }
                }
                LabelledTexts.Split inner = LabelledTexts.of(rest).stratifiedSplit(validating.fraction, run.seed);
                if (talk) {
                    out.printf(Locale.ROOT, "fold %d/%d: training on %,d texts (%,d held out for validation), "
                            + "testing on %,d%n", k + 1, folds, inner.training().size(), inner.heldOut().size(),
                            parts.get(k).size());
                }
                Outcome fold = fit(inner, minutes, RunFiles.NONE, talk, out);
                TextClassifier.Evaluation test = fold.model().evaluate(parts.get(k), 2 * optimizer.batch);
                accuracies.add(test.metrics().accuracy());
                f1s.add(test.metrics().macroF1());
                if (talk) {
                    out.printf(Locale.ROOT, "fold %d/%d: test accuracy %.4f, macro-F1 %.4f%n", k + 1, folds,
                            test.metrics().accuracy(), test.metrics().macroF1());
                }
            }
            if (talk) {
                out.printf(Locale.ROOT, "final model: training on all %,d texts (%,d held out for validation)%n",
                        split.training().size(), split.heldOut().size());
            }
        }
        Outcome outcome = fit(split, minutes, run.runFiles(50), talk, out);
        TextClassifier model = outcome.model();
        model.save(run.out, Provenance.now(outcome.seed(), sha256(train), "rnn4j train-classifier"));
        LossChart.write(run.chartFile(), "train-classifier: " + model.describe(), outcome.history());

        if (folds > 0) {
            summary.headline("cv_accuracy", mean(accuracies)).headline("cv_std", std(accuracies))
                    .headline("cv_macro_f1", mean(f1s)).row("cv_folds", folds)
                    .row("fold_accuracies", String.join(" ", accuracies.stream()
                            .map(a -> String.format(Locale.ROOT, "%.4f", a)).toList()));
        }
        summary.row("model", run.out).row("architecture", model.describe())
                .row("parameters", model.network().parameters().stream().mapToLong(p -> p.size()).sum())
                .row("classes", String.join(", ", labels))
                .row("training_texts", split.training().size()).row("validation_texts", split.heldOut().size())
                .row("steps", outcome.result().progress().step()).row("seconds", outcome.result().seconds())
                .row("stopped", outcome.result().reason().description()).row("log", run.csvFile())
                .row("chart", run.chartFile())
                .headline("val_loss", outcome.validation().loss())
                .headline("val_accuracy", outcome.validation().accuracy());
        summary.print(out, run.json);
        return 0;
    }

    private void checkValues() {
        if (folds != 0 && folds < 2) {
            throw new IllegalArgumentException("--folds must be 0 (none) or at least 2, got " + folds);
        }
        if (folds > 0 && validation != null) {
            throw new IllegalArgumentException("--folds holds out --validation-fraction of each fold's training "
                    + "rows; drop --validation");
        }
        if (folds > 0 && (run.files.checkpointDir != null || run.files.resume)) {
            throw new IllegalArgumentException("--folds runs several trainings, which --checkpoint-dir/--resume do "
                    + "not support; checkpoint a run without --folds");
        }
        if (!(validating.fraction > 0 && validating.fraction < 1)) {
            throw new IllegalArgumentException("--validation-fraction must be between 0 and 1, got "
                    + validating.fraction);
        }
        if (vocabSize != 0 && vocabSize < 3) {
            throw new IllegalArgumentException("--vocab-size must be 0 (all) or at least 3 (<pad>, <unk> and one "
                    + "token), got " + vocabSize);
        }
        if (minCount < 1) {
            throw new IllegalArgumentException("--min-count must be at least 1, got " + minCount);
        }
        if (optimizer.batch < 1) {
            throw new IllegalArgumentException("--batch must be at least 1, got " + optimizer.batch);
        }
        if (!(optimizer.learningRate > 0)) {
            throw new IllegalArgumentException("--lr must be positive, got " + optimizer.learningRate);
        }
    }

    private void requireKnownLabels(LabelledTexts held) {
        Set<String> known = Set.copyOf(labels);
        for (LabelledTexts.Example e : held.examples()) {
            if (!known.contains(e.label())) {
                throw new IllegalArgumentException(held.file() + ": line " + e.line() + ": label '" + e.label()
                        + "' does not occur in the training data (" + String.join(", ", labels)
                        + "); a classifier can only predict the classes it was trained on");
            }
        }
    }

    /** Trains one classifier on {@code split.training()}, validating on {@code split.heldOut()}. */
    private Outcome fit(LabelledTexts.Split split, double minutes, RunFiles files, boolean talk, PrintWriter out) {
        List<String> texts = split.training().stream().map(LabelledTexts.Example::text).toList();
        Vocabulary vocabulary = TextClassifier.buildVocabulary(texts, tokenizer, vocabSize, minCount);
        TextClassifier model = TextClassifier.create(vocabulary, tokenizer, labels, architecture, run.seed);
        List<Encoded> training = encode(model, split.training());
        List<Encoded> held = new ArrayList<>(encode(model, split.heldOut()));
        held.sort(Comparator.comparingInt(e -> e.ids().length)); // less padding; the score does not depend on order
        DatasetBatches<Encoded, TokenBatch> trainingBatches = DatasetBatches.bucketed(training, optimizer.batch,
                e -> e.ids().length, run.seed, chosen -> collate(model, chosen));
        DatasetBatches<Encoded, TokenBatch> validationBatches = DatasetBatches.inOrder(held, 2 * optimizer.batch,
                chosen -> collate(model, chosen));
        TrainerOptions options = run.trainerOptions().withMaxMinutes(minutes).withClipNorm(optimizer.clipNorm)
                .withValidateEvery(validating.every).withEarlyStopping(patience, true);
        Trainer<TokenBatch> trainer = new Trainer<>(new TokenClassification(model.network()),
                new Adam(AdamOptions.defaults().withLearningRate(optimizer.learningRate)), null, trainingBatches,
                validationBatches, files.applyTo(options));
        TrainingHistory history = new TrainingHistory();
        trainer.addListener(history);
        if (talk) {
            int longest = training.stream().mapToInt(e -> e.ids().length).max().orElse(0);
            double mean = training.stream().mapToInt(e -> e.ids().length).average().orElse(0);
            out.printf(Locale.ROOT, "%s; %,d training and %,d validation texts, %.0f %ss on average (at most %d), "
                    + "batches of %d%n", model.describe(), training.size(), held.size(), mean,
                    vocabulary.unit().noun(), longest, optimizer.batch);
            trainer.addListener(ProgressBar.forConsole(out, run.maxEpochs, minutes));
        }
        TrainingResult result = files.prepare(trainer).fit();
        Score score = trainer.evaluate(validationBatches);
        Workspace.clear(); // this run's recycled buffers: the next run or the evaluation need none of them
        return new Outcome(model, result, history, score, trainer.seed());
    }

    private List<Encoded> encode(TextClassifier model, List<LabelledTexts.Example> examples) {
        return examples.stream().map(e -> new Encoded(model.encode(e.text()), model.classId(e.label()))).toList();
    }

    private static TokenBatch collate(TextClassifier model, List<Encoded> chosen) {
        return model.batch(chosen.stream().map(Encoded::ids).toList(),
                chosen.stream().mapToInt(Encoded::label).toArray());
    }

    private static String counts(LabelledTexts data) {
        List<String> parts = new ArrayList<>();
        data.labelCounts().forEach((label, n) -> parts.add(String.format(Locale.ROOT, "%s (%,d)", label, n)));
        return String.join(", ", parts);
    }

    static double mean(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
    }

    /** The population standard deviation (numpy's default, ddof = 0). */
    static double std(List<Double> values) {
        double m = mean(values);
        return Math.sqrt(values.stream().mapToDouble(v -> (v - m) * (v - m)).sum() / values.size());
    }

    /** The SHA-256 of a file's bytes, for the model's provenance. */
    static String sha256(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[1 << 16];
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                digest.update(buffer, 0, n);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + file + ": " + e.getMessage(), e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
