package org.rnn4j.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.rnn4j.io.Provenance;
import org.rnn4j.nn.Pooling;
import org.rnn4j.text.HashedNgrams;
import org.rnn4j.text.LabelledTexts;
import org.rnn4j.text.TextClassifier;
import org.rnn4j.text.TextClassifierSpec;
import org.rnn4j.text.TextClassifierTrainer;
import org.rnn4j.text.TextClassifierTraining;
import org.rnn4j.text.Vocabulary;
import org.rnn4j.train.TrainingListener;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code rnn4j train-classifier}: a text classifier (sentiment, topics, …) from a CSV or TSV file. */
@Command(name = "train-classifier", header = "Trains a text classifier on labelled texts in a CSV or TSV file.",
        mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Trains a text classifier on labelled texts in a CSV or TSV file (UTF-8, .gz",
                "allowed), any number of classes: Embedding -> (bi)LSTM/GRU -> pooling over time",
                "(last, mean, max, attention) -> dropout -> softmax. A stratified",
                "--validation-fraction of the training rows is held out (or --validation FILE is",
                "used); the weights of the best validation loss are kept.",
                "Texts are split into lower-cased words (or characters). A text longer than",
                "--max-length tokens keeps its first quarter and its last three quarters of that",
                "length (reviews end with their verdict); padding is masked, never pooled.",
                "Beside the network, NB-LR on hashed 1- to --ngrams N-grams of the tokens",
                "(naive Bayes log-count ratios, logistic regression by liblinear) is trained,",
                "and the two are blended, lambda * network + (1 - lambda) * n-grams, with the",
                "lambda of the best validation loss (1 = the network alone, 0 = the n-grams).",
                "--folds K: stratified K-fold cross-validation (each fold's test rows unseen by",
                "its run), then the --out model is trained on all rows; --max-minutes is then",
                "the budget of the whole command, shared equally by the K+1 runs."},
        footer = {
                "",
                "Last line: val_loss=... val_accuracy=...",
                "  (with --folds: cv_accuracy=... cv_std=... cv_macro_f1=... first)",
                "",
                "Examples:",
                "  # IMDB, one file with a split column (train/test): a bidirectional LSTM",
                "  rnn4j train-classifier --train imdb-50k.tsv.gz --split-column split \\",
                "        --out imdb.safetensors --max-minutes 30",
                "  rnn4j eval-classifier --model imdb.safetensors --data imdb-50k.tsv.gz \\",
                "        --split-column split",
                "  # Pang & Lee sentences (CSV, no header): 10-fold cross-validation",
                "  rnn4j train-classifier --train pang-lee.csv --columns label,text \\",
                "        --folds 10 \\",
                "        --embedding 64 --hidden 64 --out pl.safetensors",
                "  # attention pooling, a GRU, your own columns and a validation file",
                "  rnn4j train-classifier --train tickets.csv --text-column body \\",
                "        --label-column team --validation tickets-dev.csv --cell gru \\",
                "        --pooling attention --out tickets.safetensors"})
