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
        double best = 1;
        Score bestScore = null;
        for (double lambda : NETWORK_WEIGHTS) {
            Score score = score(model, held, lambda, net, ngram);
            if (bestScore == null || score.loss() < bestScore.loss()) {
                bestScore = score;
                best = lambda;
            }
        }
        model.blend(ngrams, best);
        return new ClassifierBlend(best, score(model, held, 1, net, ngram), score(model, held, 0, net, ngram),
                bestScore);
    }

    /** The cross-entropy and accuracy on {@code held} of λ·net + (1 − λ)·ngram. */
    private static Score score(TextClassifier model, List<LabelledTexts.Example> held, double lambda, float[][] net,
                               float[][] ngram) {
        double lossSum = 0;
        long correct = 0;
        for (int i = 0; i < held.size(); i++) {
            int truth = model.classId(held.get(i).label());
            int predicted = 0;
            double predictedP = -1;
            for (int k = 0; k < net[i].length; k++) {
                double p = lambda * net[i][k] + (1 - lambda) * ngram[i][k];
                if (p > predictedP) {
                    predicted = k;
                    predictedP = p;
                }
                if (k == truth) {
                    lossSum -= Math.log(Math.max(p, Float.MIN_NORMAL));
                }
            }
            correct += predicted == truth ? 1 : 0;
        }
        return new Score(lossSum, held.size(), correct);
    }
}
