package org.rnn4j.nn.recurrent;

import java.util.ArrayList;
import java.util.List;
import org.rnn4j.tensor.ShapeException;
import org.rnn4j.tensor.Tensor;

/**
 * Converts between rnn4j's list of states and PyTorch's stacked {@code h_n} / {@code c_n} tensors of shape
 * (L·D, B, H), ordered layer 0 forward, layer 0 backward, layer 1 forward, … (an LSTM with projection has h_n
 * (L·D, B, P) and c_n (L·D, B, H)).
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
        return unstack(h, c, count, batch, hidden, hidden);
    }

    /**
     * As {@link #unstack(Tensor, Tensor, int, int, int)} for states whose h and c differ in width: h0
     * (L·D, B, hWidth), c0 (L·D, B, cWidth), as an LSTM with projection has them (P and H).
     */
    public static List<RecurrentState> unstack(Tensor h, Tensor c, int count, int batch, int hWidth, int cWidth) {
        checkShape(h, "h0", count, batch, hWidth);
        if (c != null) {
            checkShape(c, "c0", count, batch, cWidth);
        }
        List<RecurrentState> states = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            states.add(c == null ? new HiddenState(h.row(i).copy()) : new LstmState(h.row(i).copy(), c.row(i).copy()));
        }
        return states;
    }

    private static void checkShape(Tensor t, String name, int count, int batch, int hidden) {
        if (t.rank() != 3 || t.dim(0) != count || t.dim(1) != batch || t.dim(2) != hidden) {
            throw new ShapeException(name + ": expected shape (L*D, B, " + (name.startsWith("h") ? "H or P" : "H")
                    + ") = (" + count + ", " + batch + ", " + hidden
                    + "), got " + t.shapeString());
        }
    }
}
