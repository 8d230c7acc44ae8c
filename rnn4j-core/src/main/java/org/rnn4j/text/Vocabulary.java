package org.rnn4j.text;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.Set;

/**
 * The two-way map between tokens and the ids 0..V−1 that a model's embedding and output layer index.
 *
 * <p>A model can only read and write the tokens its vocabulary has, so the vocabulary is stored in the model file
 * (see {@link #toJson()}) and used unchanged for training, evaluation and generation.
 *
 * <p>Built from counts ({@link #fromCounts}, {@link #fromTokens}): the requested {@link SpecialToken}s first
 * (padding, unknown, start, end, in that order), then the tokens by falling count, ties broken by first
 * appearance, so the same text always gives the same ids. A token of the text spelled like a requested special
 * token (the {@code <unk>} of the Penn Treebank, say) is that special entry, not a second one.
 *
 * <p>Immutable and safe to share between threads.
 */
public final class Vocabulary {
    /** What one token of a vocabulary is; named in messages ("character 'é' is not in ...") and in the JSON form. */
    public enum Unit {
        CHARACTER, WORD, TOKEN;

        /** {@code character}, {@code word} or {@code token}: also the name in a model file's spec. */
        @JsonValue
        public String noun() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** The unit named by {@link #noun()}. */
        @JsonCreator
        public static Unit fromNoun(String noun) {
            for (Unit u : values()) {
                if (u.noun().equals(noun)) {
                    return u;
                }
            }
            throw new IllegalArgumentException("unit must be character, word or token, got '" + noun + "'");
        }

        String plural(long count) {
            return count + " " + noun() + (count == 1 ? "" : "s");
        }
    }

    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private final Unit unit;
    private final List<String> tokens;
    private final Map<String, Integer> ids;
    private final Map<SpecialToken, Integer> specials;

    private Vocabulary(Unit unit, List<String> tokens, Map<SpecialToken, Integer> specials) {
        this.unit = unit;
        this.tokens = List.copyOf(tokens);
        this.specials = Collections.unmodifiableMap(new EnumMap<>(specials));
        Map<String, Integer> index = new HashMap<>(tokens.size() * 2);
        for (int i = 0; i < tokens.size(); i++) {
            String token = tokens.get(i);
            if (token.isEmpty()) {
                throw new IllegalArgumentException("vocabulary entry " + i + " is the empty string; no tokenizer"
                        + " produces an empty token, so it cannot be one");
            }
            Integer earlier = index.putIfAbsent(token, i);
            if (earlier != null) {
                throw new IllegalArgumentException("vocabulary entries " + earlier + " and " + i + " are both "
                        + quote(token) + "; each token must appear once");
            }
        }
        if (tokens.isEmpty()) {
            throw new IllegalArgumentException("the vocabulary is empty; it needs at least one token");
        }
        this.ids = index;
    }

    /**
     * A vocabulary of exactly these tokens: the special ones first (in {@link SpecialToken} order), then
     * {@code tokens} in the order given.
     *
     * @throws IllegalArgumentException for a duplicate or empty token, or a token spelled like a requested special
     */
    public static Vocabulary of(Unit unit, Collection<SpecialToken> specials, List<String> tokens) {
        Objects.requireNonNull(unit, "unit");
        Objects.requireNonNull(tokens, "tokens");
        List<String> all = new ArrayList<>();
        Map<SpecialToken, Integer> specialIds = new EnumMap<>(SpecialToken.class);
        for (SpecialToken special : specials.isEmpty() ? EnumSet.noneOf(SpecialToken.class) : EnumSet.copyOf(specials)) {
            specialIds.put(special, all.size());
            all.add(special.text());
        }
        for (String token : tokens) {
            all.add(Objects.requireNonNull(token, "a token is null"));
        }
        return new Vocabulary(unit, all, specialIds);
    }

    /**
     * Counts {@code tokens} (in order, so that ties are broken by first appearance) and builds the vocabulary
     * as {@link #fromCounts} does.
     */
    public static Vocabulary fromTokens(Iterable<String> tokens, VocabularyOptions options) {
        Map<String, Long> counts = new LinkedHashMap<>();
        for (String token : tokens) {
            counts.merge(Objects.requireNonNull(token, "a token is null"), 1L, Long::sum);
        }
        return fromCounts(counts, options);
    }

