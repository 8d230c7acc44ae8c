package org.rnn4j.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.IntConsumer;
import java.util.stream.Collectors;
import org.rnn4j.io.Provenance;
import org.rnn4j.metrics.Bleu;
import org.rnn4j.nn.recurrent.CellType;
import org.rnn4j.seq2seq.AttentionType;
import org.rnn4j.seq2seq.DecodeOptions;
import org.rnn4j.seq2seq.LengthPenaltyChoice;
import org.rnn4j.seq2seq.TranslationPairs;
import org.rnn4j.seq2seq.Translator;
import org.rnn4j.seq2seq.TranslatorSpec;
import org.rnn4j.seq2seq.TranslatorTrainer;
import org.rnn4j.seq2seq.TranslatorTraining;
import org.rnn4j.train.TrainingHistory;
import org.rnn4j.train.TrainingListener;
import org.rnn4j.train.StopReason;
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
                "The weights saved are those of the best validation (lowest loss); the learning rate is halved after"
                        + " each validation without a better loss (--lr-decay).",
                "The length penalty of beam search is chosen by the BLEU of the validation pairs (among 0.6, 1, 1.5"
                        + " and 2) and kept in the model file: translate and eval-translator use it by default."},
        footer = {
                "",
                "Writes MODEL, MODEL.log.csv (the curves) and MODEL.loss.png (the loss chart).",
                "Last line: train_loss=... valid_loss=... valid_bleu=... valid_copy_bleu=...",
                "(the best validation's, whose weights are saved; BLEU of those weights and",
                "of copying the source, on --bleu-pairs validation pairs)",
                "",
                "Examples:",
                "  rnn4j train-translator --pairs bible-en-kjv_es-rv1909.tsv \\",
                "      --source-column en_kjv --target-column es_rv1909 \\",
                "      --test-books John,Romans --max-minutes 15 --out en-es.safetensors",
                "  rnn4j eval-translator --model en-es.safetensors \\",
                "        --pairs bible-en-kjv_es-rv1909.tsv",
                "  rnn4j translate --model en-es.safetensors \\",
                "        \"And the earth was without form, and void.\"",
                "",
                "bible-en-kjv_es-rv1909.tsv: the English (King James) and Spanish (Reina-Valera",
                "1909) Bibles, public domain, one verse per line with columns reference,",
                "en_kjv and es_rv1909 (see the README's Translation section)."})
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
    @Option(names = "--max-train-length", defaultValue = "40", paramLabel = "N", description = "leave out training "
            + "pairs with more than N tokens on either side (default: ${DEFAULT-VALUE})")
    int maxTrainLength;
    @Option(names = "--source-vocab", defaultValue = "6000", paramLabel = "N", description = "source words kept, "
            + "the 4 special entries included; others read as <unk> (default: ${DEFAULT-VALUE})")
    int sourceVocab;
    @Option(names = "--target-vocab", defaultValue = "6000", paramLabel = "N", description = "target words kept "
            + "(default: ${DEFAULT-VALUE})")
    int targetVocab;
    @Option(names = "--min-count", defaultValue = "2", paramLabel = "N", description = "keep only words seen at least "
            + "N times (default: ${DEFAULT-VALUE})")
    int minCount;
    @Option(names = "--lower-case", negatable = true, description = "lower-case both sides "
            + "(the output is then lower-case too; default: ${DEFAULT-VALUE})")
    boolean lowercase;
    @Option(names = "--cell", paramLabel = "CELL", defaultValue = "lstm", description = "lstm or gru (default: ${DEFAULT-VALUE})")
    String cell;
    @Option(names = "--embedding", defaultValue = "128", paramLabel = "E", description = "embedding size "
            + "(default: ${DEFAULT-VALUE})")
    int embedding;
    @Option(names = "--hidden", defaultValue = "128", paramLabel = "H", description = "units of each encoder "
            + "direction and of the decoder (default: ${DEFAULT-VALUE})")
    int hidden;
    @Option(names = "--encoder-layers", defaultValue = "1", paramLabel = "L", description = "stacked bidirectional "
            + "encoder layers (default: ${DEFAULT-VALUE})")
    int encoderLayers;
    @Option(names = "--attention", paramLabel = "ATTENTION", defaultValue = "luong", description = "luong or bahdanau (default: "
            + "${DEFAULT-VALUE})")
    String attention;
    @Option(names = "--score", paramLabel = "SCORE", defaultValue = "general", description = "Luong's score: general or concat (default: "
            + "${DEFAULT-VALUE})")
    String score;
    @Option(names = "--attention-size", defaultValue = "0", paramLabel = "A", description = "hidden width of an "
            + "additive score (bahdanau, concat); 0 = H (default: ${DEFAULT-VALUE})")
    int attentionSize;
    @Option(names = "--input-feeding", description = "Luong's input feeding: the previous attentional state joins "
            + "the decoder's input (slower: the decoder then runs step by step in training)")
    boolean inputFeeding;
    @Mixin
    OptimizerOptions optimizer = OptimizerOptions.withDefaults(32, 0.002, 5);
    @Option(names = "--dropout", paramLabel = "P", defaultValue = "0.3", description = "dropout in "
            + "training on the embedded words of both sides and on the attentional state before the output layer "
            + "(default: ${DEFAULT-VALUE})")
    double dropout;
    @Option(names = "--label-smoothing", paramLabel = "EPS", defaultValue = "0", description = "label smoothing of the cross-entropy "
            + "(default: ${DEFAULT-VALUE})")
    double labelSmoothing;
    @Option(names = "--lr-decay", defaultValue = "0.5", paramLabel = "F", description = "multiply the learning rate "
            + "by F after each validation without a better loss; 1 = a fixed rate (default: ${DEFAULT-VALUE})")
    double learningRateDecay;
    @Option(names = "--patience", defaultValue = "3", paramLabel = "N", description = "stop after N validations "
            + "in a row without a better loss; 0 = never (default: ${DEFAULT-VALUE}). The best validation's weights "
            + "are kept either way")
    int patience;
    @Option(names = "--log-every", defaultValue = "10", paramLabel = "STEPS", description = "steps per row of the "
            + "CSV log (default: ${DEFAULT-VALUE})")
    int logEvery;
    @Option(names = "--bleu-pairs", defaultValue = "1000", paramLabel = "N", description = "validation pairs the "
            + "kept weights translate at most (beam 5: about 65 verses a second) for the summary's BLEU, next to "
            + "copying the source; 0 = none (default: ${DEFAULT-VALUE})")
    int bleuPairs;
    @Option(names = "--samples", defaultValue = "3", paramLabel = "N", description = "validation sentences to "
            + "translate (greedily) at the end (default: ${DEFAULT-VALUE})")
    int samples;
    /** 50 epochs at most: with a longer --max-minutes, early stopping (and the time) ends training, not 20 epochs. */
    @Mixin
    TrainingRunOptions run = TrainingRunOptions.withMaxEpochs(50);

    /**
     * The old spelling of --validation-fraction, kept for one release. The new option's default is its field's
     * initial value, not a {@code defaultValue}, which picocli would apply after parsing, over this.
     */
    @Option(names = "--valid-fraction", paramLabel = "F", hidden = true)
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

    /** The validation BLEU of each length penalty tried, and the seconds their translations took. */
    private record ValidationBleu(LengthPenaltyChoice choice, double seconds) {
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
        if (samples < 0) {
            throw new IllegalArgumentException("--samples must be 0 or more, got " + samples);
        }
        if (bleuPairs < 0) {
            throw new IllegalArgumentException("--bleu-pairs must be 0 or more, got " + bleuPairs);
        }
        if (patience < 0) {
            throw new IllegalArgumentException("--patience must be 0 or more validations, got " + patience);
        }
        if (!(learningRateDecay > 0 && learningRateDecay <= 1)) {
            throw new IllegalArgumentException("--lr-decay must be above 0 and at most 1 (1 = a fixed rate), got "
                    + learningRateDecay);
        }
        TranslatorSpec translatorSpec = TranslatorSpec.defaults().withCell(CellType.fromId(cell))
                .withVocabularySizes(sourceVocab, targetVocab).withEmbeddingSize(embedding).withHiddenSize(hidden)
                .withEncoderLayers(encoderLayers).withAttentionSize(attentionSize == 0 ? hidden : attentionSize)
                .withAttention(AttentionType.fromId(attention), TranslatorSpec.luongScoreOf(score), inputFeeding)
                .withLowercase(lowercase);
        TranslatorTraining training = TranslatorTraining.defaults().withMinCount(minCount)
                .withMaxTrainLength(maxTrainLength).withValidationFraction(validating.fraction).withBatchSize(optimizer.batch)
                .withLearningRate(optimizer.learningRate).withLabelSmoothing(labelSmoothing).withDropout(dropout)
                .withLearningRateDecay(learningRateDecay)
                .withTrainer(run.trainerOptions().withClipNorm(optimizer.clipNorm).withValidateEvery(validating.every)
                        .withEarlyStopping(patience, true))
                .withFiles(run.runFiles(logEvery));

        boolean holdOut = testBooks != null || testFraction != null;
        TranslationPairs all = TranslationPairs.read(pairs, sourceColumn, targetColumn, refColumn, holdOut);
        if (talk) {
            out.printf(Locale.ROOT, "read %d pairs of %d books from %s%s%n", all.size(), all.books().size(), pairs,
                    all.skipped() == 0 ? "" : " (" + all.skipped() + " rows with an empty side skipped, the first on"
                            + " line " + all.firstSkippedLine() + ")");
        }
        TranslationPairs.Split split = testBooks != null ? all.holdOutBooks(testBooks)
                : testFraction != null ? all.holdOutFraction(testFraction, run.seed) : all.all();
        TranslatorTrainer recipe = TranslatorTrainer.prepare(split.train(), translatorSpec, training);
        Translator translator = recipe.translator();
        List<TranslationPairs.Pair> validPairs = recipe.validationPairs();
        if (talk) {
            if (!split.testBooks().isEmpty()) {
                out.printf(Locale.ROOT, "held out for testing: %s (%d pairs)%n", String.join(", ", split.testBooks()),
                        split.test().size());
            }
            out.printf(Locale.ROOT, "training on %d pairs (%d with more than %d tokens on a side left out),"
                    + " validating on %d%n", recipe.trainingPairs(), recipe.leftOutTooLong(), maxTrainLength,
                    validPairs.size());
            out.printf(Locale.ROOT, "vocabularies: %d source and %d target words (<unk>: %.1f%% and %.1f%% of the"
                    + " training tokens)%n", translator.sourceVocabulary().size(), translator.targetVocabulary().size(),
                    recipe.unknownPercent(true), recipe.unknownPercent(false));
            out.printf(Locale.ROOT, "model: %s, %,d parameters%n", translator.model(), recipe.parameterCount());
            out.flush();
        }
        TrainingHistory history = new TrainingHistory();
        Interruption interruption = Interruption.install(spec.commandLine().getErr());
        List<TrainingListener> listeners = new ArrayList<>(List.of(history, interruption));
        if (talk) {
            listeners.add(ProgressBar.forConsole(out, run.maxEpochs, run.maxMinutes));
        }
        TrainingResult result = recipe.fit(listeners);

        List<TranslationPairs.Pair> bleuSet = validPairs.subList(0, Math.min(bleuPairs, validPairs.size()));
        // After Ctrl-C the user wants the file now: the search is then the default, scored after the file is written.
        ValidationBleu validation = bleuSet.isEmpty() || result.reason() == StopReason.INTERRUPTED ? null
                : scoreValidation(translator, bleuSet, LengthPenaltyChoice.DEFAULT_CANDIDATES, interruption, talk);
        if (validation != null) {
            translator.useLengthPenalty(validation.choice().chosen());
        }
        String command = "rnn4j " + String.join(" ", spec.commandLine().getParseResult().originalArgs());
        translator.save(run.out, new Translator.TrainingData(sourceColumn, targetColumn,
                all.books().size() > 1 || holdOut ? refColumn : null, split.testBooks()),
                Provenance.of(command, recipe.seed(), List.of(pairs)));
        LateOutputs late = new LateOutputs(result);
        late.write("chart", run.chartFile(), () -> LossChart.write(run.chartFile(), "train-translator: " + translator.model(), history));

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
                .row("training_pairs", (long) recipe.trainingPairs())
                .row("validation_pairs", (long) validPairs.size())
                .row("test_books", split.testBooks().isEmpty() ? "none" : String.join(",", split.testBooks()))
                .row("test_pairs", (long) split.test().size())
                .row("vocabularies", translator.sourceVocabulary().size() + " -> " + translator.targetVocabulary().size())
                .row("parameters", recipe.parameterCount())
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
        if (validation == null && !bleuSet.isEmpty()) {
            validation = scoreValidation(translator, bleuSet, List.of(translator.decodeOptions().lengthPenalty()),
                    null, talk);
        }
        if (validation != null) {
            summarise(validation, bleuSet, summary);
        }
        if (talk && !split.testBooks().isEmpty()) {
            out.println("evaluate on the held-out books: rnn4j eval-translator --model " + run.out + " --pairs " + pairs);
        }
        summary.print(out, run.json);
        return late.report(spec.commandLine().getErr(), interruption.exitCode(result.reason()));
    }

    /**
     * Corpus BLEU of the kept (best validation's) weights on validation pairs, with the search that translate and
     * eval-translator use by default under each length penalty of {@code alphas}: the validation loss alone does not
     * say whether the attention learnt to align (a run can reach a fair loss and still translate worse than the copy),
     * and the best α is kept with the model.
     */
    private ValidationBleu scoreValidation(Translator translator, List<TranslationPairs.Pair> scored,
                                           List<Double> alphas, Interruption interruption, boolean talk) {
        IntConsumer shown = talk ? WorkProgress.forConsole(spec.commandLine().getErr(), "scoring BLEU of",
                scored.size() * alphas.size(), "validation translations") : done -> { };
        IntConsumer progress = done -> {
            if (interruption != null && interruption.stopRequested()) {
                throw new ScoringInterrupted();
            }
            shown.accept(done);
        };
        long start = System.nanoTime();
        try {
            LengthPenaltyChoice choice = LengthPenaltyChoice.choose(translator, scored, translator.decodeOptions(),
                    alphas, progress);
            return new ValidationBleu(choice, (System.nanoTime() - start) / 1e9);
        } catch (ScoringInterrupted e) {
            return null; // Ctrl-C while choosing: the file is written at once, with the default search
        }
    }

    /** Thrown out of the translations' progress when Ctrl-C asks for the model file now. */
    private static final class ScoringInterrupted extends RuntimeException {
        ScoringInterrupted() {
            super(null, null, false, false);
        }
    }

    /** The validation BLEU of the chosen search, each candidate's, and the BLEU of copying the source. */
    private static void summarise(ValidationBleu scoring, List<TranslationPairs.Pair> scored, RunSummary summary) {
        LengthPenaltyChoice choice = scoring.choice();
        List<String> sources = scored.stream().map(TranslationPairs.Pair::source).toList();
        List<String> references = scored.stream().map(TranslationPairs.Pair::target).toList();
        summary.row("valid_bleu_detail", choice.chosenBleu() + " (" + scored.size() + " validation pairs, beam "
                        + DecodeOptions.defaults().beamSize() + ", length penalty " + choice.chosen() + ")");
        if (choice.candidates().size() > 1) {
            summary.row("length_penalty", choice.chosen() + ", the best validation BLEU of " + choice.candidates()
                    .stream().map(c -> String.format(Locale.ROOT, "%.2f at %s", c.bleu().score(), c.lengthPenalty()))
                    .collect(Collectors.joining(", ")) + "; translate and eval-translator use it by default");
        }
        summary.row("valid_bleu_seconds", scoring.seconds());
        summary.headline("valid_bleu", choice.chosenBleu().score())
                .headline("valid_copy_bleu", Bleu.corpus(sources, references).score());
    }
}
