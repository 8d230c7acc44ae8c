package org.rnn4j.nn.recurrent;

import java.util.ArrayList;
import java.util.List;
import org.rnn4j.nn.Parameter;
import org.rnn4j.tensor.FastMath;
import org.rnn4j.tensor.Parallel;
import org.rnn4j.tensor.ShapeException;
import org.rnn4j.tensor.Shapes;
import org.rnn4j.tensor.Tensor;
import org.rnn4j.tensor.Workspace;

/**
 * The one time loop: runs a {@link RecurrentCell} over a sequence in one direction, forward and backward.
 *
 * <p>It owns what is the same for every cell: step order (a reverse layer reads the sequence from the end),
 * masks (a padded step keeps the state and outputs zeros, so the final state is each row's state at its own
 * last valid step, and a reverse layer starts at each row's own last valid step, as PyTorch's packed sequences
 * do), initial states, and the storage of everything backward needs.
 *
 * <p>Inside, everything is kept in processing order {@code s} (step s reads time {@code t = s}, or
 * {@code T-1-s} when reversed), time-major, so that each step is one contiguous (B, ·) block and the
 * all-steps products of {@link RecurrentCell} see matching rows.
 */
public final class Recurrent implements SequenceLayer {
    private final RecurrentCell cell;
    private final boolean reverse;

    public Recurrent(RecurrentCell cell, boolean reverse) {
        this.cell = cell;
        this.reverse = reverse;
    }

    public RecurrentCell cell() {
        return cell;
    }

    public boolean isReverse() {
        return reverse;
    }

    @Override
    public int inputSize() {
        return cell.inputSize();
    }

    @Override
    public int outputSize() {
        return cell.hiddenSize();
    }

    @Override
    public int hiddenSize() {
        return cell.hiddenSize();
    }

    @Override
    public int stateCount() {
        return 1;
    }

    @Override
    public CellType cellType() {
        return cell.type();
    }

    @Override
    public List<Parameter> parameters() {
        return cell.parameters();
    }

    /** Everything one call computed, in processing order. */
    static final class LoopTrace implements Trace {
        final int batch;
        final int steps;
        final SequenceMask mask;        // null: no padding
        final Tensor xs;                // (T·B, F) input, processing order
        final Tensor gates;             // (T·B, G·H) activated gates
        final Tensor cache;             // (T·B, cacheWidth)
        final Tensor[] states;          // per state tensor: (T+1, B, H); states[k].row(s) is before step s
        final RecurrentOutput output;
        private boolean released;

        LoopTrace(int batch, int steps, SequenceMask mask, Tensor xs, Tensor gates, Tensor cache, Tensor[] states,
                  RecurrentOutput output) {
            this.batch = batch;
            this.steps = steps;
            this.mask = mask;
            this.xs = xs;
            this.gates = gates;
            this.cache = cache;
            this.states = states;
            this.output = output;
        }

        @Override
        public RecurrentOutput output() {
            return output;
        }

        @Override
        public void release() {
            if (!released) {
                released = true;
                Workspace.give(xs, gates, cache);
                Workspace.give(states);
            }
        }

        void checkNotReleased() {
            if (released) {
                throw new IllegalStateException("this trace was released (by backward or release()):"
                        + " run forward again before another backward");
            }
        }
    }

    private int timeOf(int s, int steps) {
        return reverse ? steps - 1 - s : s;
    }

    @Override
    public Trace forward(Tensor x, SequenceMask mask, List<RecurrentState> initial) {
        String where = "Recurrent(" + cell + (reverse ? ", reverse" : "") + ") input";
        Shapes.check(x, where, "(B, T, " + cell.inputSize() + ")", -1, -1, cell.inputSize());
        int batch = x.dim(0);
        int steps = x.dim(1);
        int features = cell.inputSize();
        int hidden = cell.hiddenSize();
        int width = cell.gateWidth();
        if (mask != null) {
            mask.checkFits(batch, steps, where);
        }
        int stateTensors = cell.type().stateTensors();

        Tensor xs = Workspace.take(steps * batch, features); // (T·B, F), processing order
        for (int s = 0; s < steps; s++) {
            int t = timeOf(s, steps);
            for (int b = 0; b < batch; b++) {
                xs.buffer().put((s * batch + b) * features, x.buffer(), (b * steps + t) * features, features);
            }
        }
        Tensor gates = Workspace.take(steps * batch, width);
        cell.projectInputs(xs, gates); // one GEMM for all steps
        Tensor cache = Workspace.take(steps * batch, cell.cacheWidth());
        Tensor[] states = new Tensor[stateTensors];
        for (int k = 0; k < stateTensors; k++) {
            states[k] = Workspace.take(steps + 1, batch, hidden);
        }
        copyInitialState(initial, states, batch, where);

        Tensor sequence = Tensor.zeros(batch, steps, hidden);
        // Rows of the batch never interact, so parts of it run the whole time loop on separate cores.
        int parts = Parallel.partsForBatch(batch, hidden);
        Parallel.runRows(parts, batch, (part, from, to) -> forwardRows(from, to, batch, steps, mask, gates, cache,
                states, sequence));
        List<Tensor> last = new ArrayList<>();
        for (int k = 0; k < stateTensors; k++) {
            last.add(states[k].row(steps).copy());
        }
        RecurrentOutput output = new RecurrentOutput(sequence, List.of(RecurrentState.of(last)));
        return new LoopTrace(batch, steps, mask, xs, gates, cache, states, output);
    }

