package org.rnn4j.metrics;

import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * How well predicted classes match the true ones: the confusion matrix and what follows from it, with
 * scikit-learn's definitions so that numbers can be compared with Python results.
 *
 * <pre>
 * confusion[t][p] = #examples of true class t predicted as p          (sklearn's confusion_matrix layout)
 * accuracy        = Σ_c confusion[c][c] / N
 * precision_c     = TP / (TP + FP),  recall_c = TP / (TP + FN),  F1_c = 2·TP / (2·TP + FP + FN)
 *                   each 0 where its denominator is 0                 (sklearn's zero_division=0)
 * macro-F1        = mean of F1_c over the classes that occur in the truth or the predictions
 * </pre>
 * Macro-F1 leaves out a class that is neither true nor predicted anywhere, as
 * {@code sklearn.metrics.f1_score(y_true, y_pred, average='macro', zero_division=0)} does (it averages over
 * {@code unique_labels(y_true, y_pred)}), so that a test set lacking a rare class is not marked down for it.
 */
public final class ClassificationMetrics {
    private final int classes;
    private final long[][] confusion;
    private final long count;

    private ClassificationMetrics(int classes, long[][] confusion, long count) {
        this.classes = classes;
        this.confusion = confusion;
        this.count = count;
    }

    /**
     * @param truth     the true class of each example, in [0, classes)
     * @param predicted the predicted class of each example, as many as {@code truth}
     * @param classes   the number of classes, at least 1
     */
    public static ClassificationMetrics of(int[] truth, int[] predicted, int classes) {
        Objects.requireNonNull(truth, "truth");
        Objects.requireNonNull(predicted, "predicted");
        if (classes < 1) {
            throw new IllegalArgumentException("classification metrics need at least 1 class, got " + classes);
        }
        if (truth.length != predicted.length) {
            throw new IllegalArgumentException("classification metrics need one prediction per example, got "
                    + truth.length + " true classes and " + predicted.length + " predictions");
        }
        if (truth.length == 0) {
            throw new IllegalArgumentException("classification metrics of no examples are undefined");
        }
        long[][] confusion = new long[classes][classes];
        for (int i = 0; i < truth.length; i++) {
            check(truth[i], "truth", i, classes);
            check(predicted[i], "predicted", i, classes);
            confusion[truth[i]][predicted[i]]++;
        }
        return new ClassificationMetrics(classes, confusion, truth.length);
    }

    private static void check(int label, String what, int i, int classes) {
        if (label < 0 || label >= classes) {
            throw new IllegalArgumentException(what + "[" + i + "] = " + label + " is outside the classes [0, "
                    + classes + ")");
        }
    }

    public int classes() {
        return classes;
    }

    /** N, the number of examples. */
    public long count() {
        return count;
    }

    /** The fraction of examples predicted right. */
    public double accuracy() {
        long right = 0;
        for (int c = 0; c < classes; c++) {
            right += confusion[c][c];
        }
        return (double) right / count;
    }

    private long truePositives(int c) {
        return confusion[checkClass(c)][c];
    }

    /** Predicted as c. */
    private long predictedAs(int c) {
        long sum = 0;
        for (long[] row : confusion) {
            sum += row[c];
        }
        return sum;
    }

    /** The examples whose true class is c. */
    public long support(int c) {
        long sum = 0;
        for (long x : confusion[checkClass(c)]) {
            sum += x;
        }
        return sum;
    }

    /** Of the examples predicted as c, the fraction that are c; 0 when none is predicted as c. */
    public double precision(int c) {
        long tp = truePositives(c);
        long predicted = predictedAs(c);
        return predicted == 0 ? 0 : (double) tp / predicted;
    }

    /** Of the examples of class c, the fraction predicted as c; 0 when there are none. */
    public double recall(int c) {
        long tp = truePositives(c);
        long actual = support(c);
        return actual == 0 ? 0 : (double) tp / actual;
    }

    /** The harmonic mean of precision and recall, 2·TP / (2·TP + FP + FN); 0 when the class is nowhere. */
    public double f1(int c) {
        long tp = truePositives(c);
        long denominator = predictedAs(c) + support(c); // (TP + FP) + (TP + FN)
        return denominator == 0 ? 0 : 2.0 * tp / denominator;
    }

    /** The mean F1 over the classes that occur in the truth or the predictions (see the class comment). */
    public double macroF1() {
        double sum = 0;
        int present = 0;
        for (int c = 0; c < classes; c++) {
            if (support(c) + predictedAs(c) > 0) {
                sum += f1(c);
                present++;
            }
        }
        return sum / present; // present ≥ 1: there is at least one example
    }

    /** A copy of the confusion matrix: [true class][predicted class]. */
    public long[][] confusionMatrix() {
        long[][] copy = new long[classes][];
        for (int c = 0; c < classes; c++) {
            copy[c] = confusion[c].clone();
        }
        return copy;
    }

    /**
     * The confusion matrix as a plain-text table, true classes down, predicted across, columns right-aligned:
     * <pre>
     * true \ predicted  negative  positive
     * negative                50         3
     * positive                 4        43
     * </pre>
     *
     * @param names one name per class
     */
    public String confusionTable(List<String> names) {
        Objects.requireNonNull(names, "names");
        if (names.size() != classes) {
            throw new IllegalArgumentException("the confusion table needs one name per class: " + classes
                    + " classes, got " + names.size() + " names");
        }
        String corner = "true \\ predicted";
        int first = corner.length();
        for (String name : names) {
            first = Math.max(first, name.length());
        }
        int[] widths = new int[classes];
        for (int p = 0; p < classes; p++) {
            widths[p] = names.get(p).length();
            for (int t = 0; t < classes; t++) {
                widths[p] = Math.max(widths[p], Long.toString(confusion[t][p]).length());
            }
        }
        StringBuilder table = new StringBuilder(pad(corner, first, false));
        for (int p = 0; p < classes; p++) {
            table.append("  ").append(pad(names.get(p), widths[p], true));
        }
        table.append('\n');
        for (int t = 0; t < classes; t++) {
            table.append(pad(names.get(t), first, false));
            for (int p = 0; p < classes; p++) {
                table.append("  ").append(pad(Long.toString(confusion[t][p]), widths[p], true));
            }
            table.append('\n');
        }
        return table.toString();
    }

    /** The confusion table with the class ids as names. */
    public String confusionTable() {
        return confusionTable(java.util.stream.IntStream.range(0, classes).mapToObj(Integer::toString).toList());
    }

    private static String pad(String s, int width, boolean right) {
        String space = " ".repeat(Math.max(0, width - s.length()));
        return right ? space + s : s + space;
    }

    private int checkClass(int c) {
        if (c < 0 || c >= classes) {
            throw new IndexOutOfBoundsException("class " + c + " is outside [0, " + classes + ")");
        }
        return c;
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "ClassificationMetrics(%d examples, %d classes, accuracy %.4f, macro-F1 %.4f)",
                count, classes, accuracy(), macroF1());
    }
}
