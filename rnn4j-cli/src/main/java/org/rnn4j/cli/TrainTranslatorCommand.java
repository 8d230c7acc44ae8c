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
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import org.rnn4j.io.Provenance;
import org.rnn4j.loss.SoftmaxCrossEntropy;
import org.rnn4j.nn.Parameter;
import org.rnn4j.nn.attention.LuongAttention;
import org.rnn4j.nn.recurrent.CellType;
import org.rnn4j.optim.Adam;
import org.rnn4j.optim.AdamOptions;
import org.rnn4j.seq2seq.AttentionType;
import org.rnn4j.seq2seq.DecodeOptions;
import org.rnn4j.seq2seq.Seq2SeqConfig;
import org.rnn4j.seq2seq.Seq2SeqModel;
import org.rnn4j.seq2seq.TranslationBatch;
import org.rnn4j.seq2seq.TranslationObjective;
import org.rnn4j.seq2seq.TranslationPairs;
import org.rnn4j.seq2seq.Translator;
import org.rnn4j.text.Vocabulary;
import org.rnn4j.train.DatasetBatches;
import org.rnn4j.train.RunFiles;
import org.rnn4j.train.Trainer;
import org.rnn4j.train.TrainerOptions;
import org.rnn4j.train.TrainingHistory;
import org.rnn4j.train.TrainingResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code rnn4j train-translator}: trains an attentional encoder-decoder on sentence pairs. */
@Command(name = "train-translator", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Trains a translator: a bidirectional LSTM/GRU encoder and a decoder with Luong or Bahdanau "
                + "attention, by teacher forcing on sentence pairs from a TSV or CSV file.",
                "Whole books (by the reference column, e.g. 'Genesis 1:1' is in Genesis) can be held out for testing;"
                        + " the model remembers them, and eval-translator evaluates on them by default.",
                "The weights saved are those of the best validation (lowest loss)."},
        footer = {"", "Writes MODEL, MODEL.log.csv (the curves) and MODEL.loss.png (the loss chart).",
                "Last line: train_loss=... valid_loss=... (the best validation's, whose weights are saved)", "",
                "Examples:",
                "  rnn4j train-translator --pairs ../shared/data/translation/bible-en-kjv_es-rv1909.tsv \\",
                "      --source-column en_kjv --target-column es_rv1909 --test-books Mark,Philippians \\",
                "      --max-minutes 10 --out en-es.safetensors",
                "  rnn4j eval-translator --model en-es.safetensors --pairs ../shared/data/translation/bible-en-kjv_es-rv1909.tsv",
                "  rnn4j translate --model en-es.safetensors \"And the earth was without form, and void.\""})
