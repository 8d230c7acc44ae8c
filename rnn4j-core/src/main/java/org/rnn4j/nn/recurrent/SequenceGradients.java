package org.rnn4j.nn.recurrent;

import java.util.List;
import org.rnn4j.tensor.Tensor;

/**
 * What a recurrent layer's backward pass returns; parameter gradients are added into the parameters.
 *
 * @param input        dLoss/dx, (B, T, F); zeros at padded steps; null when backward was asked not to compute it
 * @param initialStates dLoss/d(initial state), in the order of {@link RecurrentOutput#finalStates()}
 */
public record SequenceGradients(Tensor input, List<RecurrentState> initialStates) {
    public SequenceGradients {
        initialStates = List.copyOf(initialStates);
    }
}
