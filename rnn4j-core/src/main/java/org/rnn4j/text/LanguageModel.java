package org.rnn4j.text;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import java.util.function.IntConsumer;
import java.util.random.RandomGenerator;
import org.rnn4j.io.ApplicationModelFile;
import org.rnn4j.io.FileFormatException;
import org.rnn4j.io.Provenance;
import org.rnn4j.io.SpecJson;
import org.rnn4j.models.TokenSequenceModel;
import org.rnn4j.nn.recurrent.RecurrentConfig;
import org.rnn4j.nn.recurrent.RecurrentState;
import org.rnn4j.tensor.Workspace;
import org.rnn4j.train.Score;
import org.rnn4j.train.StreamWindows;
import org.rnn4j.train.TrainingListener;
import org.rnn4j.train.TruncatedBptt;

/**
 * A character- or word-level language model: a {@link Vocabulary} and its {@link Tokenizer}, and a
 * {@link TokenSequenceModel} (Embedding → recurrent stack → Dense) that predicts the next token. It generates text
 * ({@link #generate}) and scores it ({@link #evaluate}); it is trained as a stream with truncated BPTT
 * ({@link TruncatedBptt} over {@link StreamWindows}), as char-rnn does.
 *
 * <p>On disk: an application model file of type {@value #TYPE}, with the {@link LanguageModelSpec} as its spec and
 * the vocabulary as JSON in its metadata.
 */
public final class LanguageModel {
    public static final String TYPE = "language_model";
    /** The spec field with the vocabulary's size, beside the {@link LanguageModelSpec}'s fields. */
    private static final String VOCABULARY_SIZE = "vocabulary_size";
    private final Vocabulary vocabulary;
    private final Tokenizer tokenizer;
    private final LanguageModelSpec spec;
    private final TokenSequenceModel network;

    private LanguageModel(Vocabulary vocabulary, Tokenizer tokenizer, LanguageModelSpec spec,
                          TokenSequenceModel network) {
        this.vocabulary = vocabulary;
        this.tokenizer = tokenizer;
        this.spec = spec;
        this.network = network;
    }

    /** A new model with PyTorch's default initialisation, seeded; it reads text with {@code spec}'s tokenizer. */
    public static LanguageModel create(Vocabulary vocabulary, LanguageModelSpec spec, long seed) {
        if (vocabulary.unit() != spec.unit()) {
            throw new IllegalArgumentException("a " + vocabulary.unit().noun() + " vocabulary does not fit a "
                    + spec.unit().noun() + " model");
        }
        RecurrentConfig config = RecurrentConfig.of(spec.cell(), spec.embeddingSize(), spec.hiddenSize())
                .withLayers(spec.layers()).withDropout(spec.dropout());
        return new LanguageModel(vocabulary, spec.tokenizer(), spec, new TokenSequenceModel(vocabulary.size(), config,
                vocabulary.size(), new SplittableRandom(seed)));
    }

    /**
     * Trains a new model on {@code text} as {@code rnn4j train-lm} does ({@link LanguageModelTrainer}); save it
     * with {@link #save}.
     */
    public static LanguageModelTrainer.Result train(String text, LanguageModelSpec spec,
                                                    LanguageModelTraining training,
                                                    List<? extends TrainingListener> listeners) {
        return LanguageModelTrainer.prepare(text, spec, training).train(listeners);
    }

    public Vocabulary vocabulary() {
        return vocabulary;
    }

    public Tokenizer tokenizer() {
        return tokenizer;
    }

    public LanguageModelSpec spec() {
        return spec;
    }

    public TokenSequenceModel network() {
        return network;
    }

    /**
     * The ids of {@code text}; a token the vocabulary lacks is read as its {@code <unk>} entry (see
     * {@link #unknownCount}), or is an error in a model without one (character models written before 0.2).
     */
    public int[] encode(String text) {
        return tokenizer.encode(text, vocabulary);
    }

    /** How many tokens of {@code text} the vocabulary lacks: what {@link #encode} reads as {@code <unk>}. */
    public long unknownCount(String text) {
        return tokenizer.split(text).stream().filter(token -> vocabulary.find(token).isEmpty()).count();
    }

    /**
     * The mean next-token cross-entropy over {@code ids}, in nats, read as {@code batch} parallel streams with the
     * state carried over windows of {@code window} tokens (the batch shrinks for short texts).
     */
    public Score evaluate(int[] ids, int batch, int window) {
        return evaluate(ids, batch, window, done -> { });
    }