    /** The time loop over rows [from, to) of the batch: gates, cache, states and the output sequence. */
    private void forwardRows(int from, int to, int batch, int steps, SequenceMask mask, Tensor gates, Tensor cache,
                             Tensor[] states, Tensor sequence) {
        int hidden = cell.hiddenSize();
        int stateTensors = states.length;
        Tensor scratch = Workspace.take(to - from, cell.gateWidth());
        Tensor[] prev = new Tensor[stateTensors];
        Tensor[] next = new Tensor[stateTensors];
        for (int s = 0; s < steps; s++) {
            int t = timeOf(s, steps);
            for (int k = 0; k < stateTensors; k++) {
                prev[k] = states[k].row(s).slice(from, to);
                next[k] = states[k].row(s + 1).slice(from, to);
            }
            cell.forwardStep(gates.slice(s * batch + from, s * batch + to), prev, next,
                    cache.slice(s * batch + from, s * batch + to), scratch);
            boolean full = mask == null || mask.isFullStep(t);
            for (int b = from; b < to; b++) {
                int r = b - from;
                if (full || mask.isValid(b, t)) {
                    sequence.buffer().put((b * steps + t) * hidden, next[0].buffer(), r * hidden, hidden);
                } else {
                    for (int k = 0; k < stateTensors; k++) { // a padded step keeps the state
                        next[k].buffer().put(r * hidden, prev[k].buffer(), r * hidden, hidden);
                    }
                }
            }
        }
        Workspace.give(scratch);
    }

    private void copyInitialState(List<RecurrentState> initial, Tensor[] states, int batch, String where) {
        if (initial == null) {
            return;
        }
        if (initial.size() != 1) {
            throw new IllegalArgumentException(where + ": expected 1 initial state, got " + initial.size());
        }
        List<Tensor> parts = initial.get(0).tensors();
        if (parts.size() != states.length) {
            throw new IllegalArgumentException(where + ": a " + cell.type().id() + " state has " + states.length
                    + " tensor(s), got " + parts.size());
        }
        for (int k = 0; k < states.length; k++) {
            Shapes.check(parts.get(k), where.replace(" input", " initial state"),
                    "(" + batch + ", " + cell.hiddenSize() + ")", batch, cell.hiddenSize());
            states[k].row(0).copyFrom(parts.get(k));
        }
    }

    @Override
    public SequenceGradients backward(Trace anyTrace, Tensor dSequence, List<RecurrentState> dFinal,
                                      boolean inputGradient) {
        return backward(anyTrace, dSequence, dFinal, null, inputGradient);
    }

    /**
     * Backward that also shows, at every step, the full gradient dLoss/dh_t (from the output at t and from all
     * later steps): the quantity whose norm vanishes or explodes through time.
     *
     * @param observer called once per step, from the last step to the first, or null
     */
    public SequenceGradients backward(Trace anyTrace, Tensor dSequence, List<RecurrentState> dFinal,
                                      HiddenGradientObserver observer, boolean inputGradient) {
        LoopTrace trace = (LoopTrace) anyTrace;
        trace.checkNotReleased();
        int batch = trace.batch;
        int steps = trace.steps;
        int hidden = cell.hiddenSize();
        int width = cell.gateWidth();
        int stateTensors = trace.states.length;
        if (dSequence != null && !dSequence.sameShape(trace.output.sequence())) {
            throw new ShapeException("Recurrent backward: gradient of the sequence must have shape "
                    + trace.output.sequence().shapeString() + ", got " + dSequence.shapeString());
        }

        Tensor dXProj = Workspace.take(steps * batch, width);
        Tensor dHProj = cell.hasSeparateHiddenGradient() ? Workspace.take(steps * batch, width) : dXProj;
        Tensor[] dInitial = new Tensor[stateTensors]; // dLoss/d(initial state), (B, H) each
        for (int k = 0; k < stateTensors; k++) {
            dInitial[k] = Tensor.zeros(batch, hidden);
        }
        // As forward: parts of the batch run the time loop on separate cores (one part when observing, since the
        // observer sees the whole batch's gradient at each step).
        int parts = observer != null ? 1 : Parallel.partsForBatch(batch, hidden);
        cell.beginBackward();
        try {
            Parallel.runRows(parts, batch, (part, from, to) -> backwardRows(from, to, trace, dSequence, dFinal,
                    observer, dXProj, dHProj, dInitial));
        } finally {
            cell.endBackward();
        }

        // The parameter gradients and dx for all steps at once.
        Tensor hPrev = trace.states[0].slice(0, steps).reshape(steps * batch, hidden);
        cell.accumulateParameterGradients(trace.xs, dXProj, hPrev, dHProj);
        Tensor dx = inputGradient ? inputGradient(dXProj, steps, batch) : null;
        Workspace.give(dXProj);
        if (dHProj != dXProj) {
            Workspace.give(dHProj);
        }
        trace.release(); // backward consumed the trace: its buffers serve the next call
        return new SequenceGradients(dx, List.of(RecurrentState.of(List.of(dInitial))));
    }

