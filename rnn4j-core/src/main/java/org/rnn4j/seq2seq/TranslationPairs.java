package org.rnn4j.seq2seq;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.regex.Pattern;
import org.rnn4j.data.DelimitedFile;
import org.rnn4j.io.FileFormatException;

/**
 * Sentence pairs read from a TSV or CSV file ({@link DelimitedFile}) by column name, with the book each pair
 * belongs to, so that whole books can be held out for testing: verses of one chapter share names, phrasing and
 * often whole clauses, so a random split of verses would test on near copies of the training data.
 *
 * <p>The book is the reference column's value without its trailing {@code chapter:verse} ({@code "1 Samuel 3:4"} →
 * {@code "1 Samuel"}); a value without one is a book by itself. A row whose source or target is blank is skipped
 * (and counted); a file with no pair left is an error.
 */
public final class TranslationPairs {
    private static final Pattern CHAPTER_VERSE = Pattern.compile("\\s+\\d+(?::\\d+)?(?:-\\d+)?$");
    private static final int BOOKS_SHOWN = 12;

    /** One sentence pair and where it came from. */
    public record Pair(long line, String book, String source, String target) {
    }

    /** A split into training and held-out pairs, and the books held out. */
    public record Split(List<Pair> train, List<Pair> test, List<String> testBooks) {
    }

    private final Path file;
    private final List<Pair> pairs;
    private final int skipped;
    private final long firstSkippedLine;

    private TranslationPairs(Path file, List<Pair> pairs, int skipped, long firstSkippedLine) {
        this.file = file;
        this.pairs = List.copyOf(pairs);
        this.skipped = skipped;
        this.firstSkippedLine = firstSkippedLine;
    }

    /**
     * Reads the pairs of a file.
     *
     * @param referenceColumn the column naming each pair's place ({@code ref}: "Genesis 1:1"), or null for none
     *                        (then every pair is in one book, "")
     * @throws FileFormatException for an empty or malformed file, or one without any pair
     * @throws IllegalArgumentException for a missing column, listing the file's columns
     */
    public static TranslationPairs read(Path file, String sourceColumn, String targetColumn, String referenceColumn) {
        return read(file, sourceColumn, targetColumn, referenceColumn, true);
    }

    /**
     * As {@link #read(Path, String, String, String)}; with {@code referenceRequired} false, a file without the
     * reference column is read as one book.
     */
    public static TranslationPairs read(Path file, String sourceColumn, String targetColumn, String referenceColumn,
                                        boolean referenceRequired) {
        Objects.requireNonNull(sourceColumn, "sourceColumn");
        Objects.requireNonNull(targetColumn, "targetColumn");
        DelimitedFile table = DelimitedFile.read(file);
        int source = table.column(sourceColumn);
        int target = table.column(targetColumn);
        int reference = referenceColumn == null || (!referenceRequired && !table.hasColumn(referenceColumn)) ? -1
                : table.column(referenceColumn);
        List<Pair> pairs = new ArrayList<>();
        int skipped = 0;
        long firstSkipped = -1;
        for (DelimitedFile.Row row : table.rows()) {
            String s = row.get(source).strip();
            String t = row.get(target).strip();
            if (s.isEmpty() || t.isEmpty()) {
                skipped++;
                firstSkipped = firstSkipped < 0 ? row.line() : firstSkipped;
                continue;
            }
            pairs.add(new Pair(row.line(), reference < 0 ? "" : bookOf(row.get(reference)), s, t));
        }
        if (pairs.isEmpty()) {
            throw new FileFormatException(file, table.rows().isEmpty()
                    ? "has a header but no rows: there are no sentence pairs to read"
                    : "has no sentence pair with both '" + sourceColumn + "' and '" + targetColumn + "' filled in ("
                    + skipped + " rows, all with an empty field)");
        }
        return new TranslationPairs(file, pairs, skipped, firstSkipped);
    }

    /** A pair list that did not come from a file (tests, programs). */
    public static TranslationPairs of(List<Pair> pairs) {
        if (pairs.isEmpty()) {
            throw new IllegalArgumentException("no sentence pairs");
        }
        return new TranslationPairs(null, pairs, 0, -1);
    }

    /** "Genesis 1:1" → "Genesis"; "1 Samuel 3:4" → "1 Samuel"; a value without chapter:verse is returned trimmed. */
    public static String bookOf(String reference) {
        return CHAPTER_VERSE.matcher(reference.strip()).replaceFirst("");
    }

    public Path file() {
        return file;
    }

    public List<Pair> pairs() {
        return pairs;
    }

    public int size() {
        return pairs.size();
    }

    /** Rows skipped for an empty source or target. */
    public int skipped() {
        return skipped;
    }

