package org.rnn4j.text;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.IntConsumer;
import java.util.regex.Pattern;
import org.rnn4j.io.ApplicationModelFile;
import org.rnn4j.io.FileFormatException;
import org.rnn4j.io.Provenance;
import org.rnn4j.io.SpecJson;
import org.rnn4j.metrics.ClassificationMetrics;
import org.rnn4j.models.TokenClassifier;
import org.rnn4j.nn.recurrent.CellType;
import org.rnn4j.tensor.Tensor;
import org.rnn4j.tensor.Workspace;
import org.rnn4j.train.TokenBatch;

/**
 * A text classifier (sentiment, topic, spam, any number of classes): a {@link Vocabulary} and its
 * {@link Tokenizer}, the class labels, and a {@link TokenClassifier} network
 * (Embedding → (bi)LSTM/GRU → pooling → dropout → Dense → softmax).
 *
 * <p>How a text becomes ids ({@link #encode}): HTML line breaks ({@code <br />}, as in IMDB reviews) become
 * spaces; the tokenizer splits it (words, lower-cased by default, or characters); a token the vocabulary lacks is
 * {@code <unk>}; a text longer than {@link TextClassifierSpec#maxLength()} tokens keeps its first quarter and its
 * last three quarters of that length, since reviews tend to state their verdict at the end (head + tail truncation,
 * which Sun et al. 2019 found best for long IMDB reviews). A batch pads with {@code <pad>} (id 0) and masks the padding,
 * which no layer reads.
 *
 * <p>Class id i is the i-th label of {@link #labels()}, in the order of {@link LabelledTexts#sortLabels}.
 *
 * <p>On disk: an application model file of type {@value #TYPE}, with the architecture and the labels in its spec and
 * the vocabulary as JSON in its metadata.
 */
public final class TextClassifier {
    public static final String TYPE = "text_classifier";
    /** The spec field with the vocabulary's size, beside the {@link TextClassifierSpec}'s fields. */
    private static final String VOCABULARY_SIZE = "vocabulary_size";
    /** The spec field with the network's weight λ in the blend with the n-gram model. */
    private static final String NETWORK_WEIGHT = "network_weight";
    /** The standard deviation of the initial word vectors. */
    public static final float EMBEDDING_STD = 0.1f;
    private static final Pattern LINE_BREAK_TAG = Pattern.compile("(?i)<br\\s*/?>");

    private final Vocabulary vocabulary;
    private final Tokenizer tokenizer;
    private final List<String> labels;
    private final Map<String, Integer> classIds;
    private final TextClassifierSpec spec;
    private final TokenClassifier network;
    /** The n-gram model blended with the network, or null (then λ = 1). */
    private final NgramClassifier ngrams;
    /** λ: P = λ·P(network) + (1 − λ)·P(n-grams). */
    private double networkWeight = 1;

    /** A text's predicted class, its label and the probabilities of all classes (in {@link #labels()} order). */
    public record Prediction(int classId, String label, float[] probabilities) {
        public float probability() {
            return probabilities[classId];
        }
    }

    /** The scores of labelled texts: the metrics, the mean cross-entropy and each text's predicted class. */
    public record Evaluation(ClassificationMetrics metrics, double loss, int[] predicted) {
    }

    private TextClassifier(Vocabulary vocabulary, List<String> labels, TextClassifierSpec spec,
                           TokenClassifier network, NgramClassifier ngrams) {
        this.vocabulary = vocabulary;
        this.tokenizer = spec.tokenizer();
        this.labels = List.copyOf(labels);
        this.spec = spec;
        this.network = network;
        this.ngrams = ngrams;
        this.classIds = new HashMap<>();
        for (int i = 0; i < labels.size(); i++) {
            if (classIds.put(labels.get(i), i) != null) {
                throw new IllegalArgumentException("label '" + labels.get(i) + "' is given twice");
            }
        }
    }

