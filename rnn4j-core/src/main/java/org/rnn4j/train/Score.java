package org.rnn4j.train;

/**
 * A loss summed over examples (or predicted steps), with, for classifiers, the number predicted correctly; scores of
 * batches add up to the score of a data set.
 *
 * @param lossSum the sum of the per-example losses
 * @param count   examples (or steps) scored
 * @param correct examples predicted correctly, or −1 when accuracy does not apply (regression)
 */
public record Score(double lossSum, long count, long correct) {
    public static final Score EMPTY = new Score(0, 0, -1);

    /** A regression score: no accuracy. */
    public static Score ofLoss(double meanLoss, long count) {
        return new Score(meanLoss * count, count, -1);
    }

    /** A classification score. */
    public static Score ofClassification(double meanLoss, long count, long correct) {
        return new Score(meanLoss * count, count, correct);
    }

    /** The mean loss; NaN when nothing was scored. */
    public double loss() {
        return count == 0 ? Double.NaN : lossSum / count;
    }

    /** The fraction predicted correctly; NaN without classification or without examples. */
    public double accuracy() {
        return correct < 0 || count == 0 ? Double.NaN : (double) correct / count;
    }

    public boolean hasAccuracy() {
        return correct >= 0;
    }

    public Score plus(Score other) {
        long c = count == 0 ? other.correct : other.count == 0 ? correct
                : correct < 0 || other.correct < 0 ? -1 : correct + other.correct;
        return new Score(lossSum + other.lossSum, count + other.count, c);
    }
}
