package org.rnn4j.nn.recurrent;

import java.util.ArrayList;
import java.util.List;
import org.rnn4j.nn.Parameter;
import org.rnn4j.tensor.Blas;
import org.rnn4j.tensor.Tensor;

/**
 * Two recurrent layers over the same input, one reading it forward and one from the end, merged at every step.
 * At step t the forward half has seen x_0..x_t and the backward half x_t..x_{T-1}: each output sees the whole
 * sequence, which is why a bidirectional layer helps tagging and classification, and why it cannot be used to
 * generate text step by step (the future is not there yet).
 *
 * <p>Its final states are two, one per direction: the forward one after the last valid step, the backward one
 * after reading back to step 0. They are separate states, each (B, H) (and each an (h, c) pair for an LSTM).
 */
public final class Bidirectional implements SequenceLayer {
    private final Recurrent forwardLayer;
    private final Recurrent backwardLayer;
    private final MergeMode mergeMode;

    public Bidirectional(Recurrent forwardLayer, Recurrent backwardLayer, MergeMode mergeMode) {
        if (forwardLayer.isReverse() || !backwardLayer.isReverse()) {
            throw new IllegalArgumentException("Bidirectional needs a forward layer and a reverse layer");
        }
        if (forwardLayer.inputSize() != backwardLayer.inputSize()
                || forwardLayer.hiddenSize() != backwardLayer.hiddenSize()
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
        return mergeMode.outputSize(hiddenSize());
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
    public Trace forward(Tensor x, SequenceMask mask, List<RecurrentState> initial) {
        if (initial != null && initial.size() != 2) {
            throw new IllegalArgumentException("Bidirectional: expected 2 initial states (forward, backward), got "
                    + initial.size());
        }
        Trace f = forwardLayer.forward(x, mask, initial == null ? null : initial.subList(0, 1));
        Trace b = backwardLayer.forward(x, mask, initial == null ? null : initial.subList(1, 2));
        Tensor merged = merge(f.output().sequence(), b.output().sequence());
        List<RecurrentState> states = List.of(f.output().finalState(), b.output().finalState());
        return new BidirectionalTrace(f, b, new RecurrentOutput(merged, states));
    }

    private Tensor merge(Tensor fwd, Tensor bwd) {
        int rows = fwd.dim(0) * fwd.dim(1);
        int hidden = fwd.dim(2);
        Tensor out = Tensor.zeros(fwd.dim(0), fwd.dim(1), outputSize());
        for (int r = 0; r < rows; r++) {
            for (int j = 0; j < hidden; j++) {
                float a = fwd.get(r * hidden + j);
                float b = bwd.get(r * hidden + j);
                switch (mergeMode) {
                    case CONCAT -> {
                        out.set(r * 2 * hidden + j, a);
                        out.set(r * 2 * hidden + hidden + j, b);
                    }
                    case SUM -> out.set(r * hidden + j, a + b);
                    case MUL -> out.set(r * hidden + j, a * b);
                    case AVE -> out.set(r * hidden + j, 0.5f * (a + b));
                }
            }
        }
        return out;
    }

    @Override
    public SequenceGradients backward(Trace anyTrace, Tensor dSequence, List<RecurrentState> dFinal,
                                      boolean inputGradient) {
        BidirectionalTrace trace = (BidirectionalTrace) anyTrace;
        Tensor dFwd = null;
        Tensor dBwd = null;
        if (dSequence != null) {
            Tensor fwd = trace.forward.output().sequence();
            Tensor bwd = trace.backward.output().sequence();
            dFwd = Tensor.zeros(fwd.shape());
            dBwd = Tensor.zeros(bwd.shape());
            int rows = fwd.dim(0) * fwd.dim(1);
            int hidden = fwd.dim(2);
            for (int r = 0; r < rows; r++) {
                for (int j = 0; j < hidden; j++) {
                    int k = r * hidden + j;
                    switch (mergeMode) {
                        case CONCAT -> {
                            dFwd.set(k, dSequence.get(r * 2 * hidden + j));
                            dBwd.set(k, dSequence.get(r * 2 * hidden + hidden + j));
                        }
                        case SUM -> {
                            dFwd.set(k, dSequence.get(k));
                            dBwd.set(k, dSequence.get(k));
                        }
                        case MUL -> {
                            dFwd.set(k, dSequence.get(k) * bwd.get(k));
                            dBwd.set(k, dSequence.get(k) * fwd.get(k));
                        }
                        case AVE -> {
                            dFwd.set(k, 0.5f * dSequence.get(k));
                            dBwd.set(k, 0.5f * dSequence.get(k));
                        }
                    }
                }
            }
        }
        SequenceGradients gf = forwardLayer.backward(trace.forward, dFwd, dFinal == null ? null : dFinal.subList(0, 1),
                inputGradient);
        SequenceGradients gb = backwardLayer.backward(trace.backward, dBwd, dFinal == null ? null : dFinal.subList(1, 2),
                inputGradient);
        Tensor dx = gf.input();
        if (dx != null) {
            Blas.axpy(1f, gb.input(), dx);
        }
        return new SequenceGradients(dx, List.of(gf.initialStates().get(0), gb.initialStates().get(0)));
    }
}
