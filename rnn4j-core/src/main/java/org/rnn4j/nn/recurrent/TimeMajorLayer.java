package org.rnn4j.nn.recurrent;

import java.util.List;
import java.util.random.RandomGenerator;
import org.rnn4j.tensor.SequenceMask;
import org.rnn4j.tensor.ShapeException;
import org.rnn4j.tensor.Shapes;
import org.rnn4j.tensor.Tensor;
import org.rnn4j.tensor.Workspace;

/**
 * A sequence layer that computes time-major, (T, B, ·): each step is then one contiguous (B, ·) block, which is
 * what the time loop reads and writes. The batch-major (B, T, ·) API of {@link SequenceLayer} converts at its
 * boundary, once: a stack or a bidirectional layer passes time-major sequences between its parts, so an L-layer
 * stack transposes its input and its output once, not at every layer.
 */
abstract class TimeMajorLayer implements SequenceLayer {

    /** "Recurrent(LstmCell(input 8, hidden 16)) input": what a message about this layer's input names. */
    abstract String inputName();

    /**
     * Forward over a time-major input.
     *
     * @param xs         (T, B, F); the trace may keep it for backward, so the caller must not change it
     * @param dropoutRng the randomness of training (dropout between layers), or null for inference
     * @param training   whether a backward may follow; false lets a backend run its inference kernels and keep
     *                   nothing for backward
     * @return a trace whose {@code output().sequence()} is time-major, (T, B, outputSize)
     */
    abstract Trace forwardTimeMajor(Tensor xs, SequenceMask mask, List<RecurrentState> initial,
                                    RandomGenerator dropoutRng, boolean training);

    /**
     * Backward of {@link #forwardTimeMajor}: {@code dSequence} (T, B, outputSize) or null; the returned input
     * gradient is time-major too, (T, B, F).
     */
    abstract SequenceGradients backwardTimeMajor(Trace trace, Tensor dSequence, List<RecurrentState> dFinal,
                                                 HiddenGradientObserver observer, boolean inputGradient);

    @Override
    public Trace forward(Tensor x, SequenceMask mask, List<RecurrentState> initial) {
        return forwardBatchMajor(x, mask, initial, null, true);
    }

    /** Inference: the forward of {@link #forward} without what backward would need. */
    @Override
    public RecurrentOutput infer(Tensor x, SequenceMask mask, List<RecurrentState> initial) {
        Trace trace = forwardBatchMajor(x, mask, initial, null, false);
        trace.release();
        return trace.output();
    }

    /** The batch-major forward: one transpose of x in, one of the output sequence out. */
    final Trace forwardBatchMajor(Tensor x, SequenceMask mask, List<RecurrentState> initial,
                                  RandomGenerator dropoutRng, boolean training) {
        String where = inputName();
        Shapes.check(x, where, "(B, T, " + inputSize() + ")", -1, -1, inputSize());
        if (mask != null) {
            mask.checkFits(x.dim(0), x.dim(1), where);
        }
        Tensor xs = swapBatchAndTime(x, Workspace.take(x.dim(1), x.dim(0), x.dim(2)));       // (T, B, F)
        Trace inner = forwardTimeMajor(xs, mask, initial, dropoutRng, training);
        Tensor sequence = inner.output().sequence();                                          // (T, B, out)
        Tensor output = swapBatchAndTime(sequence, Tensor.zeros(sequence.dim(1), sequence.dim(0), sequence.dim(2)));
        return new BatchMajorTrace(this, inner, xs, new RecurrentOutput(output, inner.output().finalStates()));
    }

    @Override
    public final SequenceGradients backward(Trace anyTrace, Tensor dSequence, List<RecurrentState> dFinal,
                                            HiddenGradientObserver observer, boolean inputGradient) {
        if (!(anyTrace instanceof BatchMajorTrace trace) || trace.layer != this) {
            throw new IllegalArgumentException(this + ": backward needs a trace of this layer's forward, got "
                    + anyTrace);
        }
        Tensor output = trace.output().sequence();
        if (dSequence != null && !dSequence.sameShape(output)) {
            throw new ShapeException(this + " backward: gradient of the sequence must have shape "
                    + output.shapeString() + ", got " + dSequence.shapeString());
        }
        Tensor dSequenceTimeMajor = dSequence == null ? null
                : swapBatchAndTime(dSequence, Workspace.take(output.dim(1), output.dim(0), output.dim(2)));
        SequenceGradients g = backwardTimeMajor(trace.inner, dSequenceTimeMajor, dFinal, observer, inputGradient);
        if (dSequenceTimeMajor != null) {
            Workspace.give(dSequenceTimeMajor);
        }
        trace.release();
        Tensor dxs = g.input();                                                               // (T, B, F)
        Tensor dx = dxs == null ? null : swapBatchAndTime(dxs, Tensor.zeros(dxs.dim(1), dxs.dim(0), dxs.dim(2)));
        return new SequenceGradients(dx, g.initialStates());
    }

    /** A batch-major call's trace: the time-major one inside, and the transposed input it owns. */
    private static final class BatchMajorTrace implements Trace {
        private final TimeMajorLayer layer;
        private final Trace inner;
        private final RecurrentOutput output;  // batch-major
        private Tensor xs;                     // (T, B, F), given back on release

        BatchMajorTrace(TimeMajorLayer layer, Trace inner, Tensor xs, RecurrentOutput output) {
            this.layer = layer;
            this.inner = inner;
            this.xs = xs;
            this.output = output;
        }

        @Override
        public RecurrentOutput output() {
            return output;
        }

        @Override
        public void release() {
            inner.release();
            if (xs != null) {
                Workspace.give(xs);
                xs = null;
            }
        }
    }

    /** out[j, i] = x[i, j] for x (I, J, X) and out (J, I, X): the batch↔time transpose, one block copy per row. */
    static Tensor swapBatchAndTime(Tensor x, Tensor out) {
        int first = x.dim(0);
        int second = x.dim(1);
        int width = x.dim(2);
        for (int i = 0; i < first; i++) {
            for (int j = 0; j < second; j++) {
                out.write((j * first + i) * width, x, (i * second + j) * width, width);
            }
        }
        return out;
    }
}
