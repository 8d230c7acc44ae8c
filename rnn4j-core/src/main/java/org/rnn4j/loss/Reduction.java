package org.rnn4j.loss;

/** How per-step or per-element losses become one number. */
public enum Reduction {
    /** The (weighted) mean over the valid steps or elements; 0 when nothing is valid. PyTorch's default. */
    MEAN,
    /** The (weighted) sum over the valid steps or elements. */
    SUM
}
