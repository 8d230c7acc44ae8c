package org.rnn4j.text;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.rnn4j.optim.Adam;
import org.rnn4j.optim.AdamOptions;
import org.rnn4j.train.Objective;
import org.rnn4j.train.Score;
import org.rnn4j.train.StreamWindows;
import org.rnn4j.train.Trainer;
import org.rnn4j.train.TrainingListener;
import org.rnn4j.train.TrainingResult;
import org.rnn4j.train.TruncatedBptt;

/**
 * The language model's training recipe, what {@code rnn4j train-lm} runs: the text is split into tokens, the last
 * {@link LanguageModelTraining#validationFraction()} of them is held out, the vocabulary is built (all characters;
 * or the most frequent words of the training part, the rest {@code <unk>}), and the model is trained with truncated
 * BPTT over parallel streams, keeping the weights of the best validation.
 *
 * <p>{@link #prepare} does everything but the training, so that a caller can say what is about to be trained;
 * {@link #train} trains. {@link LanguageModel#train} does both.
 */
public final class LanguageModelTrainer {
    private final LanguageModelTraining training;
    private final LanguageModel model;
    private final StreamWindows trainingWindows;
    private final StreamWindows validationWindows;
    private final int trainingTokens;
    private final int heldOutTokens;
    private final Placement placement;

    /**
     * Where training computes its gradients, given the model and the objective that trains it in this JVM: that
     * objective itself ({@link #LOCAL}), or one that spreads each window's streams over workers (rnn4j-spark's),
     * whose results are those of {@link org.rnn4j.train.ShardedObjective}.
     */
    @FunctionalInterface
    public interface Placement {
        Objective<StreamWindows.Window> place(LanguageModel model, Objective<StreamWindows.Window> local);
    }

    /** Gradients computed in this JVM. */
    public static final Placement LOCAL = (model, local) -> local;

    /**
     * The trained model, how training went, the final validation score (of the kept weights) and the seed the run
     * used (a resumed run's, from its checkpoint).
     */
    public record Result(LanguageModel model, TrainingResult training, Score validation, long seed) {
    }

    private LanguageModelTrainer(LanguageModelTraining training, LanguageModel model, int[] trainIds,
                                 int[] validIds) {
        this.training = training;
        this.model = model;
        this.trainingTokens = trainIds.length;
        this.heldOutTokens = validIds.length;
        this.placement = LOCAL;
        int bptt = training.bptt();
        trainingWindows = new StreamWindows(trainIds, training.batch(), bptt, training.backwardWindow());
        int validRows = Math.max(1, Math.min(training.batch(), (validIds.length - 1) / bptt));
        if ((validIds.length - 1) / validRows < bptt) {
            throw new IllegalArgumentException("the held-out text (" + validIds.length + " "
                    + model.vocabulary().unit().noun() + "s) is shorter than one window (LanguageModelTraining.bptt "
                    + bptt + "): use more text or a larger LanguageModelTraining.validationFraction");
        }
        validationWindows = new StreamWindows(validIds, validRows, bptt, bptt);
    }

    private LanguageModelTrainer(LanguageModelTrainer other, Placement placement) {
        this.training = other.training;
        this.model = other.model;
        this.trainingWindows = other.trainingWindows;
        this.validationWindows = other.validationWindows;
        this.trainingTokens = other.trainingTokens;
        this.heldOutTokens = other.heldOutTokens;
        this.placement = placement;
    }

    /** This trainer, computing its gradients where {@code value} places them (the same model). */
    public LanguageModelTrainer withPlacement(Placement value) {
        return new LanguageModelTrainer(this, value == null ? LOCAL : value);
    }

    /** Tokenises {@code text}, holds out its end, builds the vocabulary and a new model (seeded by the trainer). */
    public static LanguageModelTrainer prepare(String text, LanguageModelSpec spec, LanguageModelTraining training) {
        Tokenizer tokenizer = spec.tokenizer();
        List<String> tokens = tokenizer.split(text);
        int split = (int) Math.round(tokens.size() * (1 - training.validationFraction()));
        VocabularyOptions characters = VocabularyOptions.of(Vocabulary.Unit.CHARACTER);
        Vocabulary vocabulary = spec.unit() == Vocabulary.Unit.WORD
                ? Vocabulary.fromTokens(tokens.subList(0, split), VocabularyOptions.of(Vocabulary.Unit.WORD)
                        .withSpecials(SpecialToken.UNKNOWN).withMaxSize(training.vocabularySize()))
                : Vocabulary.fromTokens(tokens,
                        training.unknownEntry() ? characters.withSpecials(SpecialToken.UNKNOWN) : characters);
        int[] ids = tokens.stream()
                .mapToInt(t -> vocabulary.find(t).orElseGet(() -> vocabulary.id(SpecialToken.UNKNOWN))).toArray();
        LanguageModel model = LanguageModel.create(vocabulary, spec, training.trainer().seed());
        return new LanguageModelTrainer(training, model, Arrays.copyOfRange(ids, 0, split),
                Arrays.copyOfRange(ids, split, ids.length));
    }

    /** The model to be trained (its weights change in {@link #train}). */
    public LanguageModel model() {
        return model;
    }

    /** "Lstm(input 64, hidden 256, layers 2), 83 characters; 10,000 training and 1,000 held-out characters; …". */
    public String describe() {
        int k2 = training.backwardWindow();
        return String.format(Locale.ROOT, "%s; %,d training and %,d held-out %ss; %d streams of %,d, windows of %d%s",
                model.describe(), trainingTokens, heldOutTokens, model.vocabulary().unit().noun(), training.batch(),
                trainingWindows.rowLength(), training.bptt(), k2 > training.bptt() ? " (backpropagated " + k2 + ")" : "");
    }

    /** Trains the model, telling {@code listeners} (progress, logs, charts) as it goes. */
    public Result train(List<? extends TrainingListener> listeners) {
        Trainer<StreamWindows.Window> trainer = new Trainer<>(placement.place(model, new TruncatedBptt(model.network())),
                new Adam(AdamOptions.defaults().withLearningRate(training.learningRate())), null, trainingWindows,
                validationWindows, training.files().applyTo(training.trainer()));
        listeners.forEach(trainer::addListener);
        TrainingResult result = training.files().prepare(trainer).fit();
        return new Result(model, result, trainer.evaluate(validationWindows), trainer.seed());
    }
}
