package org.rnn4j.nn.recurrent;

import java.util.List;
import org.rnn4j.tensor.Tensor;

/** The state of a simple RNN or a GRU: one tensor h, (B, H). */
public record HiddenState(Tensor h) implements RecurrentState {
    @Override
    public List<Tensor> tensors() {
        return List.of(h);
    }
}
