package org.rnn4j.nn.recurrent;

/** How a {@link Bidirectional} layer combines its two directions' outputs, as Keras's {@code merge_mode}. */
public enum MergeMode {
    /** [forward, backward] along the feature axis: (B, T, 2H). PyTorch's only mode. */
    CONCAT,
    /** forward + backward: (B, T, H). */
    SUM,
    /** forward ⊙ backward: (B, T, H). */
    MUL,
    /** (forward + backward) / 2: (B, T, H). */
    AVE;

    public int outputSize(int hidden) {
        return this == CONCAT ? 2 * hidden : hidden;
    }
}
