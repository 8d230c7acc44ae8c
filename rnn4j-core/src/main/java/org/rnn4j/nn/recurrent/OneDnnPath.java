package org.rnn4j.nn.recurrent;

import java.util.ArrayList;
import java.util.List;
import org.rnn4j.tensor.DnnlRecurrent;
import org.rnn4j.tensor.OneDnn;
import org.rnn4j.tensor.SequenceMask;
import org.rnn4j.tensor.Tensor;
import org.rnn4j.tensor.Workspace;

/**
 * A {@link Recurrent} layer's call on oneDNN's RNN primitive ({@link DnnlRecurrent}) instead of the Java loop:
 * the whole sequence in one call, forward and backward, with the cell's own parameters.
 *
 * <p>It runs when oneDNN is enabled ({@link OneDnn#enabled()}), the cell is one oneDNN has (RNN, LSTM, both
 * GRUs; not a cell that projects at every step, such as the attention decoder's, nor the LSTM with projection:
 * oneDNN's LSTM has projection weights for forward only, and {@link DnnlRecurrent} does not bind them; nor gates
 * with a hard sigmoid, which oneDNN's RNN primitive does not have), the call is not a short single
 * sequence (streaming: see {@link #MIN_STEPS_AT_BATCH_ONE}) nor a small call ({@link #MIN_MULTIPLY_ADDS}), and no
 * row is padded: oneDNN's primitive has no
 * per-row lengths, so a mask with a padded step leaves the call to the Java loop, which gives the same numbers.
 */
final class OneDnnPath {
    private final AbstractCell<?> cell;
    private final DnnlRecurrent kernel;

    private OneDnnPath(AbstractCell<?> cell, DnnlRecurrent kernel) {
        this.cell = cell;
        this.kernel = kernel;
    }

    /**
     * A single sequence of fewer steps than this runs on the Java loop: there a step is a matrix-vector product
     * bound by reading the weights, which both paths do equally fast, and oneDNN's call costs more. Measured
     * (LSTM F 64, H 512, batch 1, inference, µs per step, Java / oneDNN): T 1 251 / 394, T 10 234 / 250,
     * T 100 247 / 216; at batch 32 oneDNN was faster from T 1 (T 1: 18.0k / 27.6k tokens/s).
     */
    static final int MIN_STEPS_AT_BATCH_ONE = 16;

    /**
     * A call with fewer multiply-adds than this, B·T·G·H·(F + H), runs on the Java loop and does not load oneDNN:
     * loading its library and making its first primitives took 350-400 ms here, which a small prediction (the
     * command line's {@code predict} on a short sequence) would pay at every start (JVM start to the first
     * prediction of an LSTM F 16, H 64 on a 1 × 20 input: 670-870 ms on the Java loop, 1010-1240 with oneDNN).
     * Such a call takes well under a millisecond on either path. Above it oneDNN was faster here from 1.6 M
     * multiply-adds (LSTM F 16, H 64, B 4, T 20: 311k against 484k tokens/s).
     */
    static final long MIN_MULTIPLY_ADDS = 1L << 20;

    /**
     * Whether this call runs on oneDNN: the cell and the mask allow it, the backend is enabled, and (unless the
     * backend is forced with {@code -Drnn4j.backend=dnnl}, as the tests do) the call is one where oneDNN is faster.
     */
    static boolean runs(RecurrentCell<?> cell, Tensor input, SequenceMask mask) {
        int steps = input.dim(0);
        int batch = input.dim(1);
        if (!(cell instanceof AbstractCell<?>) || cell instanceof LstmProjectionCell || cell.projectsPerStep()
                || !cell.gateActivation().isSigmoid() || steps == 0 || batch == 0) {
            return false;
        }
        if (mask != null) {
            for (int t = 0; t < steps; t++) {
                if (!mask.isFullStep(t)) {
                    return false;
                }
            }
        }
        if (!OneDnn.forced() && !faster(cell, steps, batch)) {
            return false;
        }
        return OneDnn.enabled();
    }

    /** Whether oneDNN is worth its call (and, for the first call, its loading) at this shape. */
    private static boolean faster(RecurrentCell<?> cell, int steps, int batch) {
        long multiplyAdds = (long) steps * batch * cell.gateWidth() * (cell.inputSize() + cell.hiddenSize());
        return multiplyAdds >= MIN_MULTIPLY_ADDS && (batch > 1 || steps >= MIN_STEPS_AT_BATCH_ONE);
    }

