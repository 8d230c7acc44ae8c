package org.rnn4j.train;

import org.rnn4j.tensor.SequenceMask;
import org.rnn4j.tensor.Tensor;

/**
 * Sequences with one class label each.
 *
 * @param inputs (B, T, F)
 * @param mask   the valid steps, or null when all are
 * @param labels B class ids
 */
public record ClassificationBatch(Tensor inputs, SequenceMask mask, int[] labels) {
}