    /** As {@link #evaluate(int[], int, int)}, telling {@code progress} how many tokens are scored after each window. */
    public Score evaluate(int[] ids, int batch, int window, IntConsumer progress) {
        int rows = Math.max(1, Math.min(batch, (ids.length - 1) / Math.max(1, window)));
        int steps = Math.min(window, (ids.length - 1) / rows);
        StreamWindows windows = new StreamWindows(ids, rows, steps, steps);
        TruncatedBptt objective = new TruncatedBptt(network);
        objective.startEvaluation();
        Score total = Score.EMPTY;
        for (int i = 0; i < windows.batchesPerEpoch(); i++) {
            StreamWindows.Window w = windows.batch(0, i);
            try (Workspace.Scope scope = Workspace.scope()) {
                total = total.plus(objective.evaluate(w));
            }
            progress.accept((int) Math.min(ids.length, total.count()));
        }
        return total;
    }

    /**
     * Writes {@code length} sampled tokens after {@code prime}, handing each piece of text to {@code out} as soon as
     * it exists (streaming), and returns the whole generated text (without the prime).
     *
     * @param prime text to start from; empty: start from a line break (or the most frequent token)
     */
    public String generate(String prime, int length, Sampler sampler, RandomGenerator rng, Consumer<String> out) {
        GenerationBatch one = new GenerationBatch(this);
        GenerationBatch.Stream stream = one.start(prime, length, sampler, rng);
        while (!stream.finished()) {
            one.step(List.of(stream));
            if (stream.piece() != null) {
                out.accept(stream.piece());
            }
        }
        return stream.text();
    }

    /**
     * The text the last generated token adds. A character decodes alone; a word's spacing depends on what came
     * before it (an opening or closing quote), so words are decoded with their history and the new tail is kept.
     */
    String newText(List<Integer> generated, int written) {
        if (tokenizer instanceof CharTokenizer) {
            return tokenizer.decode(new int[] {generated.get(generated.size() - 1)}, vocabulary);
        }
        String all = tokenizer.decode(generated.stream().mapToInt(Integer::intValue).toArray(), vocabulary);
        return all.substring(Math.min(written, all.length()));
    }

    /** Padding, start, end and unknown entries are never generated. */
    void maskSpecials(float[] logits) {
        for (int id = 0; id < logits.length; id++) {
            if (vocabulary.isSpecial(id)) {
                logits[id] = Float.NEGATIVE_INFINITY;
            }
        }
    }

    int startId() {
        if (vocabulary.contains("\n")) {
            return vocabulary.id("\n");
        }
        for (int id = 0; id < vocabulary.size(); id++) {
            if (!vocabulary.isSpecial(id)) {
                return id; // the most frequent token
            }
        }
        throw new IllegalStateException("the vocabulary has no ordinary token");
    }

    /** Writes the model atomically: the spec, the vocabulary's size (checked on loading) and the vocabulary. */
    public void save(Path file, Provenance provenance) {
        ObjectNode json = SpecJson.write(TYPE, spec);
        json.put(VOCABULARY_SIZE, vocabulary.size());
        ApplicationModelFile.save(file, json, Map.of("vocabulary", vocabulary.toJson()), network.parameters(),
                provenance);
    }

    /** Reads a model written by {@link #save}, checking everything before the weights are read. */
    public static LanguageModel load(Path file) {
        ApplicationModelFile.Header header = ApplicationModelFile.open(file, TYPE);
        Vocabulary vocabulary;
        LanguageModelSpec spec;
        try {
            vocabulary = Vocabulary.fromJson(header.entry("vocabulary"));
            spec = SpecJson.read(header.spec(), LanguageModelSpec.class);
        } catch (IllegalArgumentException e) {
            throw new FileFormatException(file, "invalid language model: " + e.getMessage(), e);
        }
        if (header.intField(VOCABULARY_SIZE) != vocabulary.size()) {
            throw new FileFormatException(file, "spec says " + header.intField(VOCABULARY_SIZE)
                    + " vocabulary entries but the vocabulary holds " + vocabulary.size());
        }
        LanguageModel model = create(vocabulary, spec, 0);
        header.loadInto(model.network.parameters());
        return model;
    }

    /** "Lstm(input 64, hidden 256, layers 2), 83 characters". */
    public String describe() {
        return network.recurrent().describe() + ", " + vocabulary.size() + " " + vocabulary.unit().noun() + "s";
    }
}