    /**
     * A new classifier, seeded (its n-gram model, if the spec has one, untrained and not yet blended in: λ = 1):
     * PyTorch's default initialisation, except an LSTM's forget-gate bias at 1 and the
     * embedding drawn from N(0, {@value #EMBEDDING_STD}²) rather than N(0, 1). Small word vectors move from the first
     * Adam steps (Keras draws them from U(−0.05, 0.05)); measured on Pang &amp; Lee, one epoch reached 69% validation
     * accuracy against 62% with N(0, 1).
     *
     * @param vocabulary must have {@code <pad>} and {@code <unk>} entries ({@link #buildVocabulary} makes one)
     * @param labels     the class labels, at least two, class id = position
     * @param spec       the tokenizer and the architecture
     */
    public static TextClassifier create(Vocabulary vocabulary, List<String> labels, TextClassifierSpec spec,
                                        long seed) {
        if (vocabulary.unit() != spec.unit()) {
            throw new IllegalArgumentException("a " + vocabulary.unit().noun() + " vocabulary does not fit a "
                    + spec.unit().noun() + " model");
        }
        if (!vocabulary.has(SpecialToken.PADDING) || !vocabulary.has(SpecialToken.UNKNOWN)) {
            throw new IllegalArgumentException("a text classifier's vocabulary needs <pad> and <unk> entries;"
                    + " it has " + vocabulary.specials());
        }
        if (labels.size() < 2) {
            throw new IllegalArgumentException("a classifier needs at least two classes, got " + labels);
        }
        TokenClassifier network = new TokenClassifier(vocabulary.size(), spec.recurrentConfig(), spec.pooling(),
                spec.attentionSize(), spec.embeddingDropout(), spec.dropout(),
                labels.size(), new SplittableRandom(seed));
        if (spec.cell() == CellType.LSTM) {
            network.recurrent().initForgetGateBias(1f);
        }
        Tensor embedding = network.embedding().weight().value(); // N(0, 1) → N(0, EMBEDDING_STD²)
        for (int i = 0; i < embedding.size(); i++) {
            embedding.set(i, embedding.get(i) * EMBEDDING_STD);
        }
        NgramClassifier ngrams = spec.ngrams() == null ? null : new NgramClassifier(spec.ngrams(), labels.size());
        return new TextClassifier(vocabulary, labels, spec, network, ngrams);
    }

    /**
     * Trains a classifier on {@code data} as {@code rnn4j train-classifier} does ({@link TextClassifierTrainer}),
     * holding out a stratified part of it for validation (and cross-validating first if folds are asked for).
     */
    public static TextClassifierTrainer.Result train(LabelledTexts data, TextClassifierSpec spec,
                                                     TextClassifierTraining training) {
        return TextClassifierTrainer.of(spec, training).train(data, null);
    }

    /**
     * The vocabulary of training texts: {@code <pad>} (id 0), {@code <unk>} (id 1), then the tokens seen at least
     * {@code minCount} times, most frequent first, up to {@code maxSize} entries in all (0 = no limit).
     */
    public static Vocabulary buildVocabulary(List<String> texts, Tokenizer tokenizer, int maxSize, long minCount) {
        Map<String, Long> counts = new java.util.LinkedHashMap<>();
        for (String text : texts) {
            for (String token : tokenizer.split(normalize(text))) {
                counts.merge(token, 1L, Long::sum);
            }
        }
        if (counts.isEmpty()) {
            throw new IllegalArgumentException("the training texts are all empty: there is nothing to learn from");
        }
        return Vocabulary.fromCounts(counts, VocabularyOptions.of(tokenizer.unit())
                .withSpecials(SpecialToken.PADDING, SpecialToken.UNKNOWN).withMaxSize(maxSize).withMinCount(minCount));
    }

    /** The text as the tokenizer sees it: HTML line breaks ({@code <br />}) become spaces. */
    public static String normalize(String text) {
        return text.indexOf('<') < 0 ? text : LINE_BREAK_TAG.matcher(text).replaceAll(" ");
    }

    public Vocabulary vocabulary() {
        return vocabulary;
    }

    public Tokenizer tokenizer() {
        return tokenizer;
    }

    /** The class labels; class id i is labels().get(i). */
    public List<String> labels() {
        return labels;
    }

    /** The tokenizer and the architecture, as the model file records them. */
    public TextClassifierSpec spec() {
        return spec;
    }

