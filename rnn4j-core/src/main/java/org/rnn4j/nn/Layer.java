package org.rnn4j.nn;

import java.util.List;
import org.rnn4j.tensor.Tensor;

/**
 * A layer without time: it maps each row of its input independently. Backward takes the forward input
 * explicitly (nothing is cached in the layer), so a layer can serve several threads.
 */
public interface Layer {

    /** y = f(x); x has the layer's input width as its last dimension. */
    Tensor forward(Tensor x);

    /** Adds parameter gradients and returns dLoss/dx, given the forward input and dLoss/dy. */
    Tensor backward(Tensor x, Tensor dOutput);

    List<Parameter> parameters();
}
