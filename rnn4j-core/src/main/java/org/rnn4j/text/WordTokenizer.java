package org.rnn4j.text;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Words, numbers and punctuation marks as tokens, for word-level language models and text classifiers.
 *
 * <p>The rules, in order of precedence; space of any kind only separates:
 * <ul>
 *   <li>a number with decimal or thousands separators between digits is one token: {@code 3.14}, {@code 1,000};</li>
 *   <li>a word is a run of letters, combining marks and digits, which may continue after an apostrophe
 *       ({@code '} or {@code ’}) or a hyphen standing between two such characters: {@code don't},
 *       {@code John's}, {@code rock'n'roll}, {@code well-known}, {@code COVID-19}, {@code 2nd};</li>
 *   <li>any other character (punctuation, symbols, emoji) is a token of its own: {@code "Hi!"} gives
 *       {@code "}, {@code Hi}, {@code !}, {@code "}.</li>
 * </ul>
 * Contractions stay whole ({@code don't}, not the Penn Treebank's {@code do n't}), so that a token is what a
 * reader sees and the vocabulary reads naturally; a quote or hyphen at a word's edge is its own token
 * ({@code 'tis} gives {@code '}, {@code tis}). Abbreviations split at their periods ({@code U.S.} gives {@code U},
 * {@code .}, {@code S}, {@code .}).
 *
 * <p>With lower-casing, each token is lower-cased in the root locale (no Turkish dotless i).
 *
 * <p>{@link #decode} (and {@link #join}) joins tokens with single spaces, with none before closing punctuation
 * ({@code . , ; : ! ? ) ] } % »}) or after opening brackets and marks ({@code ( [ { ¿ ¡ «}), and double quotes
 * alternately opening and closing: readable, but not the exact original spacing (line breaks become spaces).
 */
public final class WordTokenizer implements Tokenizer {
    private static final Pattern TOKEN = Pattern.compile(
            "\\p{N}+(?:[.,]\\p{N}+)+"                                       // a number with separators
                    + "|[\\p{L}\\p{M}\\p{N}]+(?:['’\\-][\\p{L}\\p{M}\\p{N}]+)*" // a word
                    + "|\\S",                                                 // anything else, one character
            Pattern.UNICODE_CHARACTER_CLASS);
    private static final Set<String> NO_SPACE_BEFORE = Set.of(".", ",", ";", ":", "!", "?", ")", "]", "}", "%", "…",
            "»");
    private static final Set<String> NO_SPACE_AFTER = Set.of("(", "[", "{", "¿", "¡", "«");

    private final boolean lowerCase;

    /** @param lowerCase lower-case every token, so that {@code The} and {@code the} are one entry */
    public WordTokenizer(boolean lowerCase) {
        this.lowerCase = lowerCase;
    }

    public boolean lowerCase() {
        return lowerCase;
    }

    @Override
    public Vocabulary.Unit unit() {
        return Vocabulary.Unit.WORD;
    }

    @Override
    public List<String> split(String text) {
        Objects.requireNonNull(text, "text");
        List<String> tokens = new ArrayList<>();
        Matcher m = TOKEN.matcher(text);
        while (m.find()) {
            tokens.add(normalise(m.group()));
        }
        return tokens;
    }

    @Override
    public int[] encode(String text, Vocabulary vocabulary) {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(vocabulary, "vocabulary");
        List<Integer> ids = new ArrayList<>();
        Matcher m = TOKEN.matcher(text);
        while (m.find()) {
            ids.add(TextPositions.id(vocabulary, normalise(m.group()), text, m.start()));
        }
        return ids.stream().mapToInt(Integer::intValue).toArray();
    }

    private String normalise(String token) {
        return lowerCase ? token.toLowerCase(Locale.ROOT) : token;
    }

    /**
     * The tokens joined as described in the class comment; the unknown entry is written as {@code <unk>}, padding,
     * start and end are left out.
     */
    @Override
    public String decode(int[] ids, Vocabulary vocabulary) {
        Objects.requireNonNull(ids, "ids");
        Objects.requireNonNull(vocabulary, "vocabulary");
        List<String> tokens = new ArrayList<>(ids.length);
        for (int id : ids) {
            String token = vocabulary.token(id);
            if (vocabulary.isSpecial(id) && !token.equals(SpecialToken.UNKNOWN.text())) {
                continue;
            }
            tokens.add(token);
        }
        return join(tokens);
    }

    /** Tokens joined as {@link #decode} joins them (no token is left out here). */
    public String join(List<String> tokens) {
        Objects.requireNonNull(tokens, "tokens");
        StringBuilder text = new StringBuilder();
        boolean spaceNext = false;
        boolean quoteOpen = false;
        for (String token : tokens) {
            boolean opening = NO_SPACE_AFTER.contains(token);
            boolean closing = NO_SPACE_BEFORE.contains(token);
            if (token.equals("\"")) {
                quoteOpen = !quoteOpen;
                opening = quoteOpen;
                closing = !quoteOpen;
            }
            if (spaceNext && !closing) {
                text.append(' ');
            }
            text.append(token);
            spaceNext = !opening;
        }
        return text.toString();
    }

    @Override
    public String toString() {
        return "WordTokenizer(" + (lowerCase ? "lower-case" : "case kept") + ")";
    }
}
