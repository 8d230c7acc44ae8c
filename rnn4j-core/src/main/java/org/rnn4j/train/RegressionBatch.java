package org.rnn4j.train;

import org.rnn4j.tensor.SequenceMask;
import org.rnn4j.tensor.Tensor;

/**
 * Sequences with a target vector each.
 *
 * @param inputs  (B, T, F)
 * @param mask    the valid steps, or null when all are
 * @param targets (B, out)
 */
public record RegressionBatch(Tensor inputs, SequenceMask mask, Tensor targets) {
}