    /** The line of the first skipped row, or −1. */
    public long firstSkippedLine() {
        return firstSkippedLine;
    }

    /** The books in order of first appearance, with their pair counts. */
    public Map<String, Integer> books() {
        Map<String, Integer> counts = new LinkedHashMap<>();
        pairs.forEach(p -> counts.merge(p.book(), 1, Integer::sum));
        return counts;
    }

    /**
     * Holds out the named books (matched without regard to case).
     *
     * @throws IllegalArgumentException for a book the file does not have, listing the books it has
     */
    public Split holdOutBooks(List<String> names) {
        Map<String, Integer> books = books();
        Set<String> chosen = new LinkedHashSet<>();
        for (String name : names) {
            String wanted = name.strip();
            String match = books.keySet().stream().filter(b -> b.equalsIgnoreCase(wanted)).findFirst().orElse(null);
            if (match == null) {
                throw new IllegalArgumentException((file == null ? "the pairs" : file.toString()) + " have no book '"
                        + wanted + "'; the books are: " + shown(books.keySet()));
            }
            chosen.add(match);
        }
        return split(chosen);
    }

    /**
     * Holds out whole books, drawn at random (by {@code seed}) until they hold at least {@code fraction} of the
     * pairs.
     */
    public Split holdOutFraction(double fraction, long seed) {
        if (!(fraction > 0 && fraction < 1)) {
            throw new IllegalArgumentException("TranslationPairs.testFraction must be between 0 and 1, got " + fraction);
        }
        Map<String, Integer> books = books();
        if (books.size() < 2) {
            throw new IllegalArgumentException("holding out whole books needs at least two books, but "
                    + (file == null ? "the pairs" : file.toString()) + " have " + books.size()
                    + "; is the reference column right?");
        }
        List<String> order = new ArrayList<>(books.keySet());
        Collections.shuffle(order, new java.util.Random(new SplittableRandom(seed).nextLong()));
        Set<String> chosen = new LinkedHashSet<>();
        long held = 0;
        for (String book : order) {
            if (held >= fraction * pairs.size() || chosen.size() == books.size() - 1) {
                break;
            }
            chosen.add(book);
            held += books.get(book);
        }
        return split(chosen);
    }

    /** Nothing held out. */
    public Split all() {
        return new Split(pairs, List.of(), List.of());
    }

    private Split split(Set<String> testBooks) {
        List<Pair> train = new ArrayList<>();
        List<Pair> test = new ArrayList<>();
        for (Pair p : pairs) {
            (testBooks.contains(p.book()) ? test : train).add(p);
        }
        if (train.isEmpty()) {
            throw new IllegalArgumentException("holding out " + testBooks + " leaves no pairs to train on");
        }
        return new Split(train, test, List.copyOf(testBooks));
    }

    /** The pairs of the named books only (for evaluation), in file order. */
    public List<Pair> ofBooks(List<String> names) {
        return holdOutBooks(names).test();
    }

    /**
     * A random {@code fraction} of {@code pairs} (at least one, by {@code seed}) set aside, e.g. for validation:
     * returns [kept, set aside], each in the original order.
     */
    public static List<List<Pair>> sample(List<Pair> pairs, double fraction, long seed) {
        if (!(fraction >= 0 && fraction < 1)) {
            throw new IllegalArgumentException("TranslationPairs.validationFraction must be in [0, 1), got " + fraction);
        }
        int n = pairs.size();
        int aside = fraction == 0 ? 0 : Math.max(1, (int) Math.round(fraction * n));
        if (aside >= n) {
            return List.of(pairs, List.of());
        }
        SplittableRandom rng = new SplittableRandom(seed);
        boolean[] chosen = new boolean[n];
        for (int picked = 0; picked < aside; ) {
            int i = rng.nextInt(n);
            if (!chosen[i]) {
                chosen[i] = true;
                picked++;
            }
        }
        List<Pair> kept = new ArrayList<>();
        List<Pair> set = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            (chosen[i] ? set : kept).add(pairs.get(i));
        }
        return List.of(kept, set);
    }

    private static String shown(Set<String> books) {
        List<String> all = new ArrayList<>(books);
        List<String> list = all.size() <= BOOKS_SHOWN ? all : all.subList(0, BOOKS_SHOWN);
        return String.join(", ", list) + (all.size() > BOOKS_SHOWN ? " and " + (all.size() - BOOKS_SHOWN) + " more" : "");
    }

    @Override
    public String toString() {
        return "TranslationPairs(" + pairs.size() + " pairs, " + books().size() + " books" + (file == null ? ""
                : ", " + file) + ")";
    }
}
