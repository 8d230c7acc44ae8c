package org.rnn4j.tasks;

/**
 * How an experiment ended.
 *
 * @param steps        training steps taken
 * @param seconds      training time
 * @param testLoss     MSE (adding) or cross-entropy in nats per step (copy) on the test set
 * @param testAccuracy for the copy task: the fraction of the 10 answer symbols recalled; NaN for adding
 * @param baseline     the loss of the memoryless answer
 */
public record ExperimentResult(int steps, double seconds, double testLoss, double testAccuracy, double baseline) {
}
