package org.rnn4j.seq2seq;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.function.IntConsumer;
import java.util.stream.IntStream;
import org.rnn4j.io.ApplicationModelFile;
import org.rnn4j.io.FileFormatException;
import org.rnn4j.io.Provenance;
import org.rnn4j.io.SpecJson;
import org.rnn4j.text.SpecialToken;
import org.rnn4j.text.Vocabulary;
import org.rnn4j.text.VocabularyOptions;
import org.rnn4j.text.WordTokenizer;

/**
 * A translation model ready to use: a {@link Seq2SeqModel}, its source and target vocabularies and the word
 * tokenizer ({@link WordTokenizer}) that cut the training text, with search ({@link #translate}) and the model
 * file (type {@value #TYPE}).
 *
 * <p>Source words the source vocabulary lacks are read as {@code <unk>}; with
 * {@link DecodeOptions#replaceUnknown()}, each {@code <unk>} of the output is replaced by the source word that the
 * step attended to most. The output is the target tokens joined by {@link WordTokenizer#join}.
 *
 * <p>The model file holds the parameters, the spec ({@link TranslatorSpec}), the
 * vocabularies as the metadata entries {@code source_vocabulary} and {@code target_vocabulary}, and
 * {@code training_data}: the columns the pairs were read from and the books held out, so that evaluation can
 * default to them; and {@code decoding}: the length penalty chosen on the validation pairs.
 */
public final class Translator {
    public static final String TYPE = "translator";
    /** The training data's JSON: snake_case fields, as {@link org.rnn4j.io.SpecJson} writes specs. */
    private static final ObjectMapper JSON = JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();
    private static final int ROWS_PER_SEARCH = 256;

    private final Seq2SeqModel model;
    private final Vocabulary sourceVocabulary;
    private final Vocabulary targetVocabulary;
    private final WordTokenizer tokenizer;
    private final TranslationBatch.Ids ids;
    private final int[] forbidden;
    /** The α that {@link #decodeOptions()} searches with: the default, or the one chosen on validation pairs. */
    private double lengthPenalty = DecodeOptions.defaults().lengthPenalty();

    /**
     * Where the training pairs came from: their columns, the reference column (null when none was read), and the
     * books held out for testing (maybe none). The model file's {@code training_data}.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record TrainingData(String sourceColumn, String targetColumn, String referenceColumn,
                               List<String> testBooks) {
        public TrainingData {
            testBooks = testBooks == null ? List.of() : List.copyOf(testBooks);
        }
    }

    /** A model file's contents. */
    public record Loaded(Translator translator, TrainingData trainingData, Map<String, String> provenance) {
    }

    /** One translation: the text, its tokens, log P of the tokens and the end mark, and the normalised score. */
    public record Translation(String text, List<String> tokens, double logProbability, double score,
                              int unknownsReplaced) {
    }

    /**
     * @param lowerCase whether the tokenizer lower-cases (as when the vocabularies were built)
     * @throws IllegalArgumentException when a vocabulary's size differs from the model's or lacks a needed special
     */
    public Translator(Seq2SeqModel model, Vocabulary sourceVocabulary, Vocabulary targetVocabulary, boolean lowerCase) {
        this.model = Objects.requireNonNull(model, "model");
        this.sourceVocabulary = Objects.requireNonNull(sourceVocabulary, "sourceVocabulary");
        this.targetVocabulary = Objects.requireNonNull(targetVocabulary, "targetVocabulary");
        if (sourceVocabulary.size() != model.config().sourceVocabularySize()
                || targetVocabulary.size() != model.config().targetVocabularySize()) {
            throw new IllegalArgumentException("the vocabularies have " + sourceVocabulary.size() + " and "
                    + targetVocabulary.size() + " entries, the model " + model.config().sourceVocabularySize() + " and "
                    + model.config().targetVocabularySize());
        }
        this.tokenizer = new WordTokenizer(lowerCase);
        this.ids = new TranslationBatch.Ids(sourceVocabulary.id(SpecialToken.PADDING),
                targetVocabulary.id(SpecialToken.PADDING), targetVocabulary.id(SpecialToken.START),
                targetVocabulary.id(SpecialToken.END));
        sourceVocabulary.id(SpecialToken.UNKNOWN);
        targetVocabulary.id(SpecialToken.UNKNOWN);
        this.forbidden = new int[] {ids.targetPadding(), ids.start()};
    }

