package org.rnn4j.text;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import java.util.random.RandomGenerator;
import org.rnn4j.data.DelimitedFile;
import org.rnn4j.io.FileFormatException;
import org.rnn4j.train.Seeds;

/**
 * Texts with a class label each, read from two columns of a CSV or TSV file ({@link DelimitedFile}): the data of
 * a text classifier. Labels are strings ({@code pos}, {@code 1}, {@code -1}, {@code sports}); a classifier maps
 * them to class ids in {@link #sortLabels sorted order}.
 *
 * <p>Every problem is reported with the file and, where there is one, the line: a missing column (listing the
 * columns there are), an empty label, no rows, a split value that no row has.
 */
public final class LabelledTexts {
    /** The {@link Seeds} stream of the shuffles of folds and hold-outs, apart from the training run's streams. */
    private static final long DATA_STREAM = 11;

    /**
     * One labelled text.
     *
     * @param line the file line its row starts on, or 0 when it does not come from a file
     */
    public record Example(String text, String label, long line) {
        public Example {
            Objects.requireNonNull(text, "text");
            Objects.requireNonNull(label, "label");
        }
    }

    /**
     * Which columns of a file hold what.
     *
     * @param text        the column of the texts
     * @param label       the column of the labels; null to read texts only ({@link #read} then gives every example
     *                    the label "")
     * @param names       the column names of a file without a header line, or null when its first line is the
     *                    header
     * @param splitColumn a column that says which part of the data a row belongs to (IMDB's {@code split}:
     *                    train or test), or null to read every row
     * @param split       with {@code splitColumn}: read only the rows with this value there
     */
    public record Columns(String text, String label, List<String> names, String splitColumn, String split) {
        public Columns {
            Objects.requireNonNull(text, "text column");
            names = names == null ? null : List.copyOf(names);
            if ((splitColumn == null) != (split == null)) {
                throw new IllegalArgumentException("a split column and a split value go together");
            }
        }

        public static Columns of(String text, String label) {
            return new Columns(text, label, null, null, null);
        }

        /** The column names of a file that has no header line. */
        public Columns withNames(List<String> names) {
            return new Columns(text, label, names, splitColumn, split);
        }

        /** Only the rows whose {@code column} holds {@code value}. */
        public Columns withSplit(String column, String value) {
            return new Columns(text, label, names, column, value);
        }
    }

    /** Examples divided into a training part and a held-out part. */
    public record Split(List<Example> training, List<Example> heldOut) {
    }

    private final Path file;
    private final List<Example> examples;

    private LabelledTexts(Path file, List<Example> examples) {
        this.file = file;
        this.examples = List.copyOf(examples);
    }

    /** Examples that come from no file. */
    public static LabelledTexts of(List<Example> examples) {
        return new LabelledTexts(null, examples);
    }

    /**
     * Reads the labelled texts of a CSV or TSV file (UTF-8, .gz allowed).
     *
     * @throws FileFormatException for a file that is empty, not UTF-8, malformed, without data rows, or with an
     *     empty label; the message names the file and the line
     * @throws IllegalArgumentException for a column the file does not have (listing those it has), or a split value
     *     no row has (listing those there are)
     */
    public static LabelledTexts read(Path file, Columns columns) {
        DelimitedFile table = columns.names() == null ? DelimitedFile.read(file) : DelimitedFile.read(file,
                columns.names());
        int text = column(table, columns.text(), columns);
        int label = columns.label() == null ? -1 : column(table, columns.label(), columns);
        int split = columns.splitColumn() == null ? -1 : column(table, columns.splitColumn(), columns);
        List<Example> examples = new ArrayList<>();
        TreeSet<String> splits = new TreeSet<>();
        for (DelimitedFile.Row row : table.rows()) {
            if (split >= 0) {
                splits.add(row.get(split));
                if (!row.get(split).equals(columns.split())) {
                    continue;
                }
            }
            String value = label < 0 ? "" : row.get(label).strip();
            if (label >= 0 && value.isEmpty()) {
                throw new FileFormatException(file, "line " + row.line() + ": the label (column '" + columns.label()
                        + "') is empty; every row needs a label: fill it in or remove the row");
            }
            examples.add(new Example(row.get(text), value, row.line()));
        }
        if (table.rows().isEmpty()) {
            throw new FileFormatException(file, "has no data rows" + (columns.names() == null
                    ? ", only the header line " + table.header() : "") + "; expected one text per row");
        }
        if (examples.isEmpty()) {
            throw new IllegalArgumentException(file + ": no row has '" + columns.split() + "' in column '"
                    + columns.splitColumn() + "'; its values are: " + String.join(", ", splits));
        }
        return new LabelledTexts(file, examples);
    }

    private static int column(DelimitedFile table, String name, Columns columns) {
        try {
            return table.column(name);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(e.getMessage() + (columns.names() == null
                    ? " (if the file has no header line, name its columns with --columns, e.g. --columns label,text)"
                    : ""), e);
        }
    }

    /** The file read, or null. */
    public Path file() {
        return file;
    }