    public TokenClassifier network() {
        return network;
    }

    /** The n-gram model blended with the network, or null when the spec has none. */
    public NgramClassifier ngrams() {
        return ngrams;
    }

    /** λ, the network's weight in the blend: 1 = the network alone, 0 = the n-gram model alone. */
    public double networkWeight() {
        return networkWeight;
    }

    /**
     * Blends the trained n-gram model in with weight {@code 1 − λ}.
     *
     * @param trained replaces the (untrained) n-gram model's weights; it must have the spec's n-grams and classes
     */
    public void blend(NgramClassifier trained, double lambda) {
        if (ngrams == null) {
            throw new IllegalArgumentException("this classifier's spec has no n-grams to blend in");
        }
        if (!trained.features().equals(ngrams.features()) || trained.classes() != labels.size()) {
            throw new IllegalArgumentException("the n-gram model has " + trained.features() + " and "
                    + trained.classes() + " classes, this classifier " + ngrams.features() + " and " + labels.size());
        }
        if (!(lambda >= 0 && lambda <= 1)) {
            throw new IllegalArgumentException("the network's weight in the blend must be in [0, 1], got " + lambda);
        }
        for (int i = 0; i < ngrams.parameters().size(); i++) {
            ngrams.parameters().get(i).value().copyFrom(trained.parameters().get(i).value());
        }
        networkWeight = lambda;
    }

    /** A text's n-gram buckets for the n-gram model: its tokens as {@link #encode} cuts them, not truncated. */
    public int[] ngramBuckets(String text) {
        return ngrams.features().of(tokenizer.split(normalize(text)));
    }

    /**
     * The class id of a label.
     *
     * @throws IllegalArgumentException naming the model's labels
     */
    public int classId(String label) {
        Integer id = classIds.get(label);
        if (id == null) {
            throw new IllegalArgumentException("label '" + label + "' is not one of the model's classes: "
                    + String.join(", ", labels));
        }
        return id;
    }

