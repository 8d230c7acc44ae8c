package org.rnn4j.nn;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * How {@link SequencePooling} turns a sequence of outputs (B, T, W) into one vector per row (B, W), reading the
 * valid steps only.
 */
public enum Pooling {
    /** Each direction's output at its own last step: the forward half at the last valid step, the backward half
     *  (of a bidirectional layer) at the first valid step; that is, each direction's final h. */
    LAST,
    /** The mean over the valid steps. */
    MEAN,
    /** The largest value of each feature over the valid steps. */
    MAX,
    /** A learned weighted mean: {@code α = softmax_t(vᵀ tanh(W h_t + b))} over the valid steps,
     *  {@code Σ_t α_t h_t} (Yang et al. 2016, "Hierarchical Attention Networks", word level). */
    ATTENTION;

    /** {@code last}, {@code mean}, {@code max}, {@code attention}: the name on the command line and in files. */
    @JsonValue
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The pooling named by {@link #id()}. */
    @JsonCreator
    public static Pooling fromId(String id) {
        for (Pooling p : values()) {
            if (p.id().equals(id)) {
                return p;
            }
        }
        throw new IllegalArgumentException("Pooling.id must be one of "
                + Arrays.stream(values()).map(Pooling::id).collect(Collectors.joining(", ")) + "; got '" + id + "'");
    }
}
