package org.rnn4j.nn.attention;

import org.rnn4j.tensor.Tensor;

/**
 * What {@link Attention#attend} computed, and what its backward needs. Nothing of a call is kept in the attention
 * itself, so one attention can serve several threads.
 *
 * <p>The shapes follow the queries: one decoder step (B, Hq) gives a context (B, Hv) and weights (B, Tk); a block
 * of queries (B, Tq, Hq) gives (B, Tq, Hv) and (B, Tq, Tk).
 */
public final class AttentionTrace {
    private final Tensor queries;         // as given: (B, Hq) or (B, Tq, Hq)
    private final AttentionMemory memory;
    private final Tensor context;         // (B, Tq, Hv)
    private final Tensor weights;         // (B, Tq, Tk)
    private final Tensor projectedQueries; // (B, Tq, S) for an additive score, else null

    AttentionTrace(Tensor queries, AttentionMemory memory, Tensor context, Tensor weights, Tensor projectedQueries) {
        this.queries = queries;
        this.memory = memory;
        this.context = context;
        this.weights = weights;
        this.projectedQueries = projectedQueries;
    }

    private boolean oneStep() {
        return queries.rank() == 2;
    }

    /** The context vectors c = Σ_j a_j v_j: (B, Hv) for one step, (B, Tq, Hv) for a block; zero for a row without valid keys. */
    public Tensor context() {
        return oneStep() ? context.reshape(context.dim(0), context.dim(2)) : context;
    }

    /**
     * The attention weights: (B, Tk) for one step, (B, Tq, Tk) for a block. Each row sums to 1 over the valid key
     * positions; padded positions have weight 0, and a row without any valid position is all zeros.
     */
    public Tensor weights() {
        return oneStep() ? weights.reshape(weights.dim(0), weights.dim(2)) : weights;
    }

    /** The queries, as given. */
    public Tensor queries() {
        return queries;
    }

    public AttentionMemory memory() {
        return memory;
    }

    Tensor queryBlock() {
        return oneStep() ? queries.reshape(queries.dim(0), 1, queries.dim(1)) : queries;
    }

    Tensor contextBlock() {
        return context;
    }

    Tensor weightBlock() {
        return weights;
    }

    Tensor projectedQueries() {
        return projectedQueries;
    }
}