    /** The ids the network reads for {@code text}: normalised, tokenised, unknown tokens as {@code <unk>}, truncated. */
    public int[] encode(String text) {
        List<String> tokens = tokenizer.split(normalize(text));
        int unknown = vocabulary.id(SpecialToken.UNKNOWN);
        int[] ids = new int[tokens.size()];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = vocabulary.find(tokens.get(i)).orElse(unknown);
        }
        return truncate(ids, spec.maxLength());
    }

    /** {@code ids} if at most {@code maxLength} long, else its first ⌊maxLength/4⌋ and its last ids, maxLength in all. */
    public static int[] truncate(int[] ids, int maxLength) {
        if (ids.length <= maxLength) {
            return ids;
        }
        int head = maxLength / 4;
        int tail = maxLength - head;
        int[] out = new int[maxLength];
        System.arraycopy(ids, 0, out, 0, head);
        System.arraycopy(ids, ids.length - tail, out, head, tail);
        return out;
    }

    /** A padded, masked batch of encoded texts. */
    public TokenBatch batch(List<int[]> encoded, int[] classIds) {
        return TokenBatch.of(encoded, classIds, vocabulary.id(SpecialToken.PADDING));
    }

    /** The predicted class and probabilities of each text, in order; {@code batchSize} texts at a time. */
    public List<Prediction> predict(List<String> texts, int batchSize) {
        float[][] probabilities = probabilities(texts, batchSize, done -> { });
        List<Prediction> out = new ArrayList<>(texts.size());
        for (float[] p : probabilities) {
            int best = argMax(p);
            out.add(new Prediction(best, labels.get(best), p));
        }
        return out;
    }

    /** One text's prediction. */
    public Prediction predict(String text) {
        return predict(List.of(text), 1).get(0);
    }

    /**
     * Scores labelled texts.
     *
     * @throws IllegalArgumentException for a label the model does not know, naming its line
     */
    public Evaluation evaluate(List<LabelledTexts.Example> examples, int batchSize) {
        return evaluate(examples, batchSize, done -> { });
    }

    /**
     * Scores labelled texts, telling {@code progress} how many texts are done after each batch (for a progress
     * bar on long evaluations).
     */
    public Evaluation evaluate(List<LabelledTexts.Example> examples, int batchSize, IntConsumer progress) {
        if (examples.isEmpty()) {
            throw new IllegalArgumentException("there are no examples to evaluate");
        }
        int[] truth = new int[examples.size()];
        for (int i = 0; i < truth.length; i++) {
            LabelledTexts.Example e = examples.get(i);
            if (!classIds.containsKey(e.label())) {
                throw new IllegalArgumentException((e.line() > 0 ? "line " + e.line() + ": " : "") + "label '"
                        + e.label() + "' is not one of the model's classes (" + String.join(", ", labels)
                        + "); evaluate with data labelled as the training data was");
            }
            truth[i] = classIds.get(e.label());
        }
        float[][] probabilities = probabilities(examples.stream().map(LabelledTexts.Example::text).toList(),
                batchSize, progress);
        int[] predicted = new int[truth.length];
        double loss = 0;
        for (int i = 0; i < truth.length; i++) {
            predicted[i] = argMax(probabilities[i]);
            loss -= Math.log(Math.max(probabilities[i][truth[i]], Float.MIN_NORMAL));
        }
        return new Evaluation(ClassificationMetrics.of(truth, predicted, labels.size()), loss / truth.length,
                predicted);
    }

    /** The class probabilities (N, K) of texts, in order: the blend λ·P(network) + (1 − λ)·P(n-grams). */
    private float[][] probabilities(List<String> texts, int batchSize, IntConsumer progress) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("TextClassifier.batchSize must be at least 1, got " + batchSize);
        }
        if (networkWeight == 1) {
            return networkProbabilities(texts, batchSize, progress);
        }
        float[][] blended = ngramProbabilities(texts);
        if (networkWeight == 0) {
            progress.accept(texts.size());
            return blended;
        }
        float[][] net = networkProbabilities(texts, batchSize, progress);
        for (int i = 0; i < blended.length; i++) {
            for (int k = 0; k < blended[i].length; k++) {
                blended[i][k] = (float) (networkWeight * net[i][k] + (1 - networkWeight) * blended[i][k]);
            }
        }
        return blended;
    }

    /** The n-gram model's class probabilities (N, K) of texts, in order. */
    public float[][] ngramProbabilities(List<String> texts) {
        if (ngrams == null) {
            throw new IllegalArgumentException("this classifier has no n-gram model");
        }
        float[][] out = new float[texts.size()][];
        for (int i = 0; i < out.length; i++) {
            out[i] = ngrams.probabilities(ngramBuckets(texts.get(i)));
        }
        return out;
    }

    /** The network's softmax probabilities (N, K) of texts, batched by similar lengths, returned in the given order. */
    public float[][] networkProbabilities(List<String> texts, int batchSize, IntConsumer progress) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("TextClassifier.batchSize must be at least 1, got " + batchSize);
        }
        List<int[]> encoded = texts.stream().map(this::encode).toList();
        Integer[] order = new Integer[encoded.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, java.util.Comparator.comparingInt(i -> encoded.get(i).length));
        int classes = labels.size();
        float[][] out = new float[encoded.size()][];
        for (int from = 0; from < order.length; from += batchSize) {
            int to = Math.min(order.length, from + batchSize);
            List<int[]> rows = new ArrayList<>();
            for (int i = from; i < to; i++) {
                rows.add(encoded.get(order[i]));
            }
            TokenBatch batch = batch(rows, new int[rows.size()]);
            Tensor logits = network.predict(batch.ids(), batch.batch(), batch.steps(), batch.mask());
            for (int r = 0; r < rows.size(); r++) {
                out[order[from + r]] = softmax(logits, r, classes);
            }
            progress.accept(to);
        }
        Workspace.clear(); // the batches' recycled buffers are not needed after inference
        return out;
    }

    private static float[] softmax(Tensor logits, int row, int classes) {
        float[] x = new float[classes];
        logits.read(row * classes, x, 0, classes);
        float[] p = new float[classes];
        org.rnn4j.tensor.Softmax.masked(x, 0, classes, null, 0, p, 0);
        return p;
    }

    private static int argMax(float[] p) {
        int best = 0;
        for (int k = 1; k < p.length; k++) {
            if (p[k] > p[best]) {
                best = k;
            }
        }
        return best;
    }

    /** Writes the model atomically: the spec, the vocabulary's size (checked on loading), labels and vocabulary. */
    public void save(Path file, Provenance provenance) {
        ObjectNode json = SpecJson.write(TYPE, spec);
        json.put(VOCABULARY_SIZE, vocabulary.size());
        ArrayNode array = json.putArray("labels");
        labels.forEach(array::add);
        if (ngrams != null) {
            json.put(NETWORK_WEIGHT, networkWeight);
        }
        ApplicationModelFile.save(file, json, Map.of("vocabulary", vocabulary.toJson()), parameters(), provenance);
    }

    /** Every tensor of the model file: the network's, then the n-gram model's. */
    private List<org.rnn4j.nn.Parameter> parameters() {
        List<org.rnn4j.nn.Parameter> all = new ArrayList<>(network.parameters());
        if (ngrams != null) {
            all.addAll(ngrams.parameters());
        }
        return all;
    }

    /** Reads a model written by {@link #save} (or before the spec record), checking everything before the weights. */
    public static TextClassifier load(Path file) {
        ApplicationModelFile.Header header = ApplicationModelFile.open(file, TYPE);
        Vocabulary vocabulary;
        TextClassifierSpec spec;
        List<String> labels = new ArrayList<>();
        try {
            vocabulary = Vocabulary.fromJson(header.entry("vocabulary"));
            spec = SpecJson.read(header.spec(), TextClassifierSpec.class);
            JsonNode array = header.spec().get("labels");
            if (array == null || !array.isArray()) {
                throw new IllegalArgumentException("spec field 'labels' must be an array of the class labels");
            }
            array.forEach(n -> labels.add(n.asText()));
        } catch (IllegalArgumentException e) {
            throw new FileFormatException(file, "invalid text classifier: " + e.getMessage(), e);
        }
        if (header.intField(VOCABULARY_SIZE) != vocabulary.size()) {
            throw new FileFormatException(file, "spec says " + header.intField(VOCABULARY_SIZE)
                    + " vocabulary entries but the vocabulary holds " + vocabulary.size());
        }
        TextClassifier model;
        try {
            model = create(vocabulary, labels, spec, 0);
        } catch (IllegalArgumentException e) {
            throw new FileFormatException(file, "invalid text classifier: " + e.getMessage(), e);
        }
        if (model.ngrams != null) {
            JsonNode lambda = header.spec().get(NETWORK_WEIGHT);
            if (lambda == null || !lambda.isNumber() || !(lambda.doubleValue() >= 0 && lambda.doubleValue() <= 1)) {
                throw new FileFormatException(file, "invalid text classifier: spec field '" + NETWORK_WEIGHT
                        + "' must be the network's weight in the blend with the n-gram model, in [0, 1], got "
                        + lambda);
            }
            model.networkWeight = lambda.doubleValue();
        }
        header.loadInto(model.parameters());
        return model;
    }

    /**
     * "Lstm(input 128, hidden 128, bidirectional), max pooling, 2 classes, 20000 words, blended 0.25 : 0.75 with
     * NB-LR on word 1–2-grams in 1048576 buckets".
     */
    public String describe() {
        return ngrams == null ? describeNetwork() : describeNetwork() + String.format(java.util.Locale.ROOT,
                ", blended %.2f : %.2f with %s", networkWeight, 1 - networkWeight, describeNgrams());
    }

    /** What {@link #describe} says without the blend's weights, which training chooses last. */
    public String describeParts() {
        return ngrams == null ? describeNetwork() : describeNetwork() + ", with " + describeNgrams();
    }

    private String describeNetwork() {
        return network.describe() + ", " + vocabulary.size() + " " + vocabulary.unit().noun() + "s";
    }

    private String describeNgrams() {
        return "NB-LR on " + vocabulary.unit().noun() + " 1–" + ngrams.features().order() + "-grams in "
                + ngrams.features().buckets() + " buckets";
    }
}
