package org.rnn4j.nn.recurrent;

import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;
import org.rnn4j.nn.Parameter;
import org.rnn4j.tensor.Blas;
import org.rnn4j.tensor.SequenceMask;
import org.rnn4j.tensor.Tensor;

/**
 * Two recurrent layers over the same input, one reading it forward and one from the end, merged at every step.
 * At step t the forward half has seen x_0..x_t and the backward half x_t..x_{T-1}: each output sees the whole
 * sequence, which is why a bidirectional layer helps tagging and classification, and why it cannot be used to
 * generate text step by step (the future is not there yet).
 *
 * <p>Its final states are two, one per direction: the forward one after the last valid step, the backward one
 * after reading back to step 0. They are separate states, each (B, H) (and each an (h, c) pair for an LSTM; h is
 * (B, P) with a projection).
 */
public final class Bidirectional extends TimeMajorLayer {
    private final Recurrent forwardLayer;
    private final Recurrent backwardLayer;
    private final MergeMode mergeMode;

    public Bidirectional(Recurrent forwardLayer, Recurrent backwardLayer, MergeMode mergeMode) {
        if (forwardLayer.isReverse() || !backwardLayer.isReverse()) {
            throw new IllegalArgumentException("Bidirectional needs a forward layer and a reverse layer");
        }
        if (forwardLayer.inputSize() != backwardLayer.inputSize()
                || forwardLayer.hiddenSize() != backwardLayer.hiddenSize()
                || forwardLayer.outputSize() != backwardLayer.outputSize()
                || forwardLayer.cellType() != backwardLayer.cellType()) {
            throw new IllegalArgumentException("Bidirectional needs two layers of the same type and sizes");
        }
        this.forwardLayer = forwardLayer;
        this.backwardLayer = backwardLayer;
        this.mergeMode = mergeMode;
    }

    public Recurrent forwardLayer() {
        return forwardLayer;
    }

    public Recurrent backwardLayer() {
        return backwardLayer;
    }

    public MergeMode mergeMode() {
        return mergeMode;
    }

    @Override
    public int inputSize() {
        return forwardLayer.inputSize();
    }

    @Override
    public int outputSize() {
        return mergeMode.outputSize(forwardLayer.outputSize());
    }

    @Override
    public int stateWidth(int k) {
        return forwardLayer.stateWidth(k);
    }

    @Override
    public int hiddenSize() {
        return forwardLayer.hiddenSize();
    }

    @Override
    public int stateCount() {
        return 2;
    }

    @Override
    public CellType cellType() {
        return forwardLayer.cellType();
    }

    @Override
    public List<Parameter> parameters() {
        List<Parameter> all = new ArrayList<>(forwardLayer.parameters());
        all.addAll(backwardLayer.parameters());
        return all;
    }

    private record BidirectionalTrace(Trace forward, Trace backward, RecurrentOutput output) implements Trace {
        @Override
        public void release() {
            forward.release();
            backward.release();
        }
    }

    @Override
    String inputName() {
        return forwardLayer.inputName();
    }

    /** Both directions read the same time-major input; their outputs are merged at every step. */
    @Override
    Trace forwardTimeMajor(Tensor xs, SequenceMask mask, List<RecurrentState> initial, RandomGenerator dropoutRng,
                           boolean training) {
        if (initial != null && initial.size() != 2) {
            throw new IllegalArgumentException("Bidirectional: expected 2 initial states (forward, backward), got "
                    + initial.size());
        }
        Trace f = forwardLayer.forwardTimeMajor(xs, mask, initial == null ? null : initial.subList(0, 1), null,
                training);
        Trace b = backwardLayer.forwardTimeMajor(xs, mask, initial == null ? null : initial.subList(1, 2), null,
                training);
        Tensor merged = mergeMode.merge(f.output().sequence(), b.output().sequence());                  // (T, B, out)
        List<RecurrentState> states = List.of(f.output().finalState(), b.output().finalState());
        return new BidirectionalTrace(f, b, new RecurrentOutput(merged, states));
    }

    @Override
    SequenceGradients backwardTimeMajor(Trace anyTrace, Tensor dSequence, List<RecurrentState> dFinal,
                                        HiddenGradientObserver observer, boolean inputGradient) {
        if (observer != null) {
            throw new IllegalArgumentException("per-step gradients are observed on a unidirectional layer only");
        }
        if (!(anyTrace instanceof BidirectionalTrace trace)) {
            throw new IllegalArgumentException("Bidirectional: backward needs a trace of its forward, got " + anyTrace);
        }
        Tensor dFwd = null;
        Tensor dBwd = null;
        if (dSequence != null) {
            Tensor fwd = trace.forward.output().sequence();
            Tensor bwd = trace.backward.output().sequence();
            dFwd = Tensor.zeros(fwd.shape());
            dBwd = Tensor.zeros(bwd.shape());
            split(dSequence, fwd, bwd, dFwd, dBwd);
        }
        SequenceGradients gf = forwardLayer.backwardTimeMajor(trace.forward, dFwd,
                dFinal == null ? null : dFinal.subList(0, 1), null, inputGradient);
        SequenceGradients gb = backwardLayer.backwardTimeMajor(trace.backward, dBwd,
                dFinal == null ? null : dFinal.subList(1, 2), null, inputGradient);
        Tensor dx = gf.input();
        if (dx != null) {
            Blas.axpy(1f, gb.input(), dx);                                                   // dx = dx→ + dx←
        }
        return new SequenceGradients(dx, List.of(gf.initialStates().get(0), gb.initialStates().get(0)));
    }

    /** The reverse of {@link MergeMode#merge}: each direction's share of dLoss/d(merged). */
    private void split(Tensor dMerged, Tensor fwd, Tensor bwd, Tensor dFwd, Tensor dBwd) {
        int hidden = fwd.dim(-1);
        int rows = fwd.size() / hidden;
        if (mergeMode == MergeMode.CONCAT) {
            for (int r = 0; r < rows; r++) {
                dFwd.write(r * hidden, dMerged, r * 2 * hidden, hidden);
                dBwd.write(r * hidden, dMerged, r * 2 * hidden + hidden, hidden);
            }
            return;
        }
        float[] d = dMerged.toArray();
        float[] a = fwd.toArray();
        float[] b = bwd.toArray();
        float[] da = new float[d.length];
        float[] db = new float[d.length];
        for (int k = 0; k < d.length; k++) {
            switch (mergeMode) {
                case SUM -> {
                    da[k] = d[k];
                    db[k] = d[k];
                }
                case MUL -> {
                    da[k] = d[k] * b[k];
                    db[k] = d[k] * a[k];
                }
                case AVE -> {
                    da[k] = 0.5f * d[k];
                    db[k] = 0.5f * d[k];
                }
                case CONCAT -> throw new AssertionError();
            }
        }
        dFwd.write(0, da, 0, da.length);
        dBwd.write(0, db, 0, db.length);
    }
}