    /**
     * A vocabulary for one side of the pairs: {@code <pad>, <unk>, <s>, </s>}, then the words seen at least
     * {@code minCount} times, most frequent first, up to {@code maxSize} entries in all (0 = no limit).
     */
    public static Vocabulary buildVocabulary(List<String> sentences, boolean lowerCase, int maxSize, int minCount) {
        WordTokenizer tokenizer = new WordTokenizer(lowerCase);
        List<String> tokens = new ArrayList<>();
        sentences.forEach(s -> tokens.addAll(tokenizer.split(s)));
        return Vocabulary.fromTokens(tokens, new VocabularyOptions(Vocabulary.Unit.WORD, java.util.Set.of(
                SpecialToken.PADDING, SpecialToken.UNKNOWN, SpecialToken.START, SpecialToken.END), maxSize, minCount));
    }

    public Seq2SeqModel model() {
        return model;
    }

    public Vocabulary sourceVocabulary() {
        return sourceVocabulary;
    }

    public Vocabulary targetVocabulary() {
        return targetVocabulary;
    }

    public WordTokenizer tokenizer() {
        return tokenizer;
    }

    public TranslationBatch.Ids ids() {
        return ids;
    }

    /** The ids of a source sentence's tokens; unknown words become {@code <unk>}. */
    public int[] sourceIds(String sentence) {
        return tokenizer.split(sentence).stream().mapToInt(sourceVocabulary::id).toArray();
    }

    /** The ids of a target sentence's tokens (no marks); unknown words become {@code <unk>}. */
    public int[] targetIds(String sentence) {
        return tokenizer.split(sentence).stream().mapToInt(targetVocabulary::id).toArray();
    }

    /** A teacher-forcing batch of pairs. */
    public TranslationBatch batch(List<TranslationPairs.Pair> pairs) {
        return TranslationBatch.of(pairs.stream().map(p -> sourceIds(p.source())).toList(),
                pairs.stream().map(p -> targetIds(p.target())).toList(), ids);
    }

    public Translation translate(String sentence, DecodeOptions options) {
        return translate(List.of(sentence), options).get(0);
    }

    /**
     * Translates sentences, in batches of similar source lengths, and returns the translations in the order given.
     * A sentence without any token (blank) translates to the empty string.
     */
    public List<Translation> translate(List<String> sentences, DecodeOptions options) {
        return translate(sentences, options, done -> { });
    }

    /** As {@link #translate(List, DecodeOptions)}, telling {@code progress} how many sentences are done. */
    public List<Translation> translate(List<String> sentences, DecodeOptions options, IntConsumer progress) {
        List<List<String>> words = sentences.stream().map(tokenizer::split).toList();
        List<int[]> sources = words.stream().map(w -> w.stream().mapToInt(sourceVocabulary::id).toArray()).toList();
        Translation[] out = new Translation[sentences.size()];
        Integer[] order = IntStream.range(0, sentences.size()).filter(i -> {
            if (words.get(i).isEmpty()) {
                out[i] = new Translation("", List.of(), 0, 0, 0); // nothing to translate
                return false;
            }
            return true;
        }).boxed().toArray(Integer[]::new);
        java.util.Arrays.sort(order, Comparator.comparingInt(i -> sources.get(i).length));
        int chunk = Math.max(1, ROWS_PER_SEARCH / options.beamSize());
        for (int from = 0; from < order.length; from += chunk) {
            int to = Math.min(order.length, from + chunk);
            List<int[]> batch = new ArrayList<>();
            for (int i = from; i < to; i++) {
                batch.add(sources.get(order[i]));
            }
            List<BeamSearch.Hypothesis> found = BeamSearch.search(model, batch, ids, forbidden, options);
            for (int i = from; i < to; i++) {
                out[order[i]] = toTranslation(found.get(i - from), words.get(order[i]), options.replaceUnknown());
            }
            progress.accept(sentences.size() - order.length + to);
        }
        return List.of(out);
    }

    private Translation toTranslation(BeamSearch.Hypothesis h, List<String> sourceWords, boolean replaceUnknown) {
        int unknown = targetVocabulary.id(SpecialToken.UNKNOWN);
        List<String> tokens = new ArrayList<>(h.tokens().length);
        int replaced = 0;
        for (int i = 0; i < h.tokens().length; i++) {
            int id = h.tokens()[i];
            if (id == unknown && replaceUnknown) {
                int at = h.alignment()[i];
                if (at >= 0) {
                    tokens.add(sourceWords.get(at));
                    replaced++;
                }
            } else {
                tokens.add(targetVocabulary.token(id));
            }
        }
        return new Translation(tokenizer.join(tokens), List.copyOf(tokens), h.logProbability(), h.score(), replaced);
    }

    // ---------------------------------------------------------------- the model file

    /**
     * The search to use when the user names none: {@link DecodeOptions#defaults()} with this translator's length
     * penalty, which training chooses on its validation pairs ({@link LengthPenaltyChoice}) and the model file keeps.
     */
    public DecodeOptions decodeOptions() {
        return DecodeOptions.defaults().withLengthPenalty(lengthPenalty);
    }

