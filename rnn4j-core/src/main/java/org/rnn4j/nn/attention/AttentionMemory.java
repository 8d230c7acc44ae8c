package org.rnn4j.nn.attention;

import org.rnn4j.tensor.SequenceMask;
import org.rnn4j.tensor.Tensor;

/**
 * The encoder side of an attention, prepared once per source batch by {@link Attention#memory}: the keys
 * (B, Tk, Hk), the values (B, Tk, Hv), the mask of valid key positions and the keys already projected by the
 * score's key weights (B, Tk, S), so that a decoder running step by step projects the keys once, not at every
 * step.
 *
 * <p>Every {@link Attention#backward(AttentionTrace, Tensor, Tensor)} of a trace made from this memory adds
 * its gradient with respect to the projected keys and the values here; {@link Attention#backwardMemory} then
 * turns the sums into dKeys and dValues with one product each. A memory therefore belongs to one thread's
 * forward and backward, like a trace.
 */
public final class AttentionMemory {
    private final Attention owner;
    private final Tensor keys;           // (B, Tk, Hk)
    private final Tensor values;         // (B, Tk, Hv)
    private final SequenceMask mask;     // (B, Tk), or null when every position is valid
    private final Tensor projectedKeys;  // (B, Tk, S); the keys themselves for Luong's dot score
    private Tensor dProjectedKeys;       // (B, Tk, S), allocated by the first backward
    private Tensor dValues;              // (B, Tk, Hv), allocated by the first backward
    private float[] projectedKeyArray;   // a copy of projectedKeys for the additive score's loops, made once
    private float[] dProjectedKeyArray;  // the additive score's sums of dProjectedKeys, added in at the end

    AttentionMemory(Attention owner, Tensor keys, Tensor values, SequenceMask mask, Tensor projectedKeys) {
        this.owner = owner;
        this.keys = keys;
        this.values = values;
        this.mask = mask;
        this.projectedKeys = projectedKeys;
    }

    /** (B, Tk, Hk), as given. */
    public Tensor keys() {
        return keys;
    }

    /** (B, Tk, Hv), as given; the same tensor as {@link #keys()} when the encoder outputs serve as both. */
    public Tensor values() {
        return values;
    }

    /** Which key positions are valid, or null when all are. */
    public SequenceMask mask() {
        return mask;
    }

    public int batch() {
        return keys.dim(0);
    }

    /** Tk, the number of key positions. */
    public int keySteps() {
        return keys.dim(1);
    }

    /** Hv, the size of a context vector. */
    public int valueSize() {
        return values.dim(2);
    }

    boolean isValid(int row, int step) {
        return mask == null || mask.isValid(row, step);
    }

    Attention owner() {
        return owner;
    }

    Tensor projectedKeys() {
        return projectedKeys;
    }

    Tensor dProjectedKeys() {
        if (dProjectedKeys == null) {
            dProjectedKeys = Tensor.zeros(projectedKeys.shape());
        }
        return dProjectedKeys;
    }

    /** The projected keys as an array, copied once for all steps of an additive score. */
    float[] projectedKeyArray() {
        if (projectedKeyArray == null) {
            projectedKeyArray = projectedKeys.toArray();
        }
        return projectedKeyArray;
    }

    /** Where the additive score sums its dProjectedKeys over the steps, as an array. */
    float[] dProjectedKeyArray() {
        if (dProjectedKeyArray == null) {
            dProjectedKeyArray = new float[projectedKeys.size()];
        }
        return dProjectedKeyArray;
    }

    Tensor dValues() {
        if (dValues == null) {
            dValues = Tensor.zeros(values.shape());
        }
        return dValues;
    }

    /** Hands over the summed gradients (zeros when no backward ran) and starts new sums. */
    Tensor[] takeGradients() {
        Tensor dProjected = dProjectedKeys();
        if (dProjectedKeyArray != null) {
            for (int i = 0; i < dProjectedKeyArray.length; i++) {
                dProjected.set(i, dProjected.get(i) + dProjectedKeyArray[i]);
            }
        }
        Tensor[] out = {dProjected, dValues()};
        dProjectedKeys = null;
        dProjectedKeyArray = null;
        dValues = null;
        return out;
    }
}
