package org.rnn4j.nn.attention;

import java.util.ArrayList;
import java.util.List;
import org.rnn4j.nn.Parameter;
import org.rnn4j.nn.recurrent.AttentionalState;
import org.rnn4j.nn.recurrent.CellType;
import org.rnn4j.nn.recurrent.RecurrentCell;
import org.rnn4j.nn.recurrent.RecurrentState;
import org.rnn4j.nn.recurrent.StepBuffers;
import org.rnn4j.tensor.Blas;
import org.rnn4j.tensor.Tensor;

/**
 * An attention decoder as a recurrent cell: it wraps an LSTM or GRU cell and runs attention around it at every step,
 * so that {@link org.rnn4j.nn.recurrent.Recurrent} steps it, stores it and backpropagates it like any cell (Keras's
 * {@code RNN(cell)}, Flax's {@code nn.RNN(cell)}).
 *
 * <pre>
 * State (h̃, s): h̃ the attentional hidden state, s the inner cell's state (s and c for an LSTM). Input e_t (B, E).
 *   Luong     x_t = [e_t; h̃_{t−1} with input feeding]     s_t = Cell(x_t, s_{t−1})   c_t = attend(s_t)
 *   Bahdanau  c_t = attend(s_{t−1})                         x_t = [e_t; c_t]           s_t = Cell(x_t, s_{t−1})
 *   both      h̃_t = tanh(W_c [c_t; s_t])                   the output, and the next step's h̃_{t−1}
 * Backward, given dh̃_t and ds_t (from step t+1):
 *   dc, ds  += AttentionalHidden backward of dh̃_t;   Luong: ds += attention backward of dc (query s_t)
 *   dgates, ds_{t−1} = Cell backward;   dx_t = dgates W_ih = [de_t; dfeed or dc_t′]
 *   input feeding: dh̃_{t−1} = dfeed;   Bahdanau: ds_{t−1} += attention backward of dc + dc_t′ (query s_{t−1})
 * </pre>
 * Step t's input depends on step t−1, so the cell {@linkplain #projectsPerStep() projects its input per step}.
 *
 * <p>One instance serves one call (a forward, its backward): it is bound to the encoder's memory and keeps every
 * step's attention, the inputs x_t it composed and the gradients of e_t, none of which fit the loop's (B, ·) tensors.
 * The parameters are those of the inner cell, the attention and the attentional layer, shared with the model.
 *
 * @param <S> the inner cell's state
 */
public final class AttentionDecoderCell<S extends RecurrentState> implements RecurrentCell<AttentionalState<S>> {
    private final RecurrentCell<S> inner;
    private final Attention attention;
    private final AttentionalHidden attentional;
    private final AttentionMemory memory;
    private final boolean attendsBeforeStep; // Bahdanau: the query is s_{t−1}, the context part of x_t
    private final boolean inputFeeding;      // Luong: h̃_{t−1} is part of x_t
    private final int embeddingSize;
    private final int steps;
    private final AttentionTrace[] attentions;           // per step
    private final AttentionalHidden.Trace[] hiddens;     // per step
    private Tensor inputs;                               // (T·B, E + K or H): every step's x_t
    private Tensor dEmbedded;                            // (T·B, E): every step's de_t

    /**
     * @param inner             the decoder's LSTM or GRU cell, whose input is x_t
     * @param attendsBeforeStep true for Bahdanau attention (query s_{t−1}), false for Luong's (query s_t)
     * @param inputFeeding      Luong's input feeding (h̃_{t−1} in x_t); only without attendsBeforeStep
     * @param steps             the number of steps of the call this instance serves
     */
    public AttentionDecoderCell(RecurrentCell<S> inner, Attention attention,
                                AttentionalHidden attentional, AttentionMemory memory, boolean attendsBeforeStep,
                                boolean inputFeeding, int embeddingSize, int steps) {
        this.inner = inner;
        this.attention = attention;
        this.attentional = attentional;
        this.memory = memory;
        this.attendsBeforeStep = attendsBeforeStep;
        this.inputFeeding = inputFeeding;
        this.embeddingSize = embeddingSize;
        this.steps = steps;
        this.attentions = new AttentionTrace[steps];
        this.hiddens = new AttentionalHidden.Trace[steps];
    }

    /** Step t's attention, after the forward step. */
    public AttentionTrace attention(int t) {
        return attentions[t];
    }

    @Override
    public CellType type() {
        return inner.type();
    }

    @Override
    public int inputSize() {
        return embeddingSize;
    }

    @Override
    public int hiddenSize() {
        return inner.hiddenSize();
    }

    @Override
    public int cacheWidth() {
        return inner.cacheWidth();
    }

    @Override
    public int stateTensors() {
        return 1 + inner.stateTensors();
    }

    @Override
    public boolean projectsPerStep() {
        return true;
    }

    @Override
    public AttentionalState<S> state(List<Tensor> tensors) {
        return new AttentionalState<>(tensors.get(0), inner.state(tensors.subList(1, tensors.size())));
    }

    @Override
    public List<Parameter> parameters() {
        List<Parameter> all = new ArrayList<>(inner.parameters());
        all.addAll(attention.parameters());
        all.addAll(attentional.parameters());
        return all;
    }

