package org.rnn4j.text;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.rnn4j.metrics.ClassificationMetrics;
import org.rnn4j.optim.Adam;
import org.rnn4j.optim.AdamOptions;
import org.rnn4j.tensor.Workspace;
import org.rnn4j.train.DatasetBatches;
import org.rnn4j.train.Objective;
import org.rnn4j.train.RunFiles;
import org.rnn4j.train.Score;
import org.rnn4j.train.TokenBatch;
import org.rnn4j.train.TokenClassification;
import org.rnn4j.train.Trainer;
import org.rnn4j.train.TrainerOptions;
import org.rnn4j.train.TrainingHistory;
import org.rnn4j.train.TrainingListener;
import org.rnn4j.train.TrainingResult;

/**
 * The text classifier's training recipe, what {@code rnn4j train-classifier} runs. One run ({@code fit}): the
 * vocabulary of the training texts, a new model (seeded by the trainer options), the texts encoded, Adam on batches
 * of texts of similar lengths (less padding), validation on the held-out texts in length order, the best
 * validation's weights kept.
 *
 * <p>With {@link TextClassifierTraining#folds()} = k: stratified k-fold cross-validation first (each fold's test
 * texts unseen by its run, which holds out a stratified part of the other folds for its validation), then the final
 * model on all texts; the time budget is shared equally by the k + 1 runs. Without a validation set, a stratified
 * {@link TextClassifierTraining#validationFraction()} of the texts is held out.
 */
public final class TextClassifierTrainer {
    private final TextClassifierSpec spec;
    private final TextClassifierTraining training;
    private final Observer observer;
    private final Placement placement;

    /**
     * Where a run computes its gradients, given its new model and the objective that trains it in this JVM: that
     * objective itself ({@link #LOCAL}), or one that spreads each batch's rows over workers (rnn4j-spark's), whose
     * results are those of {@link org.rnn4j.train.ShardedObjective}.
     */
    @FunctionalInterface
    public interface Placement {
        Objective<TokenBatch> place(TextClassifier model, Objective<TokenBatch> local);
    }

    /** Gradients computed in this JVM. */
    public static final Placement LOCAL = (model, local) -> local;

    /** What a caller hears of a training: narration lines and listeners for each run (progress bars, logs). */
    public interface Observer {
        /** A line such as "fold 1/10: test accuracy 0.7500, macro-F1 0.7490". */
        default void say(String line) {
        }

        /** The listeners of one run, given its time budget in minutes. */
        default List<TrainingListener> listeners(double maxMinutes) {
            return List.of();
        }
    }

    /** An observer that hears nothing. */
    public static final Observer SILENT = new Observer() {
    };

    /** One fold's scores on its test texts. */
    public record FoldScore(double accuracy, double macroF1) {
    }

    /**
     * The final model, how its training went (history for the loss chart), its final validation score (of the kept
     * weights, blended), the blend (null without n-grams), the seed it used (a resumed run's, from its checkpoint),
     * the texts it trained and validated on, and the folds' test scores (empty without cross-validation).
     */
    public record Result(TextClassifier model, TrainingResult training, TrainingHistory history, Score validation,
                         ClassifierBlend blend, long seed, int trainingTexts, int validationTexts, List<FoldScore> folds) {
        public Result {
            folds = List.copyOf(folds);
        }

        /** The folds' mean test accuracy. */
        public double crossValidationAccuracy() {
            return mean(folds.stream().map(FoldScore::accuracy).toList());
        }

        /** The population standard deviation (numpy's default, ddof = 0) of the folds' test accuracies. */
        public double crossValidationStd() {
            return std(folds.stream().map(FoldScore::accuracy).toList());
        }

        /** The folds' mean test macro-F1. */
        public double crossValidationMacroF1() {
            return mean(folds.stream().map(FoldScore::macroF1).toList());
        }
    }

    /** A text as ids, with its class. */
    private record Encoded(int[] ids, int label) {
    }

    private TextClassifierTrainer(TextClassifierSpec spec, TextClassifierTraining training, Observer observer,
                                  Placement placement) {
        this.spec = spec;
        this.training = training;
        this.observer = observer;
        this.placement = placement;
    }