    /** The length penalty of {@link #decodeOptions()} from now on, and in the file {@link #save} writes. */
    public void useLengthPenalty(double alpha) {
        lengthPenalty = DecodeOptions.defaults().withLengthPenalty(alpha).lengthPenalty(); // checked there
    }

    /** What this translator is: its model's architecture and its tokenizer. */
    public TranslatorSpec spec() {
        return TranslatorSpec.of(model.config(), tokenizer.lowerCase());
    }

    /** Writes the model file atomically. */
    public void save(Path file, TrainingData trainingData, Provenance provenance) {
        Map<String, String> entries = new LinkedHashMap<>();
        entries.put("source_vocabulary", sourceVocabulary.toJson());
        entries.put("target_vocabulary", targetVocabulary.toJson());
        entries.put("training_data", trainingDataJson(trainingData));
        entries.put("decoding", JSON.createObjectNode().put("length_penalty", lengthPenalty).toString());
        ApplicationModelFile.save(file, SpecJson.write(TYPE, spec()), entries, model.parameters(), provenance);
    }

    /**
     * The metadata a checkpoint of a training run carries: the spec and the vocabularies. A run resumed from the
     * checkpoint must have the same ({@link org.rnn4j.train.Checkpoint#requireSameExtra}), or the weights would be
     * read against other words.
     */
    public Map<String, String> checkpointMetadata() {
        return Map.of("spec", SpecJson.write(TYPE, spec()).toString(), "source_vocabulary", sourceVocabulary.toJson(),
                "target_vocabulary", targetVocabulary.toJson());
    }

    /**
     * Reads a translator model file.
     *
     * @throws FileFormatException naming the file and what is wrong (another model type, a bad spec or vocabulary,
     *     tensors that do not fit the spec)
     */
    public static Loaded load(Path file) {
        ApplicationModelFile.Header header = ApplicationModelFile.open(file, TYPE);
        TranslatorSpec spec;
        try {
            spec = SpecJson.read(header.spec(), TranslatorSpec.class);
        } catch (IllegalArgumentException e) {
            throw new FileFormatException(file, "spec: " + e.getMessage(), e);
        }
        Vocabulary source = vocabulary(header, "source_vocabulary");
        Vocabulary target = vocabulary(header, "target_vocabulary");
        Seq2SeqModel model = new Seq2SeqModel(spec.config(), new SplittableRandom(0));
        Translator translator;
        try {
            translator = new Translator(model, source, target, spec.lowercase());
        } catch (IllegalArgumentException e) {
            throw new FileFormatException(file, e.getMessage(), e);
        }
        header.loadInto(model.parameters());
        if (header.metadata().containsKey("decoding")) { // absent in files written before it was chosen
            translator.useLengthPenalty(readLengthPenalty(file, header.entry("decoding")));
        }
        TrainingData data = header.metadata().containsKey("training_data")
                ? readTrainingData(file, header.entry("training_data")) : null;
        return new Loaded(translator, data, header.provenance());
    }

    private static Vocabulary vocabulary(ApplicationModelFile.Header header, String key) {
        try {
            return Vocabulary.fromJson(header.entry(key));
        } catch (IllegalArgumentException e) {
            throw new FileFormatException(header.file(), key + ": " + e.getMessage(), e);
        }
    }

    private static String trainingDataJson(TrainingData data) {
        try {
            return data == null ? "{}" : JSON.writeValueAsString(data);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("could not write the training data as JSON", e);
        }
    }

    private static double readLengthPenalty(Path file, String text) {
        try {
            JsonNode alpha = JSON.readTree(text).path("length_penalty");
            if (!alpha.isNumber() || !(alpha.doubleValue() >= 0) || Double.isInfinite(alpha.doubleValue())) {
                throw new FileFormatException(file, "decoding metadata: length_penalty must be a number of 0 or"
                        + " more, got " + alpha);
            }
            return alpha.doubleValue();
        } catch (JsonProcessingException e) {
            throw new FileFormatException(file, "decoding metadata is not valid JSON: " + e.getOriginalMessage());
        }
    }

    /** The training data, or null when the file has none ({@code {}}, as written without them). */
    private static TrainingData readTrainingData(Path file, String text) {
        try {
            JsonNode node = JSON.readTree(text);
            return node.has("source_column") ? JSON.treeToValue(node, TrainingData.class) : null;
        } catch (JsonProcessingException e) {
            throw new FileFormatException(file, "training_data metadata is not valid JSON: " + e.getOriginalMessage());
        }
    }

    @Override
    public String toString() {
        return "Translator(" + model + ", " + tokenizer + ")";
    }
}