public class TrainClassifierCommand implements Callable<Integer> {
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
    @Option(names = "--level", paramLabel = "LEVEL", defaultValue = "word", description = "word or char tokens (default: ${DEFAULT-VALUE})")
    String level;
    @Option(names = "--vocab-size", paramLabel = "N", defaultValue = "20000", description = "most frequent tokens kept, the rest are "
            + "<unk>; 0 = all (default: ${DEFAULT-VALUE})")
    int vocabSize;
    @Option(names = "--min-count", paramLabel = "N", defaultValue = "2", description = "tokens seen fewer times in training are <unk> "
            + "(default: ${DEFAULT-VALUE})")
    long minCount;
    @Option(names = "--lower-case", negatable = true, fallbackValue = "true", description = "lower-case the words; "
            + "--no-lower-case keeps upper case (default: ${DEFAULT-VALUE})")
    boolean lowerCase = true;
    @Option(names = "--max-length", paramLabel = "N", defaultValue = "" + TextClassifierSpec.DEFAULT_MAX_LENGTH,
            description = "tokens read of a text at most: its first quarter and last three quarters are kept "
            + "(default: ${DEFAULT-VALUE})")
    int maxLength;
    @Mixin
    ArchitectureOptions recurrent = ArchitectureOptions.withDefaults("lstm", 128, 1, 0.3f);
    @Option(names = "--embedding", paramLabel = "E", defaultValue = "128", description = "embedding size (default: ${DEFAULT-VALUE})")
    int embedding;
    @Option(names = "--embedding-dropout", paramLabel = "P", defaultValue = "0",
            description = "dropout on the embedded words in training, each value on its own (default: ${DEFAULT-VALUE})")
    float embeddingDropout;
    @Option(names = "--ngrams", paramLabel = "N", defaultValue = "2", description = "blend the network with a "
            + "bag-of-n-grams model (NB-LR on 1- to N-grams of the tokens), weighted by the validation loss; 0 = the "
            + "network alone (default: ${DEFAULT-VALUE})")
    int ngramOrder;
    @Option(names = "--bidirectional", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "read the text both ways; --no-bidirectional: forward only (default: ${DEFAULT-VALUE})")
    boolean bidirectional;
    @Option(names = "--pooling", paramLabel = "POOLING", defaultValue = "max", description = "last, mean, max or attention (default: "
            + "${DEFAULT-VALUE})")
    String pooling;
    @Option(names = "--attention-size", paramLabel = "A", defaultValue = "64", description = "attention pooling's hidden width "
            + "(default: ${DEFAULT-VALUE})")
    int attentionSize;
    @Mixin
    OptimizerOptions optimizer = OptimizerOptions.withDefaults(32, 0.002, 5);
    @Option(names = "--patience", paramLabel = "N", defaultValue = "0", description = "stop after this many validations without a "
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

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        run.checkOutputs();
        if (ngramOrder < 0) {
            throw new IllegalArgumentException("--ngrams must be 0 (the network alone) or more, got " + ngramOrder);
        }
        Vocabulary.Unit unit = switch (level) {
            case "word" -> Vocabulary.Unit.WORD;
            case "char" -> Vocabulary.Unit.CHARACTER;
            default -> throw new IllegalArgumentException("--level must be word or char, got '" + level + "'");
        };
        TextClassifierSpec architecture = TextClassifierSpec.defaults().withUnit(unit).withLowerCase(lowerCase)
                .withCell(CliValues.cell(recurrent.cell)).withEmbeddingSize(embedding).withHiddenSize(recurrent.hidden)
                .withLayers(recurrent.layers).withBidirectional(bidirectional).withPooling(Pooling.fromId(pooling))
                .withAttentionSize(attentionSize).withDropout(recurrent.dropout).withMaxLength(maxLength)
                .withEmbeddingDropout(embeddingDropout)
                .withNgrams(ngramOrder == 0 ? null : new HashedNgrams(ngramOrder, TextClassifierSpec.DEFAULT_NGRAMS.buckets()));
        TextClassifierTraining training = TextClassifierTraining.defaults()
                .withTrainer(run.trainerOptions().withClipNorm(optimizer.clipNorm).withValidateEvery(validating.every)
                        .withEarlyStopping(patience, true))
                .withFiles(run.runFiles(50)).withFolds(folds).withVocabularySize(vocabSize)
                .withMinCount(minCount).withBatch(optimizer.batch).withLearningRate(optimizer.learningRate)
                .withValidationFraction(validating.fraction);
        boolean talk = !run.quiet && !run.json;
        LabelledTexts all = data.read("--train", train, "train", true).requireTwoClasses(data.labelColumn);
        LabelledTexts held = validation == null ? null : data.readAll("--validation", validation);
        if (talk) {
            out.printf(Locale.ROOT, "%s: %,d texts, classes %s%n", train, all.size(), counts(all));
        }
        Interruption interruption = Interruption.install(spec.commandLine().getErr());
        TextClassifierTrainer trainer = TextClassifierTrainer.of(architecture, training)
                .withObserver(new TextClassifierTrainer.Observer() {
                    @Override
                    public void say(String line) {
                        if (talk) {
                            out.println(line);
                        }
                    }

                    @Override
                    public List<TrainingListener> listeners(double maxMinutes) {
                        return talk ? List.of(ProgressBar.forConsole(out, run.maxEpochs, maxMinutes), interruption)
                                : List.of(interruption);
                    }
                });
        TextClassifierTrainer.Result outcome = placed(trainer).train(all, held);
        TextClassifier model = outcome.model();
        List<Path> files = validation == null ? List.of(train) : List.of(train, validation);
        model.save(run.out, Provenance.of(RecordedCommand.of(spec), outcome.seed(), files));
        LateOutputs late = new LateOutputs(outcome.training());
        late.write("chart", run.chartFile(), () -> LossChart.write(run.chartFile(), "train-classifier: " + model.describe(), outcome.history()));

        RunSummary summary = new RunSummary();
        if (folds > 0) {
            summary.headline("cv_accuracy", outcome.crossValidationAccuracy())
                    .headline("cv_std", outcome.crossValidationStd())
                    .headline("cv_macro_f1", outcome.crossValidationMacroF1()).row("cv_folds", folds)
                    .row("fold_accuracies", outcome.folds().stream().map(f -> f.accuracy()).toList());
        }
        summary.row("model", run.out).row("architecture", model.describe())
                .row("parameters", model.network().parameters().stream().mapToLong(p -> p.size()).sum())
                .row("classes", model.labels())
                .row("training_texts", outcome.trainingTexts()).row("validation_texts", outcome.validationTexts())
                .row("steps", outcome.training().progress().step()).row("seconds", outcome.training().seconds())
                .row("stopped", outcome.training().reason().description()).row("log", run.csvFile())
                .row("chart", run.chartFile())
                .headline("val_loss", outcome.validation().loss())
                .headline("val_accuracy", outcome.validation().accuracy());
        if (outcome.blend() != null) {
            summary.row("network_weight", outcome.blend().networkWeight())
                    .row("network_val_accuracy", outcome.blend().network().accuracy())
                    .row("ngram_val_accuracy", outcome.blend().ngrams().accuracy());
        }
        summary.print(out, run.json);
        return late.report(spec.commandLine().getErr(), interruption.exitCode(outcome.training().reason()));
    }

    /**
     * Where the runs compute their gradients: in this JVM here; rnn4j-spark's command, otherwise this one, spreads
     * them over a cluster.
     */
    protected TextClassifierTrainer placed(TextClassifierTrainer trainer) {
        return trainer;
    }

    private static String counts(LabelledTexts data) {
        List<String> parts = new ArrayList<>();
        data.labelCounts().forEach((label, n) -> parts.add(String.format(Locale.ROOT, "%s (%,d)", label, n)));
        return String.join(", ", parts);
    }
}
