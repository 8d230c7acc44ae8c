package org.rnn4j.train;

/**
 * A validation, as listeners see it.
 *
 * @param step     steps taken when it ran
 * @param epoch    0-based; a validation at the end of an epoch belongs to that epoch
 * @param score    loss (and accuracy) on the validation data
 * @param improved whether it is the best so far
 * @param seconds  time since this run started
 */
public record ValidationReport(long step, int epoch, Score score, boolean improved, double seconds) {
}
