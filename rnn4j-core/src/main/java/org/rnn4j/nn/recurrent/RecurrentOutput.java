package org.rnn4j.nn.recurrent;

import java.util.ArrayList;
import java.util.List;
import org.rnn4j.tensor.Tensor;

/**
 * What every recurrent layer returns: the whole output sequence and the final states. No option changes this
 * type; {@link #keras} gives the list a Keras layer would return for its {@code return_sequences} and
 * {@code return_state} switches.
 *
 * @param sequence    (B, T, D·H): the output at every step, zeros at padded steps
 * @param finalStates one state per layer and direction, in PyTorch's order (layer 0 forward, layer 0 backward,
 *                    layer 1 forward, …); each row's state at its own last valid step
 */
public record RecurrentOutput(Tensor sequence, List<RecurrentState> finalStates) {

    public RecurrentOutput {
        finalStates = List.copyOf(finalStates);
    }

    /** The only final state, for a one-layer, one-direction layer. */
    public RecurrentState finalState() {
        if (finalStates.size() != 1) {
            throw new IllegalStateException("this output has " + finalStates.size()
                    + " final states (one per layer and direction); use finalStates()");
        }
        return finalStates.get(0);
    }

    /**
     * The outputs of the equivalent Keras layer: with {@code returnSequences} the sequence (B, T, D·H), else the
     * last output (B, D·H); with {@code returnState} followed by the last layer's state tensors: h (and c for an
     * LSTM) per direction, each (B, H). So {@code SimpleRNN(return_sequences=True)} is one tensor, and
     * {@code LSTM(return_sequences=True, return_state=True)} is three: sequence, h, c.
     *
     * <p>The "last output" of a padded row is its output at its own last valid step (Keras's behaviour with a
     * mask); for the backward direction of a bidirectional layer it is its state after reading the whole row.
     */
    public List<Tensor> keras(boolean returnSequences, boolean returnState, int directions) {
        List<Tensor> out = new ArrayList<>();
        out.add(returnSequences ? sequence : lastOutput(directions));
        if (returnState) {
            for (RecurrentState s : finalStates.subList(finalStates.size() - directions, finalStates.size())) {
                out.addAll(s.tensors());
            }
        }
        return out;
    }

    /** (B, D·H): each direction's final h, concatenated, which is the output a Keras layer returns by default. */
    public Tensor lastOutput(int directions) {
        List<RecurrentState> last = finalStates.subList(finalStates.size() - directions, finalStates.size());
        int batch = last.get(0).batch();
        int hidden = last.get(0).h().dim(1);
        Tensor out = Tensor.zeros(batch, directions * hidden);                      // (B, D·H)
        for (int d = 0; d < directions; d++) {
            Tensor h = last.get(d).h();                                             // (B, H)
            for (int b = 0; b < batch; b++) {
                out.write(b * directions * hidden + d * hidden, h, b * hidden, hidden); // out[b, d·H …] = h[b]
            }
        }
        return out;
    }
}
