package org.rnn4j.nn.recurrent;

import java.util.ArrayList;
import java.util.List;
import org.rnn4j.nn.Parameter;
import org.rnn4j.tensor.FastMath;
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

        Tensor scratch = Workspace.take(batch, width);
        Tensor[] prev = new Tensor[stateTensors];
        Tensor[] next = new Tensor[stateTensors];
        Tensor sequence = Tensor.zeros(batch, steps, hidden);
        for (int s = 0; s < steps; s++) {
            int t = timeOf(s, steps);
            for (int k = 0; k < stateTensors; k++) {
                prev[k] = states[k].row(s);
                next[k] = states[k].row(s + 1);
            }
            cell.forwardStep(gates.slice(s * batch, (s + 1) * batch), prev, next,
                    cache.slice(s * batch, (s + 1) * batch), scratch);
            boolean full = mask == null || mask.isFullStep(t);
            for (int b = 0; b < batch; b++) {
                if (full || mask.isValid(b, t)) {
                    sequence.buffer().put((b * steps + t) * hidden, next[0].buffer(), b * hidden, hidden);
                } else {
                    for (int k = 0; k < stateTensors; k++) { // a padded step keeps the state
                        next[k].buffer().put(b * hidden, prev[k].buffer(), b * hidden, hidden);
                    }
                }
            }
        }
        List<Tensor> last = new ArrayList<>();
        for (int k = 0; k < stateTensors; k++) {
            last.add(states[k].row(steps).copy());
        }
        Workspace.give(scratch);
        RecurrentOutput output = new RecurrentOutput(sequence, List.of(RecurrentState.of(last)));
        return new LoopTrace(batch, steps, mask, xs, gates, cache, states, output);
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
    public SequenceGradients backward(Trace anyTrace, Tensor dSequence, List<RecurrentState> dFinal) {
        return backward(anyTrace, dSequence, dFinal, null);
    }

    /**
     * Backward that also shows, at every step, the full gradient dLoss/dh_t (from the output at t and from all
     * later steps): the quantity whose norm vanishes or explodes through time.
     *
     * @param observer called once per step, from the last step to the first, or null
     */
    public SequenceGradients backward(Trace anyTrace, Tensor dSequence, List<RecurrentState> dFinal,
                                      HiddenGradientObserver observer) {
        LoopTrace trace = (LoopTrace) anyTrace;
        trace.checkNotReleased();
        int batch = trace.batch;
        int steps = trace.steps;
        int hidden = cell.hiddenSize();
        int width = cell.gateWidth();
        int stateTensors = trace.states.length;
        SequenceMask mask = trace.mask;
        if (dSequence != null && !dSequence.sameShape(trace.output.sequence())) {
            throw new ShapeException("Recurrent backward: gradient of the sequence must have shape "
                    + trace.output.sequence().shapeString() + ", got " + dSequence.shapeString());
        }

        Tensor[] dState = new Tensor[stateTensors];  // dLoss/d(state after the current step)
        Tensor[] dPrev = new Tensor[stateTensors];   // dLoss/d(state before it)
        Tensor[] stash = new Tensor[stateTensors];   // padded rows' gradients, which pass straight through
        for (int k = 0; k < stateTensors; k++) {
            dState[k] = Tensor.zeros(batch, hidden);
            dPrev[k] = Tensor.zeros(batch, hidden);
            stash[k] = Tensor.zeros(batch, hidden);
        }
        if (dFinal != null) {
            List<Tensor> parts = dFinal.get(0).tensors();
            for (int k = 0; k < stateTensors; k++) {
                dState[k].copyFrom(parts.get(k));
            }
        }
        Tensor dXProj = Workspace.take(steps * batch, width);
        Tensor dHProj = cell.hasSeparateHiddenGradient() ? Workspace.take(steps * batch, width) : dXProj;
        Tensor[] prev = new Tensor[stateTensors];
        Tensor[] next = new Tensor[stateTensors];

        for (int s = steps - 1; s >= 0; s--) {
            int t = timeOf(s, steps);
            boolean full = mask == null || mask.isFullStep(t);
            if (dSequence != null) { // dh += dLoss/d(output at t), through arrays (bulk copies, vectorised add)
                float[] acc = FastMath.scratch(6, batch * hidden);
                float[] add = FastMath.scratch(7, hidden);
                dState[0].buffer().get(0, acc, 0, batch * hidden);
                for (int b = 0; b < batch; b++) {
                    if (full || mask.isValid(b, t)) {
                        dSequence.buffer().get((b * steps + t) * hidden, add, 0, hidden);
                        for (int j = 0, r = b * hidden; j < hidden; j++) {
                            acc[r + j] += add[j];
                        }
                    }
                }
                dState[0].buffer().put(0, acc, 0, batch * hidden);
            }
            if (observer != null) {
                observer.onStep(t, dState[0]);
            }
            if (!full) { // padded rows skip the cell: their gradient goes to the previous state unchanged
                for (int b = 0; b < batch; b++) {
                    if (!mask.isValid(b, t)) {
                        for (int k = 0; k < stateTensors; k++) {
                            stash[k].buffer().put(b * hidden, dState[k].buffer(), b * hidden, hidden);
                            dState[k].row(b).zero();
                        }
                    }
                }
            }
            for (int k = 0; k < stateTensors; k++) {
                prev[k] = trace.states[k].row(s);
                next[k] = trace.states[k].row(s + 1);
            }
            cell.backwardStep(trace.gates.slice(s * batch, (s + 1) * batch), trace.cache.slice(s * batch, (s + 1) * batch),
                    prev, next, dState, dXProj.slice(s * batch, (s + 1) * batch),
                    dHProj.slice(s * batch, (s + 1) * batch), dPrev);
            if (!full) {
                for (int b = 0; b < batch; b++) {
                    if (!mask.isValid(b, t)) {
                        for (int k = 0; k < stateTensors; k++) {
                            dPrev[k].buffer().put(b * hidden, stash[k].buffer(), b * hidden, hidden);
                        }
                    }
                }
            }
            Tensor[] swap = dState;
            dState = dPrev;
            dPrev = swap;
        }

        // The parameter gradients and dx for all steps at once.
        Tensor hPrev = trace.states[0].slice(0, steps).reshape(steps * batch, hidden);
        cell.accumulateParameterGradients(trace.xs, dXProj, hPrev, dHProj);
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
        Workspace.give(dXProj, dxs);
        if (dHProj != dXProj) {
            Workspace.give(dHProj);
        }
        trace.release(); // backward consumed the trace: its buffers serve the next call
        return new SequenceGradients(dx, List.of(RecurrentState.of(List.of(dState))));
    }
}
