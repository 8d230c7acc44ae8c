package org.rnn4j.seq2seq;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import org.rnn4j.loss.SoftmaxCrossEntropy;
import org.rnn4j.nn.Parameter;
import org.rnn4j.optim.Adam;
import org.rnn4j.optim.AdamOptions;
import org.rnn4j.optim.ReduceLrOnPlateau;
import org.rnn4j.text.SpecialToken;
import org.rnn4j.text.Vocabulary;
import org.rnn4j.train.DatasetBatches;
import org.rnn4j.train.Trainer;
import org.rnn4j.train.TrainingListener;
import org.rnn4j.train.TrainingResult;

/**
 * How a translator is trained, the recipe of {@code rnn4j train-translator}: a random share of the pairs set aside
 * for validation, the vocabularies built from the rest, pairs longer than the limit left out, batches bucketed by
 * length, and teacher forcing with Adam. The kept weights are the best validation's when the options say so.
 *
 * <pre>{@code
 * TranslatorTrainer.Result t = TranslatorTrainer.train(pairs.all().train(),
 *         TranslatorSpec.defaults().withHiddenSize(128), TranslatorTraining.defaults(), List.of());
 * t.translator().translate("In the beginning", DecodeOptions.defaults());
 * }</pre>
 *
 * <p>{@link #prepare} builds everything without training, so that a caller can report the sizes first.
 */
public final class TranslatorTrainer {
    private final Translator translator;
    private final List<TranslationPairs.Pair> validationPairs;
    private final int trainingPairs;
    private final int leftOutTooLong;
    private final double[] unknownPercent;
    private final Trainer<TranslationBatch> trainer;

    /** A trained translator and how its training ended. */
    public record Result(Translator translator, TrainingResult result) {
    }

    /** A pair as ids. */
    private record Example(int[] source, int[] target) {
    }

    private TranslatorTrainer(Translator translator, List<TranslationPairs.Pair> validationPairs, int trainingPairs,
                             int leftOutTooLong, double[] unknownPercent, Trainer<TranslationBatch> trainer) {
        this.translator = translator;
        this.validationPairs = validationPairs;
        this.trainingPairs = trainingPairs;
        this.leftOutTooLong = leftOutTooLong;
        this.unknownPercent = unknownPercent;
        this.trainer = trainer;
    }

    /** Trains a translator on {@code pairs} (the pairs to learn from: no test pairs among them). */
    public static Result train(List<TranslationPairs.Pair> pairs, TranslatorSpec spec, TranslatorTraining training,
                                List<TrainingListener> listeners) {
        TranslatorTrainer recipe = prepare(pairs, spec, training);
        return new Result(recipe.translator(), recipe.fit(listeners));
    }

