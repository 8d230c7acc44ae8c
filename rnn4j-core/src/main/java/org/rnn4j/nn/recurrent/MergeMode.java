package org.rnn4j.nn.recurrent;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;
import org.rnn4j.tensor.Tensor;

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

    /** Keras's spelling, used in model files: concat, sum, mul, ave. */
    @JsonValue
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static MergeMode fromId(String id) {
        for (MergeMode m : values()) {
            if (m.id().equals(id)) {
                return m;
            }
        }
        throw new IllegalArgumentException("unknown merge mode '" + id + "': expected concat, sum, mul or ave");
    }

    /**
     * The two directions merged row by row: {@code fwd} and {@code bwd} of the same shape (…, H) give (…, H) or,
     * for CONCAT, (…, 2H) with [fwd; bwd] in each row.
     */
    public Tensor merge(Tensor fwd, Tensor bwd) {
        int hidden = fwd.dim(-1);
        int rows = fwd.size() / hidden;
        int[] shape = fwd.shape();
        shape[shape.length - 1] = outputSize(hidden);
        Tensor out = Tensor.zeros(shape);
        if (this == CONCAT) {
            for (int r = 0; r < rows; r++) {
                out.write(r * 2 * hidden, fwd, r * hidden, hidden);            // [h→
                out.write(r * 2 * hidden + hidden, bwd, r * hidden, hidden);   //  ; h←]
            }
            return out;
        }
        float[] a = fwd.toArray();
        float[] b = bwd.toArray();
        float[] y = new float[a.length];
        for (int k = 0; k < y.length; k++) {
            y[k] = switch (this) {
                case SUM -> a[k] + b[k];
                case MUL -> a[k] * b[k];
                case AVE -> 0.5f * (a[k] + b[k]);
                case CONCAT -> throw new AssertionError();
            };
        }
        out.write(0, y, 0, y.length);
        return out;
    }
}
