package org.rnn4j.nn.recurrent;

import java.util.List;
import org.rnn4j.tensor.Tensor;

/**
 * The state a recurrent cell carries from one step to the next: h, and for an LSTM also c; each (B, H). An attention
 * decoder's state is the attentional hidden state h̃ and its inner cell's state.
 */
public sealed interface RecurrentState permits HiddenState, LstmState, AttentionalState {

    /** The hidden state h, (B, H): what the layer outputs at each step. */
    Tensor h();

    /** All state tensors in a fixed order: [h] or [h, c]. */
    List<Tensor> tensors();

    default int batch() {
        return h().dim(0);
    }

    /** Zeroes the state of the given rows, e.g. when a stream in a stateful batch starts a new document. */
    default void resetRows(int... rows) {
        for (Tensor t : tensors()) {
            for (int row : rows) {
                t.row(row).zero();
            }
        }
    }

    /** Builds the state of a cell with {@code count} state tensors from its parts. */
    static RecurrentState of(List<Tensor> parts) {
        return switch (parts.size()) {
            case 1 -> new HiddenState(parts.get(0));
            case 2 -> new LstmState(parts.get(0), parts.get(1));
            default -> throw new IllegalArgumentException("a recurrent state has 1 or 2 tensors, got " + parts.size());
        };
    }

    /** A deep copy, so that a caller may keep it while the layer goes on. */
    default RecurrentState copy() {
        return of(tensors().stream().map(Tensor::copy).toList());
    }
}