    /**
     * Everything {@link #train} does before the first step: validation pairs drawn, vocabularies of at most
     * {@code spec}'s sizes built, the model initialised (seeded by the trainer options), the batches planned, a
     * checkpoint resumed from when {@code training.files()} says so.
     *
     * @throws IllegalArgumentException when no training pair is short enough
     */
    public static TranslatorTrainer prepare(List<TranslationPairs.Pair> pairs, TranslatorSpec spec,
                                           TranslatorTraining training) {
        Objects.requireNonNull(spec, "spec");
        long seed = training.trainer().seed();
        List<List<TranslationPairs.Pair>> parts = TranslationPairs.sample(pairs, training.validationFraction(), seed);
        List<TranslationPairs.Pair> learnFrom = parts.get(0);
        List<TranslationPairs.Pair> validationPairs = parts.get(1);
        Vocabulary sourceVocabulary = Translator.buildVocabulary(learnFrom.stream().map(TranslationPairs.Pair::source)
                .toList(), spec.lowercase(), spec.sourceVocabularySize(), training.minCount());
        Vocabulary targetVocabulary = Translator.buildVocabulary(learnFrom.stream().map(TranslationPairs.Pair::target)
                .toList(), spec.lowercase(), spec.targetVocabularySize(), training.minCount());
        TranslatorSpec built = spec.withVocabularySizes(sourceVocabulary.size(), targetVocabulary.size());
        Seq2SeqModel model = new Seq2SeqModel(built.config(), new SplittableRandom(seed));
        Translator translator = new Translator(model, sourceVocabulary, targetVocabulary, built.lowercase());

        List<Example> train = new ArrayList<>();
        int tooLong = 0;
        for (TranslationPairs.Pair p : learnFrom) {
            Example e = encode(translator, p);
            if (e.source.length > training.maxTrainLength() || e.target.length > training.maxTrainLength()) {
                tooLong++;
            } else {
                train.add(e);
            }
        }
        if (train.isEmpty()) {
            throw new IllegalArgumentException("no training pair has at most " + training.maxTrainLength()
                    + " tokens on each side; raise TranslatorTraining.maxTrainLength");
        }
        List<Example> valid = validationPairs.stream().map(p -> encode(translator, p)).toList();
        TranslationBatch.Ids ids = translator.ids();
        // Buckets of equal target length, then source length: little padding on either side.
        DatasetBatches<Example, TranslationBatch> trainBatches = DatasetBatches.bucketed(train,
                training.batchSize(), e -> e.target.length * 1000 + e.source.length, seed, list -> collate(list, ids));
        DatasetBatches<Example, TranslationBatch> validBatches = valid.isEmpty() ? null
                : DatasetBatches.inOrder(valid, training.batchSize(), list -> collate(list, ids));
        Adam adam = new Adam(AdamOptions.defaults().withLearningRate(training.learningRate()));
        Trainer<TranslationBatch> trainer = new Trainer<>(new TranslationObjective(model,
                new SoftmaxCrossEntropy(training.labelSmoothing()), (float) training.dropout()), adam, decay(training),
                trainBatches, validBatches,
                training.files().applyTo(training.trainer()));
        trainer.checkpointMetadata(translator.checkpointMetadata());
        double[] unknown = {unknownPercent(train, true, translator), unknownPercent(train, false, translator)};
        training.files().prepare(trainer);
        return new TranslatorTrainer(translator, validationPairs, train.size(), tooLong, unknown, trainer);
    }

    /**
     * The rate times {@code learningRateDecay} after every validation without a better loss: PyTorch's
     * {@code ReduceLROnPlateau} with patience 0; none for a fixed rate.
     */
    private static ReduceLrOnPlateau decay(TranslatorTraining training) {
        return training.learningRateDecay() == 1 ? null : new ReduceLrOnPlateau(training.learningRate(),
                ReduceLrOnPlateau.Options.defaults().withFactor(training.learningRateDecay()).withPatience(0));
    }

    /** Trains until a limit of the options is reached, telling {@code listeners}. */
    public TrainingResult fit(List<TrainingListener> listeners) {
        listeners.forEach(trainer::addListener);
        return trainer.fit();
    }

    public Translator translator() {
        return translator;
    }

    /** The pairs set aside for the validation loss, in the order drawn. */
    public List<TranslationPairs.Pair> validationPairs() {
        return validationPairs;
    }

    /** The pairs trained on: those not set aside and not too long. */
    public int trainingPairs() {
        return trainingPairs;
    }

    /** The pairs left out for having more than {@link TranslatorTraining#maxTrainLength()} tokens on a side. */
    public int leftOutTooLong() {
        return leftOutTooLong;
    }

    /** The share of the training tokens read as {@code <unk>} on one side, in percent. */
    public double unknownPercent(boolean source) {
        return unknownPercent[source ? 0 : 1];
    }

    public long parameterCount() {
        return translator.model().parameters().stream().mapToLong(Parameter::size).sum();
    }

    /** The seed in use: the options', or the resumed checkpoint's. */
    public long seed() {
        return trainer.seed();
    }

    private static Example encode(Translator translator, TranslationPairs.Pair p) {
        return new Example(translator.sourceIds(p.source()), translator.targetIds(p.target()));
    }

    private static TranslationBatch collate(List<Example> examples, TranslationBatch.Ids ids) {
        return TranslationBatch.of(examples.stream().map(Example::source).toList(),
                examples.stream().map(Example::target).toList(), ids);
    }

    private static double unknownPercent(List<Example> examples, boolean source, Translator translator) {
        Vocabulary v = source ? translator.sourceVocabulary() : translator.targetVocabulary();
        int unknown = v.id(SpecialToken.UNKNOWN);
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
}
