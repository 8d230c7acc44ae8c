package org.rnn4j.nn.recurrent;

import java.util.List;
import org.rnn4j.tensor.Tensor;

/**
 * The state of an LSTM: two tensors, the hidden state h and the cell state c, each (B, H).
 * Not one "(B, 2, H)" tensor: the 2 is h and c, never a forward/backward pair.
 */
public record LstmState(Tensor h, Tensor c) implements RecurrentState {
    @Override
    public List<Tensor> tensors() {
        return List.of(h, c);
    }
}