    /** dLoss/dx (B, T, F) from the gradient of every step's input projection, (T·B, G·H) in loop order. */
    private Tensor inputGradient(Tensor dXProj, int steps, int batch) {
        int features = cell.inputSize();
        Tensor dxs = Workspace.take(steps * batch, features);
        cell.inputGradient(dXProj, dxs);
        Tensor dx = Tensor.zeros(batch, steps, features);
        for (int s = 0; s < steps; s++) {
            int t = timeOf(s, steps);
            for (int b = 0; b < batch; b++) {
                dx.buffer().put((b * steps + t) * features, dxs.buffer(), (s * batch + b) * features, features);
            }
        }
        Workspace.give(dxs);
        return dx;
    }

    /**
     * The backward time loop over rows [from, to) of the batch: fills those rows of dXProj (and dHProj) at every
     * step and writes those rows of the gradient reaching the initial state into {@code dInitial}.
     */
    private void backwardRows(int from, int to, LoopTrace trace, Tensor dSequence, List<RecurrentState> dFinal,
                              HiddenGradientObserver observer, Tensor dXProj, Tensor dHProj, Tensor[] dInitial) {
        int rows = to - from;
        int batch = trace.batch;
        int steps = trace.steps;
        int hidden = cell.hiddenSize();
        int stateTensors = trace.states.length;
        SequenceMask mask = trace.mask;
        Tensor[] dState = new Tensor[stateTensors];  // dLoss/d(state after the current step)
        Tensor[] dPrev = new Tensor[stateTensors];   // dLoss/d(state before it)
        Tensor[] stash = new Tensor[stateTensors];   // padded rows' gradients, which pass straight through
        for (int k = 0; k < stateTensors; k++) {
            dState[k] = Workspace.take(rows, hidden);
            dPrev[k] = Workspace.take(rows, hidden);
            stash[k] = Workspace.take(rows, hidden);
        }
        if (dFinal != null) {
            List<Tensor> parts = dFinal.get(0).tensors();
            for (int k = 0; k < stateTensors; k++) {
                dState[k].copyFrom(parts.get(k).slice(from, to));
            }
        }
        Tensor[] prev = new Tensor[stateTensors];
        Tensor[] next = new Tensor[stateTensors];
        for (int s = steps - 1; s >= 0; s--) {
            int t = timeOf(s, steps);
            boolean full = mask == null || mask.isFullStep(t);
            if (dSequence != null) { // dh += dLoss/d(output at t), through arrays (bulk copies, vectorised add)
                float[] acc = FastMath.scratch(6, rows * hidden);
                float[] add = FastMath.scratch(7, hidden);
                dState[0].buffer().get(0, acc, 0, rows * hidden);
                for (int b = from; b < to; b++) {
                    if (full || mask.isValid(b, t)) {
                        dSequence.buffer().get((b * steps + t) * hidden, add, 0, hidden);
                        for (int j = 0, r = (b - from) * hidden; j < hidden; j++) {
                            acc[r + j] += add[j];
                        }
                    }
                }
                dState[0].buffer().put(0, acc, 0, rows * hidden);
            }
            if (observer != null) {
                observer.onStep(t, dState[0]);
            }
            if (!full) { // padded rows skip the cell: their gradient goes to the previous state unchanged
                for (int b = from; b < to; b++) {
                    if (!mask.isValid(b, t)) {
                        for (int k = 0; k < stateTensors; k++) {
                            stash[k].buffer().put((b - from) * hidden, dState[k].buffer(), (b - from) * hidden,
                                    hidden);
                            dState[k].row(b - from).zero();
                        }
                    }
                }
            }
            for (int k = 0; k < stateTensors; k++) {
                prev[k] = trace.states[k].row(s).slice(from, to);
                next[k] = trace.states[k].row(s + 1).slice(from, to);
            }
            int row0 = s * batch;
            cell.backwardStep(trace.gates.slice(row0 + from, row0 + to), trace.cache.slice(row0 + from, row0 + to),
                    prev, next, dState, dXProj.slice(row0 + from, row0 + to), dHProj.slice(row0 + from, row0 + to),
                    dPrev);
            if (!full) {
                for (int b = from; b < to; b++) {
                    if (!mask.isValid(b, t)) {
                        for (int k = 0; k < stateTensors; k++) {
                            dPrev[k].buffer().put((b - from) * hidden, stash[k].buffer(), (b - from) * hidden,
                                    hidden);
                        }
                    }
                }
            }
            Tensor[] swap = dState;
            dState = dPrev;
            dPrev = swap;
        }
        for (int k = 0; k < stateTensors; k++) {
            dInitial[k].slice(from, to).copyFrom(dState[k]);
        }
        Workspace.give(dState);
        Workspace.give(dPrev);
        Workspace.give(stash);
    }
}
