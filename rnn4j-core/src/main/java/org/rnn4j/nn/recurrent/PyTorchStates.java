package org.rnn4j.nn.recurrent;

import java.util.ArrayList;
import java.util.List;
import org.rnn4j.tensor.ShapeException;
import org.rnn4j.tensor.Tensor;

/**
 * Converts between rnn4j's list of states and PyTorch's stacked {@code h_n} / {@code c_n} tensors of shape
 * (L·D, B, H), ordered layer 0 forward, layer 0 backward, layer 1 forward, …
 */
public final class PyTorchStates {
    private PyTorchStates() {
    }

    /** Stacks the {@code part}-th tensor of every state (0 for h, 1 for c) into (L·D, B, H). */
    public static Tensor stack(List<RecurrentState> states, int part) {
        Tensor first = states.get(0).tensors().get(part);
        Tensor out = Tensor.zeros(states.size(), first.dim(0), first.dim(1));
        for (int i = 0; i < states.size(); i++) {
            out.row(i).copyFrom(states.get(i).tensors().get(part));
        }
        return out;
    }

    /**
     * Splits PyTorch's h0 (and c0 for an LSTM, else null) into rnn4j states.
     *
     * @param count L·D, the number of states the layer expects
     */
    public static List<RecurrentState> unstack(Tensor h, Tensor c, int count, int batch, int hidden) {
        checkShape(h, "h0", count, batch, hidden);
        if (c != null) {
            checkShape(c, "c0", count, batch, hidden);
        }
        List<RecurrentState> states = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            states.add(c == null ? new HiddenState(h.row(i).copy()) : new LstmState(h.row(i).copy(), c.row(i).copy()));
        }
        return states;
    }

    private static void checkShape(Tensor t, String name, int count, int batch, int hidden) {
        if (t.rank() != 3 || t.dim(0) != count || t.dim(1) != batch || t.dim(2) != hidden) {
            throw new ShapeException(name + ": expected shape (L*D, B, H) = (" + count + ", " + batch + ", " + hidden
                    + "), got " + t.shapeString());
        }
    }
}
