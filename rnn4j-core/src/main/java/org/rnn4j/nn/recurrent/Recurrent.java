package org.rnn4j.nn.recurrent;

import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.random.RandomGenerator;
import org.rnn4j.nn.Parameter;
import org.rnn4j.tensor.Parallel;
import org.rnn4j.tensor.SequenceMask;
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
 * <p>Inside, everything is time-major and indexed by time t, whatever the direction: the step at time t is one
 * contiguous (B, ·) block of the input, the gates, the cache and the output, so that the all-steps products of
 * {@link RecurrentCell} see matching rows and a reverse layer reads the same input as a forward one. The states are
 * (T+1, B, W_k), W_k the width of the cell's k-th state tensor ({@link RecurrentCell#stateWidth}: H, or P for the
 * h of a projected LSTM), and the output is h: a forward layer goes from state t to state t+1 at time t, a reverse one from t+1 to t. The loop
 * allocates that storage and the cell's scratch once per call; at each step the cell sees typed views of one
 * step's rows of it.
 */
public final class Recurrent extends TimeMajorLayer {
    private final RecurrentCell<?> cell;
    private final boolean reverse;
    /** Scratch of earlier calls, for the next ones: a layer may serve several threads, hence a concurrent queue. */
    private final Queue<StepScratch> scratchPool = new ConcurrentLinkedQueue<>();
    /** The oneDNN kernel of this layer, made at its first use; null until then. */
    private volatile OneDnnPath oneDnn;

    public Recurrent(RecurrentCell<?> cell, boolean reverse) {
        this.cell = cell;
        this.reverse = reverse;
    }

    public RecurrentCell<?> cell() {
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
        return cell.outputWidth();
    }

