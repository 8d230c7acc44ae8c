package org.rnn4j.nn.recurrent;

import java.util.List;
import org.rnn4j.nn.Parameter;
import org.rnn4j.tensor.SequenceMask;
import org.rnn4j.tensor.Tensor;

/**
 * A layer that reads a (B, T, F) sequence and returns a (B, T, outputSize) sequence and final states:
 * {@link Recurrent} (one direction), {@link Bidirectional}, {@link RecurrentLayer} (a stack).
 *
 * <p>Forward returns a {@link Trace} holding everything backward needs, so one layer can serve several threads
 * for inference: nothing of a call is kept in the layer.
 */
public interface SequenceLayer {

    int inputSize();

    int outputSize();

    /** How many {@link RecurrentState}s the layer takes and returns: layers × directions. */
    int stateCount();

    CellType cellType();

    int hiddenSize();

    /**
     * The width of the {@code k}-th tensor of each state (0 for h, 1 for an LSTM's c): H, except the h of an LSTM
     * with projection, which is P wide.
     */
    default int stateWidth(int k) {
        return hiddenSize();
    }

    List<Parameter> parameters();

    /**
     * Runs the layer.
     *
     * @param x       (B, T, F)
     * @param mask    which steps are real, or null when all are
     * @param initial stateCount() initial states, or null for zeros
     */
    Trace forward(Tensor x, SequenceMask mask, List<RecurrentState> initial);

    /**
     * Backpropagation through time. Adds into the parameters' gradients.
     *
     * @param dSequence dLoss/d(output sequence), (B, T, outputSize), or null when the loss does not read it
     * @param dFinal    dLoss/d(final states), or null when the loss does not read them
     */
    default SequenceGradients backward(Trace trace, Tensor dSequence, List<RecurrentState> dFinal) {
        return backward(trace, dSequence, dFinal, true);
    }

    /**
     * Backpropagation through time, with or without dLoss/dx.
     *
     * @param inputGradient false when nothing reads dLoss/dx (the layer's input is data, as in a first layer fed
     *                      with features): the all-steps product {@code dx = dgates W_ih} is skipped and
     *                      {@link SequenceGradients#input()} is null. PyTorch skips it the same way for an input
     *                      that does not require grad.
     */
    default SequenceGradients backward(Trace trace, Tensor dSequence, List<RecurrentState> dFinal,
                                       boolean inputGradient) {
        return backward(trace, dSequence, dFinal, null, inputGradient);
    }

    /**
     * Backpropagation through time that also shows dLoss/dh_t at every step (see {@link HiddenGradientObserver}).
     *
     * @param observer called once per step, from the last step to the first, or null; a layer that cannot show one
     *                 hidden gradient per step (a bidirectional one has two) rejects a non-null observer
     */
    SequenceGradients backward(Trace trace, Tensor dSequence, List<RecurrentState> dFinal,
                               HiddenGradientObserver observer, boolean inputGradient);

    /**
     * Inference: runs forward and frees its working buffers at once, keeping only the output.
     */
    default RecurrentOutput infer(Tensor x, SequenceMask mask, List<RecurrentState> initial) {
        Trace trace = forward(x, mask, initial);
        trace.release();
        return trace.output();
    }

    /**
     * What forward computed, and what backward needs. Backward consumes it: its working buffers are recycled
     * for the next call, so a trace serves one backward only.
     */
    interface Trace {
        /** The output; it stays valid after {@link #release()}. */
        RecurrentOutput output();

        /** Says the trace will not be backpropagated, so that its working buffers can be reused. */
        void release();
    }

    /** Zero states for a batch: one per layer and direction. */
    default List<RecurrentState> zeroStates(int batch) {
        return java.util.stream.IntStream.range(0, stateCount())
                .mapToObj(i -> RecurrentState.of(cellType().stateTensors() == 2
                        ? List.of(Tensor.zeros(batch, stateWidth(0)), Tensor.zeros(batch, stateWidth(1)))
                        : List.of(Tensor.zeros(batch, stateWidth(0)))))
                .toList();
    }
}