    /**
     * The special tokens, then the tokens seen at least {@code minCount} times, most frequent first, up to
     * {@code maxSize} entries in all. Ties are broken by the map's iteration order: pass a {@link LinkedHashMap}
     * filled in order of first appearance (as {@link #fromTokens} does) for a deterministic result.
     *
     * @throws IllegalArgumentException when no token is left: every count is below {@code minCount}
     */
    public static Vocabulary fromCounts(Map<String, Long> counts, VocabularyOptions options) {
        Objects.requireNonNull(counts, "counts");
        Objects.requireNonNull(options, "options");
        Set<String> specialTexts = new java.util.HashSet<>();
        options.specials().forEach(s -> specialTexts.add(s.text()));
        List<Map.Entry<String, Long>> kept = new ArrayList<>();
        long largest = 0;
        for (Map.Entry<String, Long> entry : counts.entrySet()) {
            long count = Objects.requireNonNull(entry.getValue(), "count of " + quote(entry.getKey()));
            largest = Math.max(largest, count);
            if (count >= options.minCount() && !specialTexts.contains(entry.getKey())) {
                kept.add(Map.entry(entry.getKey(), count));
            }
        }
        if (kept.isEmpty()) {
            throw new IllegalArgumentException(counts.isEmpty()
                    ? "cannot build a vocabulary from no tokens: the text is empty"
                    : "no token occurs at least minCount = " + options.minCount() + " times (the most frequent occurs "
                            + largest + " times); lower minCount");
        }
        kept.sort((a, b) -> Long.compare(b.getValue(), a.getValue())); // stable: ties keep first appearance
        int room = options.maxSize() == 0 ? kept.size() : Math.min(kept.size(), options.maxSize() - options.specials().size());
        List<String> tokens = new ArrayList<>(room);
        for (int i = 0; i < room; i++) {
            tokens.add(kept.get(i).getKey());
        }
        return of(options.unit(), options.specials(), tokens);
    }

    /** V, the number of entries, special ones included. */
    public int size() {
        return tokens.size();
    }

    public Unit unit() {
        return unit;
    }

    /** All entries, index = id. */
    public List<String> tokens() {
        return tokens;
    }

    /** The token with this id. */
    public String token(int id) {
        if (id < 0 || id >= tokens.size()) {
            throw new IndexOutOfBoundsException("id " + id + " is outside the vocabulary's ids [0, " + tokens.size()
                    + ")");
        }
        return tokens.get(id);
    }

    public boolean contains(String token) {
        return ids.containsKey(token);
    }

    /** The token's own id, or empty when the vocabulary lacks it (the unknown id is not substituted). */
    public OptionalInt find(String token) {
        Integer id = ids.get(token);
        return id == null ? OptionalInt.empty() : OptionalInt.of(id);
    }

    /**
     * The token's id; for a token the vocabulary lacks, the id of {@link SpecialToken#UNKNOWN}.
     *
     * @throws UnknownTokenException when the token is missing and the vocabulary has no unknown entry
     */
    public int id(String token) {
        return id(token, null);
    }

    /** As {@link #id(String)}; {@code where} (e.g. "at line 3, column 7"), when not null, goes into the message. */
    int id(String token, String where) {
        Integer id = ids.get(token);
        if (id != null) {
            return id;
        }
        Integer unknown = specials.get(SpecialToken.UNKNOWN);
        if (unknown != null) {
            return unknown;
        }
        throw new UnknownTokenException(token, describe(token) + (where == null ? "" : " " + where)
                + " is not in the model's vocabulary of " + unit.plural(size()) + ", which has no "
                + SpecialToken.UNKNOWN.text() + " entry to stand for unknown ones; remove or replace it in the input,"
                + " or use a vocabulary built with SpecialToken.UNKNOWN");
    }

    /** Whether the vocabulary has this special entry. */
    public boolean has(SpecialToken special) {
        return specials.containsKey(special);
    }

    /** The id of a special entry. */
    public int id(SpecialToken special) {
        Integer id = specials.get(special);
        if (id == null) {
            throw new IllegalArgumentException("the vocabulary has no " + special.text() + " (" + special.jsonName()
                    + ") entry; its special entries are " + specials.keySet()
                    + "; build it with SpecialToken." + special.name() + " among the specials");
        }
        return id;
    }

    /** The special entries this vocabulary has. */
    public Set<SpecialToken> specials() {
        return specials.isEmpty() ? EnumSet.noneOf(SpecialToken.class) : EnumSet.copyOf(specials.keySet());
    }

    /** Whether {@code id} is the id of a special entry. */
    public boolean isSpecial(int id) {
        return specials.containsValue(id);
    }

    /**
     * The JSON form stored in a model file's metadata:
     * {@code {"unit":"character","specials":{"padding":0,"unknown":1},"tokens":["<pad>","<unk>","e","t",...]}}.
     */
    public String toJson() {
        ObjectNode root = JSON.createObjectNode();
        root.put("unit", unit.noun());
        ObjectNode special = root.putObject("specials");
        specials.forEach((s, id) -> special.put(s.jsonName(), id));
        ArrayNode array = root.putArray("tokens");
        tokens.forEach(array::add);
        try {
            return JSON.writeValueAsString(root);
        } catch (JacksonException e) {
            throw new IllegalStateException("could not write the vocabulary as JSON", e);
        }
    }