    @Override
    public void projectInputs(Tensor x, Tensor xProj) {
        throw new UnsupportedOperationException("an attention decoder projects its input per step, in forward");
    }

    @Override
    public void forward(StepBuffers step, AttentionalState<S> prev, AttentionalState<S> next) {
        int t = step.time();
        int batch = prev.h().dim(0);
        Tensor x = composedInput(t, batch);                                      // x_t (B, E + ·)
        putColumns(x, 0, step.input());                                          // e_t
        AttentionTrace att = null;
        if (attendsBeforeStep) {
            att = attention.attend(prev.inner().h(), memory);                    // c_t = attend(s_{t−1})
            putColumns(x, embeddingSize, att.context());
        } else if (inputFeeding) {
            putColumns(x, embeddingSize, prev.h());                              // h̃_{t−1}
        }
        inner.projectInputs(x, step.gates());                                    // (B, G·H)
        inner.forward(step, prev.inner(), next.inner());                         // s_t
        if (att == null) {
            att = attention.attend(next.inner().h(), memory);                    // c_t = attend(s_t)
        }
        AttentionalHidden.Trace hidden = attentional.forward(att.context(), next.inner().h()); // h̃_t (B, H)
        next.h().copyFrom(hidden.output());
        attentions[t] = att;
        hiddens[t] = hidden;
    }

    @Override
    public void backward(StepBuffers step, AttentionalState<S> prev, AttentionalState<S> dNext, Tensor dGates,
                         AttentionalState<S> dPrev) {
        int t = step.time();
        int batch = prev.h().dim(0);
        Tensor ds = dNext.inner().h();                                           // ds_t (B, H)
        AttentionalHidden.Gradients g = attentional.backward(hiddens[t], dNext.h()); // dc (B, K), ds (B, H)
        add(ds, g.queries());
        if (!attendsBeforeStep) {
            add(ds, attention.backward(attentions[t], g.context(), null));      // the query was s_t
        }
        inner.backward(step, prev.inner(), dNext.inner(), dGates, dPrev.inner());
        Tensor dx = Tensor.zeros(batch, composedWidth());                        // dx_t = dgates W_ih
        inner.inputGradient(dGates, dx);
        putColumns(dEmbedded(batch).slice(t * batch, (t + 1) * batch), 0, columns(dx, 0, embeddingSize));
        dPrev.h().zero();
        if (attendsBeforeStep) {
            Tensor dContext = columns(dx, embeddingSize, memory.valueSize());   // (B, K)
            add(dContext, g.context());
            add(dPrev.inner().h(), attention.backward(attentions[t], dContext, null)); // the query was s_{t−1}
        } else if (inputFeeding) {
            dPrev.h().copyFrom(columns(dx, embeddingSize, hiddenSize()));       // dh̃_{t−1}
        }
    }

    @Override
    public void beginBackward() {
        inner.beginBackward();
    }

    @Override
    public void endBackward() {
        inner.endBackward();
    }

    /** The inner cell's parameter gradients, from the composed inputs x_t and the inner states before each step. */
    @Override
    public void accumulateParameterGradients(Tensor x, Tensor dGates, List<Tensor> prevStates, Tensor cache) {
        inner.accumulateParameterGradients(inputs, dGates, prevStates.subList(1, prevStates.size()), cache);
    }

    /** dLoss/de_t for every step, which backward computed step by step (they feed the step before). */
    @Override
    public void inputGradient(Tensor dGates, Tensor dx) {
        dx.copyFrom(dEmbedded);
    }

    private int composedWidth() {
        return inner.inputSize();
    }

    private Tensor composedInput(int t, int batch) {
        if (inputs == null) {
            inputs = Tensor.zeros(steps * batch, composedWidth());
        }
        return inputs.slice(t * batch, (t + 1) * batch);
    }

    private Tensor dEmbedded(int batch) {
        if (dEmbedded == null) {
            dEmbedded = Tensor.zeros(steps * batch, embeddingSize);
        }
        return dEmbedded;
    }

    @Override
    public String toString() {
        return "AttentionDecoderCell(" + inner + ", " + (attendsBeforeStep ? "bahdanau" : "luong")
                + (inputFeeding ? ", input feeding" : "") + ")";
    }

    /** dst[:, offset : offset + w] = src, src (N, w), dst (N, W). */
    private static void putColumns(Tensor dst, int offset, Tensor src) {
        int n = src.dim(0);
        int w = src.size() / n;
        int width = dst.size() / n;
        for (int r = 0; r < n; r++) {
            dst.write(r * width + offset, src, r * w, w);
        }
    }

    /** A copy of src[:, offset : offset + w], src (N, W). */
    private static Tensor columns(Tensor src, int offset, int w) {
        int n = src.dim(0);
        int width = src.size() / n;
        Tensor out = Tensor.zeros(n, w);
        for (int r = 0; r < n; r++) {
            out.write(r * w, src, r * width + offset, w);
        }
        return out;
    }

    /** target += add, elementwise. */
    private static void add(Tensor target, Tensor add) {
        Blas.axpy(1f, add, target);
    }
}
