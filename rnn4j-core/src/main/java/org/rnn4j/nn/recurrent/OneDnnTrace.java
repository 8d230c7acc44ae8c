package org.rnn4j.nn.recurrent;

import java.util.List;
import org.rnn4j.tensor.DnnlRecurrent;
import org.rnn4j.tensor.Tensor;

/**
 * What a call on oneDNN keeps for its backward: the kernel's workspace, the tensors it read and wrote, and the
 * initial state as given (for the Java loop, which recomputes the call when backward must show every step).
 *
 * @param initial the initial state's tensors, or null for zeros
 */
record OneDnnTrace(DnnlRecurrent.Trace kernelTrace, DnnlRecurrent.Sequence source,
                   DnnlRecurrent.Sequence destination, List<Tensor> initial, RecurrentOutput output)
        implements SequenceLayer.Trace {

    /** The time-major input (T, B, F). */
    Tensor input() {
        return source.layer();
    }

    /** The initial state in the form {@code forward} takes it. */
    List<RecurrentState> initialState(RecurrentCell<?> cell) {
        return initial == null ? null : List.of(cell.state(initial));
    }

    @Override
    public void release() {
        kernelTrace.close();
    }
}
