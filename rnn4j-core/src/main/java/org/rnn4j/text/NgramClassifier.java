package org.rnn4j.text;

import de.bwaldvogel.liblinear.Feature;
import de.bwaldvogel.liblinear.FeatureNode;
import de.bwaldvogel.liblinear.Linear;
import de.bwaldvogel.liblinear.Model;
import de.bwaldvogel.liblinear.Problem;
import de.bwaldvogel.liblinear.SolverType;
import java.util.List;
import org.rnn4j.nn.Parameter;
import org.rnn4j.tensor.Tensor;

/**
 * A bag-of-n-grams classifier: NB-LR, the logistic-regression form of Wang &amp; Manning's NBSVM (2012; Mesnil et
 * al. 2014), which on IMDB reviews scores within a point of recurrent networks and errs on other texts than they
 * do, so that the two blended ({@link TextClassifier}) beat either.
 *
 * <p>For each class k against the rest (one row for two classes: class 1 against class 0), with x the binary
 * n-gram features of a text ({@link HashedNgrams}):
 * <pre>
 *   p = α + Σ x over texts of class k,   q = α + Σ x over the other texts          (α = 1)
 *   r = log( (p / ‖p‖₁) / (q / ‖q‖₁) )                                            (naive Bayes log-count ratios)
 *   s_k(x) = w · (r ∘ x) + b,   w, b by L2-regularised logistic regression (liblinear, cost C)
 * </pre>
 * The model keeps {@code v = w ∘ r} per row, so a text's score is the sum of v over its buckets plus b. Two
 * classes: P(1) = σ(s); more: P(k) = σ(s_k) / Σ_j σ(s_j), as liblinear's one-vs-rest logistic regression does.
 *
 * <p>Its weights are the model file's tensors {@code ngram.weight} (rows × buckets) and {@code ngram.bias} (rows).
 */
public final class NgramClassifier {
    /**
     * The default cost C. Chosen on 2,500 IMDB training reviews held out (NB-LR on the other 22,500, word 1–2-grams
     * in 2²⁰ buckets): accuracy 0.9244 at C = 0.3 against 0.9220 at 1 and 0.9232 at 0.1.
     */
    public static final double DEFAULT_COST = 0.3;
    /** The smoothing α of the counts. */
    private static final double ALPHA = 1;
    /** liblinear's stopping tolerance for L2-regularised logistic regression (its default). */
    private static final double TOLERANCE = 0.01;

    static {
        Linear.disableDebugOutput(); // liblinear prints each Newton iteration otherwise
    }

    private final HashedNgrams features;
    private final int classes;
    private final Parameter weight;
    private final Parameter bias;

    /** An untrained (all-zero) classifier, for {@link TextClassifier#load} to read weights into. */
    public NgramClassifier(HashedNgrams features, int classes) {
        if (classes < 2) {
            throw new IllegalArgumentException("an n-gram classifier needs at least two classes, got " + classes);
        }
        this.features = features;
        this.classes = classes;
        int rows = rows(classes);
        this.weight = new Parameter("ngram.weight", Tensor.zeros(rows, features.buckets()), null);
        this.bias = new Parameter("ngram.bias", Tensor.zeros(rows), null);
    }

    private static int rows(int classes) {
        return classes == 2 ? 1 : classes;
    }

    /**
     * Fits NB-LR to texts given as their n-gram buckets ({@link HashedNgrams#of}).
     *
     * @param texts  each text's distinct buckets, ascending
     * @param labels each text's class id, in [0, classes)
     * @param cost   liblinear's C: the weight of the data term against ½‖w‖²
     */
    public static NgramClassifier train(HashedNgrams features, List<int[]> texts, int[] labels, int classes,
                                        double cost) {
        if (texts.size() != labels.length || texts.isEmpty()) {
            throw new IllegalArgumentException("an n-gram classifier needs texts and one label each, got "
                    + texts.size() + " texts and " + labels.length + " labels");
        }
        if (!(cost > 0) || Double.isInfinite(cost)) {
            throw new IllegalArgumentException("the n-gram classifier's cost C must be positive, got " + cost);
        }
        NgramClassifier model = new NgramClassifier(features, classes);
        for (int row = 0; row < rows(classes); row++) {
            int positiveClass = classes == 2 ? 1 : row;
            boolean[] positive = new boolean[labels.length];
            for (int i = 0; i < labels.length; i++) {
                positive[i] = labels[i] == positiveClass;
            }
            model.fitRow(row, texts, positive, cost);
        }
        return model;
    }