    @Override
    public int stateWidth(int k) {
        return cell.stateWidth(k);
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

    /** Everything one call computed, time-major, indexed by time. */
    static final class LoopTrace implements Trace {
        final int batch;
        final int steps;
        final SequenceMask mask;        // null: no padding
        final Tensor xs;                // (T·B, F) the input, the caller's
        final Tensor gates;             // (T·B, G·H) activated gates
        final Tensor cache;             // (T·B, cacheWidth)
        final Tensor[] states;          // per state tensor: (T+1, B, W_k)
        final RecurrentOutput output;   // sequence (T, B, W_0)
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
                Workspace.give(gates, cache);
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

    /** The time of the s-th step processed: s, or T−1−s in a reverse layer. */
    private int timeOf(int s, int steps) {
        return reverse ? steps - 1 - s : s;
    }

    /** The index, in the (T+1, B, W_k) states, of the state before the step at time t. */
    private int before(int t) {
        return reverse ? t + 1 : t;
    }

    /** The index of the state after the step at time t. */
    private int after(int t) {
        return reverse ? t : t + 1;
    }

    @Override
    String inputName() {
        return "Recurrent(" + cell + (reverse ? ", reverse" : "") + ") input";
    }

    /**
     * On oneDNN when it is enabled and has this configuration (see {@link OneDnnPath#runs}), else the Java loop;
     * both give the same numbers.
     */
    @Override
    Trace forwardTimeMajor(Tensor input, SequenceMask mask, List<RecurrentState> initial,
                           RandomGenerator dropoutRng, boolean training) {
        OneDnnPath path = oneDnnPath(input, mask);
        if (path != null) {
            return path.forward(training, input, checkedInitial(initial, input.dim(1)));
        }
        return forwardLoop(input, mask, initial);
    }

    /** This layer's oneDNN kernel when it runs this call, else null. */
    private OneDnnPath oneDnnPath(Tensor input, SequenceMask mask) {
        if (!OneDnnPath.runs(cell, input, mask)) {
            return null;
        }
        OneDnnPath path = oneDnn;
        if (path == null) {
            synchronized (this) {
                if (oneDnn == null) {
                    oneDnn = OneDnnPath.of((AbstractCell<?>) cell, reverse);
                }
                path = oneDnn;
            }
        }
        return path;
    }

    /** The time loop in Java: every cell, masks with per-row lengths, and the observer of backward. */
    Trace forwardLoop(Tensor input, SequenceMask mask, List<RecurrentState> initial) {
        int steps = input.dim(0);
        int batch = input.dim(1);
        int stateTensors = cell.stateTensors();
        Tensor xs = input.reshape(steps * batch, cell.inputSize());                 // (T·B, F)
        Tensor gates = Workspace.take(steps * batch, cell.gateWidth());            // (T·B, G·H)
        if (!cell.projectsPerStep()) {
            cell.projectInputs(xs, gates); // one GEMM for all steps
        }
        Tensor cache = Workspace.take(steps * batch, cell.cacheWidth());           // (T·B, cacheWidth)
        Tensor[] states = new Tensor[stateTensors];
        for (int k = 0; k < stateTensors; k++) {
            states[k] = Workspace.take(steps + 1, batch, cell.stateWidth(k));       // (T+1, B, W_k)
        }
        copyInitialState(initial, states, batch);

        Tensor sequence = Tensor.zeros(steps, batch, cell.outputWidth());           // (T, B, W_0): h
        // Rows of the batch never interact, so parts of it run the whole time loop on separate cores.
        int parts = cell.projectsPerStep() ? 1 : Parallel.partsForBatch(batch, cell.hiddenSize());
        Parallel.runRows(parts, batch, (part, from, to) -> forwardRows(cell, from, to, batch, steps, mask, xs,
                gates, cache, states, sequence));
        List<Tensor> last = new ArrayList<>();
        for (int k = 0; k < stateTensors; k++) {
            last.add(states[k].row(reverse ? 0 : steps).copy());
        }
        RecurrentOutput output = new RecurrentOutput(sequence, List.of(cell.state(last)));
        return new LoopTrace(batch, steps, mask, xs, gates, cache, states, output);
    }

    /** The time loop over rows [from, to) of the batch: gates, cache, states and the output sequence. */
    private <S extends RecurrentState> void forwardRows(RecurrentCell<S> cell, int from, int to, int batch,
                                                        int steps, SequenceMask mask, Tensor xs, Tensor gates,
                                                        Tensor cache, Tensor[] states, Tensor sequence) {
        int hidden = cell.outputWidth();                              // the width of h
        StepScratch scratch = takeScratch(to - from);
        for (int s = 0; s < steps; s++) {
            int t = timeOf(s, steps);
            S prev = stateRows(cell, states, before(t), from, to);   // (B_part, W_k) each
            S next = stateRows(cell, states, after(t), from, to);
            int row0 = t * batch;
            cell.forward(new StepBuffers(t, xs.slice(row0 + from, row0 + to), gates.slice(row0 + from, row0 + to),
                    cache.slice(row0 + from, row0 + to), scratch), prev, next);
            Tensor output = sequence.row(t);                          // (B, W_0)
            if (mask == null || mask.isFullStep(t)) {
                output.write(from * hidden, next.h(), 0, (to - from) * hidden);
                continue;
            }
            for (int b = from; b < to; b++) {
                int r = b - from;
                if (mask.isValid(b, t)) {
                    output.write(b * hidden, next.h(), r * hidden, hidden); // output[t, b] = h'
                } else {
                    keepState(prev, next, r); // a padded step keeps the state
                }
            }
        }
        giveScratch(scratch);
    }

    /** Scratch for a part of {@code rows} rows, from the pool when it has one. */
    private StepScratch takeScratch(int rows) {
        StepScratch scratch = scratchPool.poll();
        return (scratch != null ? scratch : new StepScratch(rows, cell.gateWidth(), cell.hiddenSize())).resize(rows);
    }

    private void giveScratch(StepScratch scratch) {
        scratch.release();
        scratchPool.offer(scratch);
    }

    /** Rows [from, to) of state {@code index} of the (T+1, B, W_k) storage: a typed view. */
    private static <S extends RecurrentState> S stateRows(RecurrentCell<S> cell, Tensor[] states, int index,
                                                          int from, int to) {
        List<Tensor> rows = new ArrayList<>(states.length);
        for (Tensor state : states) {
            rows.add(state.row(index).slice(from, to));
        }
        return cell.state(rows);
    }

    /** Row r of every tensor of {@code next} = row r of {@code prev}; each tensor (rows, W_k). */
    private static void keepState(RecurrentState prev, RecurrentState next, int r) {
        List<Tensor> from = prev.tensors();
        List<Tensor> to = next.tensors();
        for (int k = 0; k < to.size(); k++) {
            int width = to.get(k).dim(1);
            to.get(k).write(r * width, from.get(k), r * width, width);
        }
    }

    private void copyInitialState(List<RecurrentState> initial, Tensor[] states, int batch) {
        List<Tensor> parts = checkedInitial(initial, batch);
        if (parts == null) {
            return;
        }
        for (int k = 0; k < states.length; k++) {
            states[k].row(reverse ? states[k].dim(0) - 1 : 0).copyFrom(parts.get(k));
        }
    }

    /** The initial state's tensors, (B, W_k) each, after checking them; null for zeros. */
    private List<Tensor> checkedInitial(List<RecurrentState> initial, int batch) {
        if (initial == null) {
            return null;
        }
        if (initial.size() != 1) {
            throw new IllegalArgumentException(inputName() + ": expected 1 initial state, got " + initial.size());
        }
        List<Tensor> parts = initial.get(0).tensors();
        if (parts.size() != cell.stateTensors()) {
            throw new IllegalArgumentException(inputName() + ": a " + cell.type().id() + " state has "
                    + cell.stateTensors() + " tensor(s), got " + parts.size());
        }
        for (int k = 0; k < parts.size(); k++) {
            Tensor part = parts.get(k);
            int width = cell.stateWidth(k);
            if (!Shapes.matches(part, batch, width)) {
                // The message is made only here: a stream checks its state at every step.
                Shapes.check(part, inputName().replace(" input", " initial state"),
                        "(" + batch + ", " + width + ")", batch, width);
            }
        }
        return parts;
    }

    /**
     * The observer sees the full gradient dLoss/dh_t (from the output at t and from all later steps): the quantity
     * whose norm vanishes or explodes through time.
     */
    @Override
    SequenceGradients backwardTimeMajor(Trace anyTrace, Tensor dSequence, List<RecurrentState> dFinal,
                                        HiddenGradientObserver observer, boolean inputGradient) {
        if (anyTrace instanceof OneDnnTrace dnnl) {
            if (observer == null) {
                return oneDnn.backward(dnnl, dSequence, dFinal, inputGradient);
            }
            // oneDNN keeps no per-step hidden gradient to show: the Java loop recomputes this call and runs it.
            anyTrace = forwardLoop(dnnl.input(), null, dnnl.initialState(cell));
            dnnl.release();
        }
        if (!(anyTrace instanceof LoopTrace trace)) {
            throw new IllegalArgumentException(this + ": backward needs a trace of its forward, got " + anyTrace);
        }
        trace.checkNotReleased();
        int batch = trace.batch;
        int steps = trace.steps;

        Tensor dGates = Workspace.take(steps * batch, cell.gateWidth());  // (T·B, G·H)
        List<Tensor> dInitial = new ArrayList<>();                         // dLoss/d(initial state), (B, W_k) each
        for (int k = 0; k < trace.states.length; k++) {
            dInitial.add(Tensor.zeros(batch, cell.stateWidth(k)));
        }
        // As forward: parts of the batch run the time loop on separate cores (one part when observing, since the
        // observer sees the whole batch's gradient at each step).
        int parts = observer != null || cell.projectsPerStep() ? 1
                : Parallel.partsForBatch(batch, cell.hiddenSize());
        cell.beginBackward();
        try {
            Parallel.runRows(parts, batch, (part, from, to) -> new BackwardRows<>(cell, from, to, trace, dSequence)
                    .run(dFinal, observer, dGates, dInitial));
        } finally {
            cell.endBackward();
        }

        // The parameter gradients and dx for all steps at once.
        int first = before(0);                                                         // 0, or 1 when reversed
        List<Tensor> prevStates = new ArrayList<>();                                   // each (T·B, W_k)
        for (int k = 0; k < trace.states.length; k++) {
            prevStates.add(trace.states[k].slice(first, first + steps).reshape(steps * batch, cell.stateWidth(k)));
        }
        cell.accumulateParameterGradients(trace.xs, dGates, prevStates, trace.cache);
        Tensor dx = null;
        if (inputGradient) {
            dx = Tensor.zeros(steps, batch, cell.inputSize());                         // (T, B, F)
            cell.inputGradient(dGates, dx.reshape(steps * batch, cell.inputSize()));   // dx = dgates W_ih
        }
        Workspace.give(dGates);
        trace.release(); // backward consumed the trace: its buffers serve the next call
        return new SequenceGradients(dx, List.of(cell.state(dInitial)));
    }

    /**
     * The backward time loop over rows [from, to) of the batch: fills those rows of dGates at every step and writes
     * those rows of the gradient reaching the initial state into {@code dInitial}.
     */
    private final class BackwardRows<S extends RecurrentState> {
        private final RecurrentCell<S> cell;
        private final int from;
        private final int to;
        private final int hidden;               // the width of h and of the output
        private final LoopTrace trace;
        private final Tensor dSequence;         // (T, B, W_0) or null
        private final StepScratch scratch;
        private final float[] dh;               // (rows, W_0): dh while the output gradient is added
        private final float[] dOutput;          // (rows, W_0): this step's rows of dSequence
        private S dState;                       // dLoss/d(state after the current step), (rows, W_k) each
        private S dPrev;                        // dLoss/d(state before it)
        private final S setAside;               // padded rows' dState, which passes straight through

        BackwardRows(RecurrentCell<S> cell, int from, int to, LoopTrace trace, Tensor dSequence) {
            this.cell = cell;
            this.from = from;
            this.to = to;
            this.hidden = cell.outputWidth();
            this.trace = trace;
            this.dSequence = dSequence;
            this.scratch = takeScratch(to - from);
            this.dh = new float[(to - from) * hidden];
            this.dOutput = new float[(to - from) * hidden];
            this.dState = takeState();
            this.dPrev = takeState();
            this.setAside = takeState();
        }

        void run(List<RecurrentState> dFinal, HiddenGradientObserver observer, Tensor dGates, List<Tensor> dInitial) {
            if (dFinal != null) {
                copyRows(dFinal.get(0).tensors(), dState.tensors(), true);
            }
            int batch = trace.batch;
            int steps = trace.steps;
            SequenceMask mask = trace.mask;
            for (int s = steps - 1; s >= 0; s--) {
                int t = timeOf(s, steps);
                boolean full = mask == null || mask.isFullStep(t);
                if (dSequence != null) {
                    addOutputGradient(t, full);                  // dh += dLoss/d(output at t)
                }
                if (observer != null) {
                    observer.onStep(t, dState.h());
                }
                if (!full) {
                    setPaddedRowsAside(t);                       // padded rows skip the cell …
                }
                int row0 = t * batch;
                StepBuffers step = new StepBuffers(t, trace.xs.slice(row0 + from, row0 + to),
                        trace.gates.slice(row0 + from, row0 + to), trace.cache.slice(row0 + from, row0 + to), scratch);
                cell.backward(step, stateRows(cell, trace.states, before(t), from, to), dState,
                        dGates.slice(row0 + from, row0 + to), dPrev);
                if (!full) {
                    passPaddedRowsThrough(t);                    // … and their gradient reaches the state before
                }
                S swap = dState;
                dState = dPrev;
                dPrev = swap;
            }
            copyRows(dInitial, dState.tensors(), false);
            giveScratch(scratch);
            for (S state : List.of(dState, dPrev, setAside)) {
                Workspace.give(state.tensors().toArray(new Tensor[0]));
            }
        }

        private S takeState() {
            List<Tensor> tensors = new ArrayList<>();
            for (int k = 0; k < trace.states.length; k++) {
                tensors.add(Workspace.take(to - from, cell.stateWidth(k)));   // (rows, W_k)
            }
            return cell.state(tensors);
        }

        /** Rows [from, to) of the batch's tensors into this part's, or back when {@code intoPart} is false. */
        private void copyRows(List<Tensor> batchTensors, List<Tensor> partTensors, boolean intoPart) {
            for (int k = 0; k < partTensors.size(); k++) {
                Tensor rows = batchTensors.get(k).slice(from, to);
                if (intoPart) {
                    partTensors.get(k).copyFrom(rows);
                } else {
                    rows.copyFrom(partTensors.get(k));
                }
            }
        }

        /** dh (rows, W_0) += dSequence[t, b] for every row b valid at t: through arrays, so the add vectorises. */
        private void addOutputGradient(int t, boolean full) {
            int rows = to - from;
            Tensor h = dState.h();
            h.read(0, dh, 0, rows * hidden);
            dSequence.row(t).read(from * hidden, dOutput, 0, rows * hidden);              // (rows, W_0)
            for (int b = from; b < to; b++) {
                if (full || trace.mask.isValid(b, t)) {
                    for (int j = 0, r = (b - from) * hidden; j < hidden; j++) {
                        dh[r + j] += dOutput[r + j];
                    }
                }
            }
            h.write(0, dh, 0, rows * hidden);
        }

        /** Moves the padded rows' dState aside and zeroes them there, so the cell's step adds nothing for them. */
        private void setPaddedRowsAside(int t) {
            forEachPaddedRow(t, r -> {
                List<Tensor> state = dState.tensors();
                List<Tensor> aside = setAside.tensors();
                for (int k = 0; k < state.size(); k++) {
                    int width = state.get(k).dim(1);
                    aside.get(k).write(r * width, state.get(k), r * width, width);
                    state.get(k).row(r).zero();
                }
            });
        }

        /** A padded step kept the state, so its rows' gradient reaches the state before unchanged. */
        private void passPaddedRowsThrough(int t) {
            forEachPaddedRow(t, r -> keepState(setAside, dPrev, r));
        }

        private void forEachPaddedRow(int t, java.util.function.IntConsumer action) {
            for (int b = from; b < to; b++) {
                if (!trace.mask.isValid(b, t)) {
                    action.accept(b - from);
                }
            }
        }
    }
}