    public List<Example> examples() {
        return examples;
    }

    public int size() {
        return examples.size();
    }

    public List<String> texts() {
        return examples.stream().map(Example::text).toList();
    }

    /** The distinct labels, {@link #sortLabels sorted}. */
    public List<String> labels() {
        return sortLabels(examples.stream().map(Example::label).toList());
    }

    /** How many examples have each label, in {@link #labels()} order. */
    public Map<String, Integer> labelCounts() {
        Map<String, Integer> counts = new LinkedHashMap<>();
        labels().forEach(l -> counts.put(l, 0));
        examples.forEach(e -> counts.merge(e.label(), 1, Integer::sum));
        return counts;
    }

    /**
     * Refuses data that cannot train a classifier: fewer than two distinct labels.
     *
     * @param column the label column's name, for the message
     */
    public LabelledTexts requireTwoClasses(String column) {
        List<String> labels = labels();
        if (labels.size() < 2) {
            throw new IllegalArgumentException((file == null ? "the data" : file.toString()) + ": column '" + column
                    + "' has only one label, '" + labels.get(0) + "', in all " + examples.size()
                    + " rows; a classifier needs at least two classes: check --label-column, or add examples of"
                    + " the other classes");
        }
        return this;
    }

    /**
     * Distinct labels in a fixed order: numerically when every label is a number ({@code -1 < 1}, {@code 2 < 10}),
     * else as strings. Class id i of a classifier is the i-th label.
     */
    public static List<String> sortLabels(Collection<String> labels) {
        TreeSet<String> distinct = new TreeSet<>(labels);
        boolean numeric = distinct.stream().allMatch(LabelledTexts::isNumber);
        List<String> sorted = new ArrayList<>(distinct);
        if (numeric) {
            sorted.sort(Comparator.comparingDouble(Double::parseDouble).thenComparing(Comparator.naturalOrder()));
        }
        return sorted;
    }

    private static boolean isNumber(String s) {
        try {
            return Double.isFinite(Double.parseDouble(s));
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /**
     * Stratified k-fold: each class's examples shuffled (seeded) and dealt round-robin into {@code k} folds, so that
     * every fold has the classes in about the data's proportions. Fold i is the test set of run i.
     */
    public List<List<Example>> stratifiedFolds(int k, long seed) {
        if (k < 2) {
            throw new IllegalArgumentException("TextClassifierTraining.folds must be at least 2, got " + k);
        }
        if (k > examples.size()) {
            throw new IllegalArgumentException("TextClassifierTraining.folds " + k + " is more than the " + examples.size() + " examples");
        }
        List<List<Example>> folds = new ArrayList<>();
        for (int i = 0; i < k; i++) {
            folds.add(new ArrayList<>());
        }
        int next = 0;
        for (List<Example> group : shuffledByClass(seed)) {
            for (Example e : group) {
                folds.get(next).add(e);
                next = (next + 1) % k;
            }
        }
        return folds.stream().map(List::copyOf).toList();
    }

    /**
     * A stratified hold-out: about {@code fraction} of each class's examples (at least one of each class with two
     * or more examples), chosen at random (seeded).
     */
    public Split stratifiedSplit(double fraction, long seed) {
        if (!(fraction > 0 && fraction < 1)) {
            throw new IllegalArgumentException("the held-out fraction must be between 0 and 1, got " + fraction);
        }
        List<Example> training = new ArrayList<>();
        List<Example> heldOut = new ArrayList<>();
        for (List<Example> group : shuffledByClass(seed)) {
            int held = group.size() < 2 ? 0 : Math.max(1, (int) Math.round(group.size() * fraction));
            heldOut.addAll(group.subList(0, held));
            training.addAll(group.subList(held, group.size()));
        }
        if (heldOut.isEmpty()) {
            throw new IllegalArgumentException("too few examples to hold out a validation set: give more data or"
                    + " a --validation file");
        }
        return new Split(shuffle(training, seed, 1), shuffle(heldOut, seed, 2));
    }

    private List<List<Example>> shuffledByClass(long seed) {
        Map<String, List<Example>> byLabel = new LinkedHashMap<>();
        labels().forEach(l -> byLabel.put(l, new ArrayList<>()));
        examples.forEach(e -> byLabel.get(e.label()).add(e));
        List<List<Example>> groups = new ArrayList<>();
        int i = 0;
        for (List<Example> group : byLabel.values()) {
            groups.add(shuffle(group, seed, 100 + i++));
        }
        return groups;
    }

    private static List<Example> shuffle(List<Example> list, long seed, long index) {
        List<Example> out = new ArrayList<>(list);
        RandomGenerator rng = Seeds.generator(seed, DATA_STREAM, index);
        for (int i = out.size() - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            Example t = out.get(i);
            out.set(i, out.get(j));
            out.set(j, t);
        }
        return out;
    }

    @Override
    public String toString() {
        return "LabelledTexts(" + (file == null ? "" : file + ", ") + examples.size() + " examples, labels "
                + labels() + ")";
    }
}