    /** One row: the log-count ratios, then logistic regression on the ratio-scaled features. */
    private void fitRow(int row, List<int[]> texts, boolean[] positive, double cost) {
        int buckets = features.buckets();
        int positives = 0;
        for (boolean p : positive) {
            positives += p ? 1 : 0;
        }
        if (positives == 0 || positives == positive.length) { // a class absent from (or alone in) the training texts
            bias.value().set(row, positives == 0 ? -10f : 10f);
            return;
        }
        double[] p = new double[buckets];
        double[] q = new double[buckets];
        java.util.Arrays.fill(p, ALPHA);
        java.util.Arrays.fill(q, ALPHA);
        double pSum = ALPHA * buckets;
        double qSum = ALPHA * buckets;
        for (int i = 0; i < texts.size(); i++) {
            double[] counts = positive[i] ? p : q;
            for (int b : texts.get(i)) {
                counts[b]++;
            }
            if (positive[i]) {
                pSum += texts.get(i).length;
            } else {
                qSum += texts.get(i).length;
            }
        }
        double[] r = new double[buckets];
        for (int b = 0; b < buckets; b++) {
            r[b] = Math.log(p[b] / pSum) - Math.log(q[b] / qSum);
        }
        Problem problem = new Problem();
        problem.l = texts.size();
        problem.n = buckets + 1; // the last feature is the bias, 1 in every text
        problem.bias = 1;
        problem.x = new Feature[texts.size()][];
        problem.y = new double[texts.size()];
        for (int i = 0; i < texts.size(); i++) {
            int[] text = texts.get(i);
            Feature[] x = new Feature[text.length + 1];
            for (int f = 0; f < text.length; f++) {
                x[f] = new FeatureNode(text[f] + 1, r[text[f]]); // liblinear counts features from 1
            }
            x[text.length] = new FeatureNode(buckets + 1, 1);
            problem.x[i] = x;
            problem.y[i] = positive[i] ? 1 : -1;
        }
        Model fitted = Linear.train(problem, new de.bwaldvogel.liblinear.Parameter(SolverType.L2R_LR, cost,
                TOLERANCE));
        double[] w = fitted.getFeatureWeights(); // for the first label liblinear met
        double sign = fitted.getLabels()[0] == 1 ? 1 : -1;
        Tensor v = weight.value();
        for (int b = 0; b < buckets; b++) {
            v.set(row * buckets + b, (float) (sign * w[b] * r[b]));
        }
        bias.value().set(row, (float) (sign * w[buckets]));
    }

    /** The class probabilities of a text given as its buckets. */
    public float[] probabilities(int[] buckets) {
        int rows = rows(classes);
        double[] sigmoid = new double[rows];
        Tensor v = weight.value();
        for (int row = 0; row < rows; row++) {
            double s = bias.value().get(row);
            int offset = row * features.buckets();
            for (int b : buckets) {
                s += v.get(offset + b);
            }
            sigmoid[row] = 1 / (1 + Math.exp(-s));
        }
        float[] out = new float[classes];
        if (classes == 2) {
            out[1] = (float) sigmoid[0];
            out[0] = 1 - out[1];
            return out;
        }
        double sum = 0;
        for (double s : sigmoid) {
            sum += s;
        }
        for (int k = 0; k < classes; k++) {
            out[k] = (float) (sigmoid[k] / sum);
        }
        return out;
    }

    public HashedNgrams features() {
        return features;
    }

    /** The number of classes it tells apart. */
    public int classes() {
        return classes;
    }

    /** The weights as the model file stores them (without gradients: they are not trained by backpropagation). */
    public List<Parameter> parameters() {
        return List.of(weight, bias);
    }
}