    /**
     * Reads the form {@link #toJson()} writes, checking it: the unit, the tokens (present, strings, none empty or
     * repeated) and that each special id points at that special token's spelling.
     *
     * @throws IllegalArgumentException naming what is wrong, starting with {@code vocabulary JSON: }
     */
    public static Vocabulary fromJson(String json) {
        Objects.requireNonNull(json, "json");
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JacksonException e) {
            throw invalid("not valid JSON: " + e.getOriginalMessage()
                    + (e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ", column "
                            + e.getLocation().getColumnNr() + ")"));
        }
        if (root == null || !root.isObject()) {
            throw invalid("expected an object with 'unit', 'specials' and 'tokens'");
        }
        Unit unit = readUnit(root.get("unit"));
        JsonNode array = root.get("tokens");
        if (array == null || !array.isArray()) {
            throw invalid("'tokens' must be an array of strings, got " + (array == null ? "nothing" : array.getNodeType()));
        }
        List<String> tokens = new ArrayList<>(array.size());
        for (int i = 0; i < array.size(); i++) {
            JsonNode token = array.get(i);
            if (!token.isTextual()) {
                throw invalid("token " + i + " must be a string, got " + token);
            }
            tokens.add(token.textValue());
        }
        Map<SpecialToken, Integer> specials = readSpecials(root.get("specials"), tokens);
        try {
            return new Vocabulary(unit, tokens, specials);
        } catch (IllegalArgumentException e) {
            throw invalid(e.getMessage());
        }
    }

    private static Unit readUnit(JsonNode node) {
        if (node == null || !node.isTextual()) {
            throw invalid("'unit' must be one of \"character\", \"word\", \"token\", got " + node);
        }
        for (Unit unit : Unit.values()) {
            if (unit.noun().equals(node.textValue())) {
                return unit;
            }
        }
        throw invalid("'unit' must be one of \"character\", \"word\", \"token\", got " + node);
    }

    private static Map<SpecialToken, Integer> readSpecials(JsonNode node, List<String> tokens) {
        Map<SpecialToken, Integer> specials = new EnumMap<>(SpecialToken.class);
        if (node == null) {
            return specials;
        }
        if (!node.isObject()) {
            throw invalid("'specials' must be an object such as {\"padding\": 0, \"unknown\": 1}, got " + node);
        }
        for (Map.Entry<String, JsonNode> field : node.properties()) {
            SpecialToken special = null;
            for (SpecialToken s : SpecialToken.values()) {
                if (s.jsonName().equals(field.getKey())) {
                    special = s;
                }
            }
            if (special == null) {
                throw invalid("unknown special token '" + field.getKey() + "'; known: padding, unknown, start, end");
            }
            JsonNode id = field.getValue();
            if (!id.canConvertToInt() || !id.isIntegralNumber() || id.intValue() < 0 || id.intValue() >= tokens.size()) {
                throw invalid("special '" + field.getKey() + "' has id " + id + ", outside the " + tokens.size()
                        + " tokens");
            }
            if (!tokens.get(id.intValue()).equals(special.text())) {
                throw invalid("special '" + field.getKey() + "' has id " + id + ", but token " + id + " is "
                        + quote(tokens.get(id.intValue())) + ", not " + special.text());
            }
            specials.put(special, id.intValue());
        }
        return specials;
    }

    private static IllegalArgumentException invalid(String problem) {
        return new IllegalArgumentException("vocabulary JSON: " + problem);
    }

    /** {@code character 'é' (U+00E9)} or {@code word 'foo'}. */
    private String describe(String token) {
        if (unit == Unit.CHARACTER || token.codePointCount(0, token.length()) == 1) {
            StringBuilder codes = new StringBuilder();
            token.codePoints().forEach(c -> codes.append(codes.length() == 0 ? "" : " ")
                    .append(String.format(Locale.ROOT, "U+%04X", c)));
            return unit.noun() + " " + quote(token) + " (" + codes + ")";
        }
        return unit.noun() + " " + quote(token);
    }

    /** The token in single quotes, with control characters escaped so that the message stays on one line. */
    static String quote(String token) {
        StringBuilder out = new StringBuilder("'");
        token.codePoints().forEach(c -> {
            switch (c) {
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (Character.isISOControl(c)) {
                        out.append(String.format(Locale.ROOT, "\\u%04x", c));
                    } else {
                        out.appendCodePoint(c);
                    }
                }
            }
        });
        return out.append('\'').toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Vocabulary v && unit == v.unit && tokens.equals(v.tokens) && specials.equals(v.specials);
    }

    @Override
    public int hashCode() {
        return Objects.hash(unit, tokens, specials);
    }

    @Override
    public String toString() {
        return "Vocabulary(" + unit.plural(size()) + (specials.isEmpty() ? "" : ", specials " + specials.keySet()) + ")";
    }
}