    /** The path for a cell that {@link #runs} accepted (oneDNN has every {@link CellType}). */
    static OneDnnPath of(AbstractCell<?> cell, boolean reverse) {
        DnnlRecurrent.Cell kind = switch (cell.type()) {
            case RNN_TANH -> DnnlRecurrent.Cell.RNN_TANH;
            case RNN_RELU -> DnnlRecurrent.Cell.RNN_RELU;
            case LSTM -> DnnlRecurrent.Cell.LSTM;
            case GRU -> DnnlRecurrent.Cell.GRU;
            case GRU_RESET_BEFORE -> DnnlRecurrent.Cell.GRU_RESET_BEFORE;
        };
        return new OneDnnPath(cell, new DnnlRecurrent(kind, cell.inputSize(), cell.hiddenSize(), reverse));
    }

    /**
     * Forward over a time-major input (T, B, F).
     *
     * @param initial the initial state's tensors, (B, H) each, already checked; null for zeros
     */
    OneDnnTrace forward(boolean training, Tensor input, List<Tensor> initial) {
        int steps = input.dim(0);
        int batch = input.dim(1);
        int hidden = cell.hiddenSize();
        List<Tensor> initialCopy = initial == null ? null : initial.stream().map(Tensor::copy).toList();
        DnnlRecurrent.Sequence source = new DnnlRecurrent.Sequence(input, stateOrZeros(initialCopy, 0, batch),
                lstm() ? stateOrZeros(initialCopy, 1, batch) : null);
        Tensor sequence = Tensor.zeros(steps, batch, hidden);                           // (T, B, H)
        List<Tensor> last = new ArrayList<>();
        for (int k = 0; k < cell.stateTensors(); k++) {
            last.add(Tensor.zeros(batch, hidden));                                      // (B, H)
        }
        DnnlRecurrent.Sequence destination = new DnnlRecurrent.Sequence(sequence, last.get(0),
                lstm() ? last.get(1) : null);
        DnnlRecurrent.Trace kernelTrace = kernel.forward(training, weights(), source, destination);
        // The caller owns the states it gave and gets: backward reads the trace's own copies.
        List<Tensor> finalStates = last.stream().map(Tensor::copy).toList();
        RecurrentOutput output = new RecurrentOutput(sequence, List.of(cell.state(finalStates)));
        return new OneDnnTrace(kernelTrace, source, destination, initialCopy, output);
    }

    /** Backward of {@link #forward}: the parameter gradients are added into the cell's parameters. */
    SequenceGradients backward(OneDnnTrace trace, Tensor dSequence, List<RecurrentState> dFinal,
                               boolean inputGradient) {
        DnnlRecurrent.Sequence source = trace.source();
        int steps = source.layer().dim(0);
        int batch = source.layer().dim(1);
        int hidden = cell.hiddenSize();
        List<Tensor> finalGradient = dFinal == null ? null : dFinal.get(0).tensors();
        Tensor dOutput = dSequence != null ? dSequence : Workspace.take(steps, batch, hidden).zero();
        DnnlRecurrent.Sequence diffDestination = new DnnlRecurrent.Sequence(dOutput,
                stateOrZeros(finalGradient, 0, batch), lstm() ? stateOrZeros(finalGradient, 1, batch) : null);
        Tensor dx = inputGradient ? Tensor.zeros(steps, batch, cell.inputSize())
                : Workspace.take(steps, batch, cell.inputSize());                    // (T, B, F), or a scratch
        List<Tensor> dInitial = new ArrayList<>();
        for (int k = 0; k < cell.stateTensors(); k++) {
            dInitial.add(Tensor.zeros(batch, hidden));
        }
        DnnlRecurrent.Sequence diffSource = new DnnlRecurrent.Sequence(dx, dInitial.get(0),
                lstm() ? dInitial.get(1) : null);
        kernel.backward(trace.kernelTrace(), weights(), source, trace.destination(), diffDestination, diffSource,
                gradients());
        trace.release();
        if (dSequence == null) {
            Workspace.give(dOutput);
        }
        if (!inputGradient) {
            Workspace.give(dx);
        }
        return new SequenceGradients(inputGradient ? dx : null, List.of(cell.state(dInitial)));
    }

    private boolean lstm() {
        return cell.stateTensors() == 2;
    }

    private DnnlRecurrent.Weights weights() {
        return new DnnlRecurrent.Weights(cell.weightIh.value(), cell.weightHh.value(), cell.biasIh.value(),
                cell.biasHh.value());
    }

    private DnnlRecurrent.Weights gradients() {
        return new DnnlRecurrent.Weights(cell.weightIh.grad(), cell.weightHh.grad(), cell.biasIh.grad(),
                cell.biasHh.grad());
    }

    private Tensor stateOrZeros(List<Tensor> state, int k, int batch) {
        return state != null ? state.get(k) : Tensor.zeros(batch, cell.hiddenSize());
    }
}