    /** A trainer of classifiers of {@code spec}, trained as {@code training} says, silent. */
    public static TextClassifierTrainer of(TextClassifierSpec spec, TextClassifierTraining training) {
        if (spec == null || training == null) {
            throw new IllegalArgumentException("a text classifier trainer needs a spec and a training");
        }
        return new TextClassifierTrainer(spec, training, SILENT, LOCAL);
    }

    /** This trainer, telling {@code value} what it does. */
    public TextClassifierTrainer withObserver(Observer value) {
        return new TextClassifierTrainer(spec, training, value == null ? SILENT : value, placement);
    }

    /** This trainer, computing its gradients where {@code value} places them. */
    public TextClassifierTrainer withPlacement(Placement value) {
        return new TextClassifierTrainer(spec, training, observer, value == null ? LOCAL : value);
    }

    /**
     * Trains on {@code data} (at least two classes), cross-validating first if folds are asked for.
     *
     * @param validation the validation texts, or null to hold out a stratified part of {@code data}; its labels
     *                   must all occur in {@code data}
     */
    public Result train(LabelledTexts data, LabelledTexts validation) {
        if (training.folds() > 0 && validation != null) {
            throw new IllegalArgumentException("TextClassifierTraining.folds holds out "
                    + "TextClassifierTraining.validationFraction of each fold's training rows; train without a "
                    + "validation set");
        }
        List<String> labels = data.labels();
        long seed = training.trainer().seed();
        LabelledTexts.Split split;
        if (validation != null) {
            requireKnownLabels(validation, labels);
            split = new LabelledTexts.Split(data.examples(), validation.examples());
        } else {
            split = data.stratifiedSplit(training.validationFraction(), seed);
        }
        double minutes = training.trainer().maxMinutes();
        List<FoldScore> scores = new ArrayList<>();
        int folds = training.folds();
        if (folds > 0) {
            minutes = minutes / (folds + 1);
            List<List<LabelledTexts.Example>> parts = data.stratifiedFolds(folds, seed);
            for (int k = 0; k < folds; k++) {
                List<LabelledTexts.Example> rest = new ArrayList<>();
                for (int j = 0; j < folds; j++) {
                    if (j != k) {
                        rest.addAll(parts.get(j));
                    }
                }
                LabelledTexts.Split inner = LabelledTexts.of(rest).stratifiedSplit(training.validationFraction(), seed);
                observer.say(String.format(Locale.ROOT, "fold %d/%d: training on %,d texts (%,d held out for "
                        + "validation), testing on %,d", k + 1, folds, inner.training().size(), inner.heldOut().size(),
                        parts.get(k).size()));
                Result fold = fit(inner, labels, minutes, RunFiles.NONE, List.of());
                ClassificationMetrics test = fold.model().evaluate(parts.get(k), 2 * training.batch()).metrics();
                scores.add(new FoldScore(test.accuracy(), test.macroF1()));
                observer.say(String.format(Locale.ROOT, "fold %d/%d: test accuracy %.4f, macro-F1 %.4f", k + 1, folds,
                        test.accuracy(), test.macroF1()));
            }
            observer.say(String.format(Locale.ROOT, "final model: training on all %,d texts (%,d held out for "
                    + "validation)", split.training().size(), split.heldOut().size()));
        }
        return fit(split, labels, minutes, training.files(), scores);
    }

    private static void requireKnownLabels(LabelledTexts held, List<String> labels) {
        Set<String> known = Set.copyOf(labels);
        for (LabelledTexts.Example e : held.examples()) {
            if (!known.contains(e.label())) {
                throw new IllegalArgumentException((held.file() == null ? "the validation texts" : held.file())
                        + ": line " + e.line() + ": label '" + e.label() + "' does not occur in the training data ("
                        + String.join(", ", labels) + "); a classifier can only predict the classes it was trained on");
            }
        }
    }

