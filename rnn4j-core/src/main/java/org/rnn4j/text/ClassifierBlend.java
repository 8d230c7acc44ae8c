package org.rnn4j.text;

import java.util.List;
import java.util.stream.IntStream;
import org.rnn4j.train.Score;

/**
 * How a {@link TextClassifier}'s network and its {@link NgramClassifier} are blended,
 * P = λ·P(network) + (1 − λ)·P(n-grams), and the validation scores that chose λ.
 *
 * <p>λ runs from 0 (the n-gram model alone) to 1 (the network alone) in steps of 0.05; the one with the lowest
 * validation loss (the mean cross-entropy, smoother than the accuracy on a few thousand texts) is kept, so the blend
 * is never worse on validation than either model alone.
 *
 * @param networkWeight λ
 * @param network       the network alone on the validation texts
 * @param ngrams        the n-gram model alone
 * @param blended       the blend with λ
 */
public record ClassifierBlend(double networkWeight, Score network, Score ngrams, Score blended) {
    private static final double[] NETWORK_WEIGHTS = IntStream.rangeClosed(0, 20).mapToDouble(i -> i / 20.0).toArray();

    /**
     * Chooses λ on {@code held} and blends the trained {@code ngrams} into {@code model} with it.
     *
     * @param batch texts per batch of the network's predictions
     */
    public static ClassifierBlend choose(TextClassifier model, NgramClassifier ngrams,
                                         List<LabelledTexts.Example> held, int batch) {
        float[][] net = model.networkProbabilities(held.stream().map(LabelledTexts.Example::text).toList(), batch,
                done -> { });
        float[][] ngram = held.stream().map(e -> ngrams.probabilities(model.ngramBuckets(e.text())))
                .toArray(float[][]::new);
        int[] truth = held.stream().mapToInt(e -> model.classId(e.label())).toArray();
        Score[] scores = new Score[NETWORK_WEIGHTS.length];
        int best = 0; // the first of equal losses: the smaller λ
        for (int i = 0; i < NETWORK_WEIGHTS.length; i++) {
            scores[i] = score(truth, NETWORK_WEIGHTS[i], net, ngram);
            if (scores[i].loss() < scores[best].loss()) {
                best = i;
            }
        }
        model.blend(ngrams, NETWORK_WEIGHTS[best]);
        return new ClassifierBlend(NETWORK_WEIGHTS[best], scores[NETWORK_WEIGHTS.length - 1], scores[0], scores[best]);
    }

    /** The cross-entropy and accuracy of λ·net + (1 − λ)·ngram against the true class ids. */
    private static Score score(int[] truth, double lambda, float[][] net, float[][] ngram) {
        double lossSum = 0;
        long correct = 0;
        for (int i = 0; i < truth.length; i++) {
            int predicted = 0;
            double predictedP = -1;
            for (int k = 0; k < net[i].length; k++) {
                double p = lambda * net[i][k] + (1 - lambda) * ngram[i][k];
                if (p > predictedP) {
                    predicted = k;
                    predictedP = p;
                }
                if (k == truth[i]) {
                    lossSum -= Math.log(Math.max(p, Float.MIN_NORMAL));
                }
            }
            correct += predicted == truth[i] ? 1 : 0;
        }
        return new Score(lossSum, truth.length, correct);
    }
}
