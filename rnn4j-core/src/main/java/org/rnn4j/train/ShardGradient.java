package org.rnn4j.train;

import java.io.Serializable;
import java.util.LinkedHashMap;

/**
 * What one shard of a batch gives back ({@link GradientShards#compute}): its gradient and loss, already weighted by
 * its share of the batch's rows, and the state its rows carry to the next window (truncated BPTT; empty otherwise).
 * Plain arrays, so that it travels between machines as it is.
 *
 * @param gradients one array per parameter, in the objective's order, each the parameter's size
 * @param loss      the shard's mean loss times its weight; the shards' losses add up to the batch's mean loss
 * @param carried   the carried state of the shard's rows by name (row-major, rows × width), as the objective's
 *                  {@link Objective#carriedState()} names it
 */
public record ShardGradient(float[][] gradients, double loss, LinkedHashMap<String, float[]> carried)
        implements Serializable {
    private static final long serialVersionUID = 1L;

    public ShardGradient {
        carried = new LinkedHashMap<>(carried);
    }
}