    /** Trains one classifier on {@code split.training()}, validating on {@code split.heldOut()}. */
    private Result fit(LabelledTexts.Split split, List<String> labels, double minutes, RunFiles files,
                       List<FoldScore> folds) {
        long seed = training.trainer().seed();
        int batch = training.batch();
        List<String> texts = split.training().stream().map(LabelledTexts.Example::text).toList();
        Vocabulary vocabulary = TextClassifier.buildVocabulary(texts, spec.tokenizer(), training.vocabularySize(),
                training.minCount());
        TextClassifier model = TextClassifier.create(vocabulary, labels, spec, seed);
        long ngramStart = System.nanoTime();
        NgramClassifier ngrams = model.ngrams() == null ? null : trainNgrams(model, split.training());
        // The n-gram model's seconds come out of the budget: the whole training keeps to the minutes asked for.
        minutes = Math.max(minutes - (System.nanoTime() - ngramStart) / 60e9, minutes / 2);
        List<Encoded> train = encode(model, split.training());
        List<Encoded> held = new ArrayList<>(encode(model, split.heldOut()));
        held.sort(Comparator.comparingInt(e -> e.ids().length)); // less padding; the score does not depend on order
        DatasetBatches<Encoded, TokenBatch> trainingBatches = DatasetBatches.bucketed(train, batch,
                e -> e.ids().length, seed, chosen -> collate(model, chosen));
        DatasetBatches<Encoded, TokenBatch> validationBatches = DatasetBatches.inOrder(held, 2 * batch,
                chosen -> collate(model, chosen));
        TrainerOptions options = training.trainer().withMaxMinutes(minutes);
        Trainer<TokenBatch> trainer = new Trainer<>(placement.place(model, new TokenClassification(model.network())),
                new Adam(AdamOptions.defaults().withLearningRate(training.learningRate())), null, trainingBatches,
                validationBatches, files.applyTo(options));
        TrainingHistory history = new TrainingHistory();
        trainer.addListener(history);
        int longest = train.stream().mapToInt(e -> e.ids().length).max().orElse(0);
        double mean = train.stream().mapToInt(e -> e.ids().length).average().orElse(0);
        observer.say(String.format(Locale.ROOT, "%s; %,d training and %,d validation texts, %.0f %ss on average (at "
                + "most %d), batches of %d", model.describeParts(), train.size(), held.size(), mean,
                vocabulary.unit().noun(), longest, batch));
        observer.listeners(minutes).forEach(trainer::addListener);
        TrainingResult result = files.prepare(trainer).fit();
        Score score = trainer.evaluate(validationBatches);
        Workspace.clear(); // this run's recycled buffers: the next run or the evaluation need none of them
        ClassifierBlend blend = null;
        if (ngrams != null && !split.heldOut().isEmpty()) {
            blend = ClassifierBlend.choose(model, ngrams, split.heldOut(), 2 * batch);
            score = blend.blended();
        }
        return new Result(model, result, history, score, blend, trainer.seed(), train.size(), held.size(), folds);
    }

    /** NB-LR on the training texts' n-grams. */
    private static NgramClassifier trainNgrams(TextClassifier model, List<LabelledTexts.Example> examples) {
        List<int[]> buckets = examples.stream().map(e -> model.ngramBuckets(e.text())).toList();
        int[] classes = examples.stream().mapToInt(e -> model.classId(e.label())).toArray();
        return NgramClassifier.train(model.ngrams().features(), buckets, classes, model.labels().size(),
                NgramClassifier.DEFAULT_COST);
    }

    private static List<Encoded> encode(TextClassifier model, List<LabelledTexts.Example> examples) {
        return examples.stream().map(e -> new Encoded(model.encode(e.text()), model.classId(e.label()))).toList();
    }

    private static TokenBatch collate(TextClassifier model, List<Encoded> chosen) {
        return model.batch(chosen.stream().map(Encoded::ids).toList(),
                chosen.stream().mapToInt(Encoded::label).toArray());
    }

    private static double mean(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
    }

    private static double std(List<Double> values) {
        double m = mean(values);
        return Math.sqrt(values.stream().mapToDouble(v -> (v - m) * (v - m)).sum() / values.size());
    }
}
