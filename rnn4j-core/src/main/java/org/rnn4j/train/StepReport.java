package org.rnn4j.train;

/**
 * One optimiser step, as listeners see it.
 *
 * @param step            steps taken, this one included (1-based)
 * @param epoch           0-based
 * @param batchInEpoch    this batch's index in its epoch, 0-based
 * @param batchesPerEpoch batches in an epoch
 * @param loss            the batch's mean loss
 * @param gradientNorm    the global gradient norm before clipping
 * @param learningRate    the rate this step used
 * @param seconds         time since this run started
 */
public record StepReport(long step, int epoch, int batchInEpoch, int batchesPerEpoch, double loss,
                         double gradientNorm, double learningRate, double seconds) {
}
