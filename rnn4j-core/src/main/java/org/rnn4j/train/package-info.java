/**
 * Training: the {@link org.rnn4j.train.Trainer} loop (zero, forward, backward, clip, step), what it trains
 * ({@link org.rnn4j.train.Objective}), how it walks the data ({@link org.rnn4j.train.BatchPlan}: shuffled, bucketed
 * by length, generated, or windows of a stream for truncated BPTT), listeners, and checkpoints that resume a run
 * bit for bit.
 *
 * <p>Reproducibility rests on one rule: every random draw of a run comes from a generator derived from the seed and
 * a counter ({@link org.rnn4j.train.Seeds}) — the order of epoch e from (seed, e), the dropout of step s from
 * (seed, s) — so that the whole random state of a run is its seed and its position, which a checkpoint stores.
 */
package org.rnn4j.train;
