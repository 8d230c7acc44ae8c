package org.rnn4j.interop.keras;

import org.rnn4j.tensor.Shapes;

/**
 * A weight a Keras layer must have, in the order Keras creates (and saves) them.
 *
 * @param subObject the saveable inside the layer that owns it, in a .keras file: {@code cell} for a recurrent
 *                  layer, {@code forward_layer/cell} in a Bidirectional, {@code layer} in a TimeDistributed, or
 *                  empty for the layer itself
 * @param role      Keras's variable name: kernel, recurrent_kernel, bias, embeddings
 * @param shape     Keras's shape, e.g. (F, 4H) for an LSTM kernel
 */
record WeightSpec(String subObject, String role, int... shape) {

    String describe() {
        return role + " " + Shapes.format(shape);
    }
}
