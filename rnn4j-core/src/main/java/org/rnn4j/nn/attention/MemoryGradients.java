package org.rnn4j.nn.attention;

import org.rnn4j.tensor.Tensor;

/**
 * dLoss/d(keys) and dLoss/d(values) of an {@link AttentionMemory}, summed over every trace made from it; zeros at
 * padded positions.
 *
 * @param keys   (B, Tk, Hk)
 * @param values (B, Tk, Hv)
 */
public record MemoryGradients(Tensor keys, Tensor values) {

    /**
     * dKeys + dValues, a new tensor: the gradient of the encoder outputs when they served as both keys and values
     * ({@link Attention#memory(Tensor, org.rnn4j.nn.recurrent.SequenceMask)}), as in both papers.
     */
    public Tensor keysPlusValues() {
        if (!keys.sameShape(values)) {
            throw new IllegalStateException("keys " + keys.shapeString() + " and values " + values.shapeString()
                    + " differ in shape, so they were not the same tensor");
        }
        Tensor sum = keys.copy();
        for (int i = 0, n = sum.size(); i < n; i++) {
            sum.set(i, sum.get(i) + values.get(i));
        }
        return sum;
    }
}
