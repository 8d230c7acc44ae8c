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
import org.rnn4j.models.TokenSequenceModel;
import org.rnn4j.nn.recurrent.CellType;
import org.rnn4j.nn.recurrent.RecurrentConfig;
import org.rnn4j.nn.recurrent.RecurrentState;
import org.rnn4j.tensor.Workspace;
import org.rnn4j.train.OptionChecks;
import org.rnn4j.train.Score;
import org.rnn4j.train.StreamWindows;
import org.rnn4j.train.TruncatedBptt;

/**
 * A character- or word-level language model: a {@link Vocabulary} and its {@link Tokenizer}, and a
 * {@link TokenSequenceModel} (Embedding → recurrent stack → Dense) that predicts the next token. It generates text
 * ({@link #generate}) and scores it ({@link #evaluate}); it is trained as a stream with truncated BPTT
 * ({@link TruncatedBptt} over {@link StreamWindows}), as char-rnn does.
 *
 * <p>On disk: an application model file of type {@value #TYPE}, with the vocabulary as JSON in its metadata.
 */
public final class LanguageModel {
    public static final String TYPE = "language_model";
    private final Vocabulary vocabulary;
    private final Tokenizer tokenizer;
    private final Options options;
    private final TokenSequenceModel network;

    /**
     * The architecture.
     *
     * @param cell          lstm, gru or a simple RNN
     * @param embeddingSize E
     * @param hiddenSize    H
     * @param layers        stacked recurrent layers
     * @param dropout       between stacked layers, in training
     */
    public record Options(CellType cell, int embeddingSize, int hiddenSize, int layers, float dropout) {
        public Options {
            if (cell == null) {
                throw new IllegalArgumentException("--cell is required");
            }
            OptionChecks.atLeast("--embedding", embeddingSize, 1);
            OptionChecks.atLeast("--hidden", hiddenSize, 1);
            OptionChecks.atLeast("--layers", layers, 1);
            if (!(dropout >= 0 && dropout < 1)) {
                throw new IllegalArgumentException("--dropout must be in [0, 1), got " + dropout);
            }
        }
    }

    private LanguageModel(Vocabulary vocabulary, Tokenizer tokenizer, Options options, TokenSequenceModel network) {
        this.vocabulary = vocabulary;
        this.tokenizer = tokenizer;
        this.options = options;
        this.network = network;
    }

    /** A new model with PyTorch's default initialisation, seeded. */
    public static LanguageModel create(Vocabulary vocabulary, Tokenizer tokenizer, Options options, long seed) {
        if (vocabulary.unit() != tokenizer.unit()) {
            throw new IllegalArgumentException("a " + vocabulary.unit().noun() + " vocabulary does not fit a "
                    + tokenizer.unit().noun() + " tokenizer");
        }
        RecurrentConfig config = RecurrentConfig.of(options.cell(), options.embeddingSize(), options.hiddenSize())
                .withLayers(options.layers()).withDropout(options.dropout());
        return new LanguageModel(vocabulary, tokenizer, options, new TokenSequenceModel(vocabulary.size(), config,
                vocabulary.size(), new SplittableRandom(seed)));
    }

    public Vocabulary vocabulary() {
        return vocabulary;
    }

    public Tokenizer tokenizer() {
        return tokenizer;
    }

    public Options options() {
        return options;
    }

    public TokenSequenceModel network() {
        return network;
    }