final class TrainTranslatorCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--pairs", required = true, paramLabel = "FILE", description = "sentence pairs, a TSV or CSV "
            + "file with a header line")
    Path pairs;
    @Option(names = "--source-column", required = true, paramLabel = "C", description = "the column to translate from")
    String sourceColumn;
    @Option(names = "--target-column", required = true, paramLabel = "C", description = "the column to translate to")
    String targetColumn;
    @Option(names = "--ref-column", defaultValue = "ref", paramLabel = "C", description = "the column naming each "
            + "pair's place, 'Book chapter:verse', whose book --test-books picks (default: ${DEFAULT-VALUE}; "
            + "optional unless books are held out)")
    String refColumn;
    @Option(names = "--test-books", split = ",", paramLabel = "BOOK", description = "hold out these whole books for "
            + "testing, e.g. Mark,Philippians")
    List<String> testBooks;
    @Option(names = "--test-fraction", paramLabel = "F", description = "or hold out whole books drawn at random (by "
            + "--seed) until they hold this fraction of the pairs")
    Double testFraction;
    @Mixin
    ValidationOptions validating = ValidationOptions.withDefaults(0.02);
    @Option(names = "--max-train-length", defaultValue = "50", paramLabel = "N", description = "leave out training "
            + "pairs with more than N tokens on either side (default: ${DEFAULT-VALUE})")
    int maxTrainLength;
    @Option(names = "--source-vocab", defaultValue = "8000", paramLabel = "N", description = "source words kept, "
            + "the 4 special entries included; others read as <unk> (default: ${DEFAULT-VALUE})")
    int sourceVocab;
    @Option(names = "--target-vocab", defaultValue = "8000", paramLabel = "N", description = "target words kept "
            + "(default: ${DEFAULT-VALUE})")
    int targetVocab;
    @Option(names = "--min-count", defaultValue = "2", paramLabel = "N", description = "keep only words seen at least "
            + "N times (default: ${DEFAULT-VALUE})")
    int minCount;
    @Option(names = "--lower-case", negatable = true, description = "lower-case both sides "
            + "(the output is then lower-case too; default: ${DEFAULT-VALUE})")
    boolean lowercase;
    @Option(names = "--cell", defaultValue = "lstm", description = "lstm or gru (default: ${DEFAULT-VALUE})")
    String cell;
    @Option(names = "--embedding", defaultValue = "128", paramLabel = "E", description = "embedding size "
            + "(default: ${DEFAULT-VALUE})")
    int embedding;
    @Option(names = "--hidden", defaultValue = "256", paramLabel = "H", description = "units of each encoder "
            + "direction and of the decoder (default: ${DEFAULT-VALUE})")
    int hidden;
    @Option(names = "--encoder-layers", defaultValue = "1", paramLabel = "L", description = "stacked bidirectional "
            + "encoder layers (default: ${DEFAULT-VALUE})")
    int encoderLayers;
    @Option(names = "--attention", defaultValue = "luong", description = "luong or bahdanau (default: "
            + "${DEFAULT-VALUE})")
    String attention;
    @Option(names = "--score", defaultValue = "general", description = "Luong's score: general or concat (default: "
            + "${DEFAULT-VALUE})")
    String score;
    @Option(names = "--attention-size", defaultValue = "0", paramLabel = "A", description = "hidden width of an "
            + "additive score (bahdanau, concat); 0 = H (default: ${DEFAULT-VALUE})")
    int attentionSize;
    @Option(names = "--input-feeding", description = "Luong's input feeding: the previous attentional state joins "
            + "the decoder's input (slower: the decoder then runs step by step in training)")
    boolean inputFeeding;
    @Mixin
    OptimizerOptions optimizer = OptimizerOptions.withDefaults(64, 0.001, 5);
    @Option(names = "--label-smoothing", defaultValue = "0", description = "label smoothing of the cross-entropy "
            + "(default: ${DEFAULT-VALUE})")
    double labelSmoothing;
    @Option(names = "--patience", defaultValue = "0", paramLabel = "N", description = "stop after N validations "
            + "without a better loss; 0 = never (default: ${DEFAULT-VALUE}). The best validation's weights are kept "
            + "either way")
    int patience;
    @Option(names = "--log-every", defaultValue = "10", paramLabel = "STEPS", description = "steps per row of the "
            + "CSV log (default: ${DEFAULT-VALUE})")
    int logEvery;
    @Option(names = "--samples", defaultValue = "3", paramLabel = "N", description = "validation sentences to "
            + "translate (greedily) at the end (default: ${DEFAULT-VALUE})")
    int samples;
    @Mixin
    TrainingRunOptions run;

    /**
     * The old spelling of --validation-fraction, kept for one release. The new option's default is its field's
     * initial value, not a {@code defaultValue}, which picocli would apply after parsing, over this.
     */
    @Option(names = "--valid-fraction", hidden = true)
    void oldValidFraction(double value) {
        validating.fraction = value;
    }

    /**
     * The old spelling of --lower-case, kept for one release. The new option's default is its field's
     * initial value, not a {@code defaultValue}, which picocli would apply after parsing, over this.
     */
    @Option(names = "--lowercase", hidden = true)
    void oldLowercase(boolean value) {
        lowercase = value;
    }

    /** A pair as ids, and its source and target text. */
    private record Example(int[] source, int[] target, TranslationPairs.Pair pair) {
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        boolean talk = !run.quiet && !run.json;
        run.checkOutputs();
        InputFiles.requireReadableFile("--pairs", pairs);
        if (testBooks != null && testFraction != null) {
            throw new IllegalArgumentException("give --test-books or --test-fraction, not both");
        }
        if (maxTrainLength < 1) {
            throw new IllegalArgumentException("--max-train-length must be at least 1, got " + maxTrainLength);
        }
        if (samples < 0) {
            throw new IllegalArgumentException("--samples must be 0 or more, got " + samples);
        }
        CellType cellType = CellType.fromId(cell);
        AttentionType attentionType = AttentionType.fromId(attention);
        LuongAttention.Score luongScore = switch (score) {
            case "general" -> LuongAttention.Score.GENERAL;
            case "concat" -> LuongAttention.Score.CONCAT;
            case "dot" -> LuongAttention.Score.DOT;
            default -> throw new IllegalArgumentException("unknown --score '" + score + "': expected general or concat");
        };
        if (patience < 0) {
            throw new IllegalArgumentException("--patience must be 0 or more validations, got " + patience);
        }
        // The best validation's weights are what is saved: a small corpus overfits (on the Bible pairs the
        // validation loss rose from epoch 8 to 20 while the training loss kept falling).
        TrainerOptions trainerOptions = run.trainerOptions().withClipNorm(optimizer.clipNorm)
                .withValidateEvery(validating.every)
                .withEarlyStopping(patience, true);
        RunFiles files = run.runFiles(logEvery);
        SoftmaxCrossEntropy crossEntropy = new SoftmaxCrossEntropy(labelSmoothing);

        boolean holdOut = testBooks != null || testFraction != null;
        TranslationPairs all = TranslationPairs.read(pairs, sourceColumn, targetColumn, refColumn, holdOut);
        if (talk) {
            out.printf(Locale.ROOT, "read %d pairs of %d books from %s%s%n", all.size(), all.books().size(), pairs,
                    all.skipped() == 0 ? "" : " (" + all.skipped() + " rows with an empty side skipped, the first on"
                            + " line " + all.firstSkippedLine() + ")");
        }
        TranslationPairs.Split split = testBooks != null ? all.holdOutBooks(testBooks)
                : testFraction != null ? all.holdOutFraction(testFraction, run.seed) : all.all();
        List<List<TranslationPairs.Pair>> parts = TranslationPairs.sample(split.train(), validating.fraction, run.seed);
        List<TranslationPairs.Pair> validPairs = parts.get(1);

        Vocabulary sourceVocabulary = Translator.buildVocabulary(
                parts.get(0).stream().map(TranslationPairs.Pair::source).toList(), lowercase, sourceVocab, minCount);
        Vocabulary targetVocabulary = Translator.buildVocabulary(
                parts.get(0).stream().map(TranslationPairs.Pair::target).toList(), lowercase, targetVocab, minCount);
        Seq2SeqConfig config = new Seq2SeqConfig(cellType, sourceVocabulary.size(), targetVocabulary.size(), embedding,
                hidden, encoderLayers, attentionType, luongScore, attentionSize == 0 ? hidden : attentionSize,
                inputFeeding);
        Seq2SeqModel model = new Seq2SeqModel(config, new SplittableRandom(run.seed));
        Translator translator = new Translator(model, sourceVocabulary, targetVocabulary, lowercase);

        List<Example> train = new ArrayList<>();
        int tooLong = 0;
        for (TranslationPairs.Pair p : parts.get(0)) {
            Example e = encode(translator, p);
            if (e.source.length > maxTrainLength || e.target.length > maxTrainLength) {
                tooLong++;
            } else {
                train.add(e);
            }
        }
        if (train.isEmpty()) {
            throw new IllegalArgumentException("no training pair has at most " + maxTrainLength + " tokens on each side;"
                    + " raise --max-train-length");
        }
        List<Example> valid = validPairs.stream().map(p -> encode(translator, p)).toList();
        long parameterCount = model.parameters().stream().mapToLong(Parameter::size).sum();
        if (talk) {
            if (!split.testBooks().isEmpty()) {
                out.printf(Locale.ROOT, "held out for testing: %s (%d pairs)%n", String.join(", ", split.testBooks()),
                        split.test().size());
            }
            out.printf(Locale.ROOT, "training on %d pairs (%d with more than %d tokens on a side left out),"
                    + " validating on %d%n", train.size(), tooLong, maxTrainLength, valid.size());
            out.printf(Locale.ROOT, "vocabularies: %d source and %d target words (<unk>: %.1f%% and %.1f%% of the"
                    + " training tokens)%n", sourceVocabulary.size(), targetVocabulary.size(),
                    unknownShare(train, true, translator), unknownShare(train, false, translator));
            out.printf(Locale.ROOT, "model: %s, %,d parameters%n", model, parameterCount);
            out.flush();
        }

        TranslationBatch.Ids ids = translator.ids();
        DatasetBatches<Example, TranslationBatch> trainBatches = DatasetBatches.bucketed(train, optimizer.batch,
                e -> e.target.length * 1000 + e.source.length, run.seed, list -> collate(list, ids));
        DatasetBatches<Example, TranslationBatch> validBatches = valid.isEmpty() ? null
                : DatasetBatches.inOrder(valid, optimizer.batch, list -> collate(list, ids));
        Adam adam = new Adam(AdamOptions.defaults().withLearningRate(optimizer.learningRate));
        Trainer<TranslationBatch> trainer = new Trainer<>(new TranslationObjective(model, crossEntropy), adam, null,
                trainBatches, validBatches, files.applyTo(trainerOptions));
        trainer.checkpointMetadata(translator.checkpointMetadata());
        TrainingHistory history = new TrainingHistory();
        trainer.addListener(history);
        if (talk) {
            trainer.addListener(ProgressBar.forConsole(out, run.maxEpochs, run.maxMinutes));
        }
        files.prepare(trainer);
        TrainingResult result = trainer.fit();

        String command = "rnn4j " + String.join(" ", spec.commandLine().getParseResult().originalArgs());
        translator.save(run.out, new Translator.TrainingData(sourceColumn, targetColumn,
                all.books().size() > 1 || holdOut ? refColumn : null, split.testBooks()),
                Provenance.now(trainer.seed(), sha256(pairs), command));
        LossChart.write(run.chartFile(), "train-translator: " + model, history);

        if (talk && samples > 0 && !validPairs.isEmpty()) {
            List<TranslationPairs.Pair> shown = validPairs.subList(0, Math.min(samples, validPairs.size()));
            List<Translator.Translation> translated = translator.translate(
                    shown.stream().map(TranslationPairs.Pair::source).toList(), DecodeOptions.greedy());
            out.println("validation samples (greedy):");
            for (int i = 0; i < shown.size(); i++) {
                out.println("  source:    " + shown.get(i).source());
                out.println("  reference: " + shown.get(i).target());
                out.println("  output:    " + translated.get(i).text());
            }
        }
        RunSummary summary = new RunSummary()
                .row("model", run.out)
                .row("log", run.csvFile())
                .row("chart", run.chartFile())
                .row("pairs", pairs)
                .row("training_pairs", (long) train.size())
                .row("validation_pairs", (long) valid.size())
                .row("test_books", split.testBooks().isEmpty() ? "none" : String.join(",", split.testBooks()))
                .row("test_pairs", (long) split.test().size())
                .row("vocabularies", sourceVocabulary.size() + " -> " + targetVocabulary.size())
                .row("parameters", parameterCount)
                .row("steps", result.progress().step())
                .row("epochs", (long) result.progress().epoch())
                .row("stopped", result.reason().description())
                .row("seconds", result.seconds());
        summary.headline("train_loss", result.lastLoss());
        if (result.lastValidation() != null) { // the kept weights are the best validation's
            summary.headline("valid_loss", result.progress().bestValidationLoss());
            summary.row("best_step", result.progress().bestStep());
            summary.row("last_valid_token_accuracy", result.lastValidation().accuracy());
        }
        if (talk && !split.testBooks().isEmpty()) {
            out.println("evaluate on the held-out books: rnn4j eval-translator --model " + run.out + " --pairs " + pairs);
        }
        summary.print(out, run.json);
        return 0;
    }

    private static Example encode(Translator translator, TranslationPairs.Pair p) {
        return new Example(translator.sourceIds(p.source()), translator.targetIds(p.target()), p);
    }

    private static TranslationBatch collate(List<Example> examples, TranslationBatch.Ids ids) {
        return TranslationBatch.of(examples.stream().map(Example::source).toList(),
                examples.stream().map(Example::target).toList(), ids);
    }

    /** The share of tokens read as {@code <unk>}, in percent. */
    private static double unknownShare(List<Example> examples, boolean source, Translator translator) {
        Vocabulary v = source ? translator.sourceVocabulary() : translator.targetVocabulary();
        int unknown = v.id(org.rnn4j.text.SpecialToken.UNKNOWN);
        long count = 0;
        long total = 0;
        for (Example e : examples) {
            for (int id : source ? e.source : e.target) {
                count += id == unknown ? 1 : 0;
                total++;
            }
        }
        return total == 0 ? 0 : 100.0 * count / total;
    }

    static String sha256(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[1 << 16];
            for (int n = in.read(buffer); n > 0; n = in.read(buffer)) {
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
