package org.rnn4j.nn.recurrent;

import java.util.ArrayList;
import java.util.List;
import org.rnn4j.tensor.Tensor;

/**
 * The state of an attention decoder (Luong et al. 2015): the attentional hidden state h̃ = tanh(W_c [c; s]), which
 * the decoder outputs and, with input feeding, reads at the next step; and the state s (and c) of the recurrent cell
 * inside it. Each tensor (B, H).
 *
 * @param h     h̃, (B, H)
 * @param inner the inner cell's state: s, or (s, c) for an LSTM
 * @param <S>   the inner cell's state type
 */
public record AttentionalState<S extends RecurrentState>(Tensor h, S inner) implements RecurrentState {
    /** [h̃, s] or [h̃, s, c]. */
    @Override
    public List<Tensor> tensors() {
        List<Tensor> all = new ArrayList<>();
        all.add(h);
        all.addAll(inner.tensors());
        return all;
    }

    @Override
    public RecurrentState copy() {
        return new AttentionalState<>(h.copy(), inner.copy());
    }
}