    /** The ids of {@code text}; an unknown character (a character model has no unknown entry) is an error. */
    public int[] encode(String text) {
        return tokenizer.encode(text, vocabulary);
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
        if (length < 0) {
            throw new IllegalArgumentException("--length must be 0 or more, got " + length);
        }
        int[] primeIds = prime.isEmpty() ? new int[] {startId()} : encode(prime);
        List<RecurrentState> state = null;
        float[] logits = null;
        for (int id : primeIds) { // one step at a time: the same path as generation, and no (1, T) copy
            TokenSequenceModel.Trace step = network.infer(new int[] {id}, 1, 1, null, state);
            state = step.finalStates().stream().map(RecurrentState::copy).toList();
            logits = step.logits().toArray();
        }
        List<Integer> generated = new ArrayList<>();
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < length; i++) {
            maskSpecials(logits);
            int next = sampler.sample(logits, rng);
            generated.add(next);
            String piece = newText(generated, text.length());
            text.append(piece);
            out.accept(piece);
            TokenSequenceModel.Trace step = network.infer(new int[] {next}, 1, 1, null, state);
            state = step.finalStates().stream().map(RecurrentState::copy).toList();
            logits = step.logits().toArray();
        }
        return text.toString();
    }

    /**
     * The text the last generated token adds. A character decodes alone; a word's spacing depends on what came
     * before it (an opening or closing quote), so words are decoded with their history and the new tail is kept.
     */
    private String newText(List<Integer> generated, int written) {
        if (tokenizer instanceof CharTokenizer) {
            return tokenizer.decode(new int[] {generated.get(generated.size() - 1)}, vocabulary);
        }
        String all = tokenizer.decode(generated.stream().mapToInt(Integer::intValue).toArray(), vocabulary);
        return all.substring(Math.min(written, all.length()));
    }

    /** Padding, start, end and unknown entries are never generated. */
    private void maskSpecials(float[] logits) {
        for (int id = 0; id < logits.length; id++) {
            if (vocabulary.isSpecial(id)) {
                logits[id] = Float.NEGATIVE_INFINITY;
            }
        }
    }

    private int startId() {
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

    /** Writes the model atomically. */
    public void save(Path file, Provenance provenance) {
        ObjectNode spec = ApplicationModelFile.newSpec(TYPE);
        spec.put("unit", vocabulary.unit().noun());
        spec.put("lower_case", tokenizer instanceof WordTokenizer w && w.lowerCase());
        spec.put("cell", options.cell().id());
        spec.put("embedding_size", options.embeddingSize());
        spec.put("hidden_size", options.hiddenSize());
        spec.put("num_layers", options.layers());
        spec.put("dropout", options.dropout());
        spec.put("vocabulary_size", vocabulary.size());
        ApplicationModelFile.save(file, spec, Map.of("vocabulary", vocabulary.toJson()), network.parameters(),
                provenance);
    }

    /** Reads a model written by {@link #save}, checking everything before the weights are read. */
    public static LanguageModel load(Path file) {
        ApplicationModelFile.Header header = ApplicationModelFile.open(file, TYPE);
        Vocabulary vocabulary;
        Options options;
        Tokenizer tokenizer;
        try {
            vocabulary = Vocabulary.fromJson(header.entry("vocabulary"));
            options = new Options(CellType.fromId(header.textField("cell")), header.intField("embedding_size"),
                    header.intField("hidden_size"), header.intField("num_layers"),
                    (float) header.spec().path("dropout").asDouble(0));
            tokenizer = vocabulary.unit() == Vocabulary.Unit.WORD
                    ? new WordTokenizer(header.spec().path("lower_case").asBoolean(false)) : new CharTokenizer();
        } catch (IllegalArgumentException e) {
            throw new FileFormatException(file, "invalid language model: " + e.getMessage(), e);
        }
        if (header.intField("vocabulary_size") != vocabulary.size()) {
            throw new FileFormatException(file, "spec says " + header.intField("vocabulary_size")
                    + " vocabulary entries but the vocabulary holds " + vocabulary.size());
        }
        LanguageModel model = create(vocabulary, tokenizer, options, 0);
        header.loadInto(model.network.parameters());
        return model;
    }

    /** "Lstm(input 64, hidden 256, layers 2), 83 characters". */
    public String describe() {
        return network.recurrent().describe() + ", " + vocabulary.size() + " " + vocabulary.unit().noun() + "s";
    }
}
