package org.rnn4j.seq2seq;

import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;
import org.rnn4j.nn.Dense;
import org.rnn4j.nn.Dropout;
import org.rnn4j.nn.Embedding;
import org.rnn4j.nn.Parameter;
import org.rnn4j.nn.attention.Attention;
import org.rnn4j.nn.attention.AttentionDecoderCell;
import org.rnn4j.nn.attention.AttentionMemory;
import org.rnn4j.nn.attention.AttentionTrace;
import org.rnn4j.nn.attention.AttentionalHidden;
import org.rnn4j.nn.attention.BahdanauAttention;
import org.rnn4j.nn.attention.LuongAttention;
import org.rnn4j.nn.recurrent.AttentionalState;
import org.rnn4j.nn.recurrent.Recurrent;
import org.rnn4j.nn.recurrent.RecurrentCell;
import org.rnn4j.nn.recurrent.RecurrentConfig;
import org.rnn4j.nn.recurrent.RecurrentLayer;
import org.rnn4j.nn.recurrent.RecurrentState;
import org.rnn4j.nn.recurrent.SequenceGradients;
import org.rnn4j.nn.recurrent.SequenceLayer;
import org.rnn4j.nn.recurrent.StepBuffers;
import org.rnn4j.nn.recurrent.StepScratch;
import org.rnn4j.tensor.SequenceMask;
import org.rnn4j.tensor.Tensor;

/**
 * An encoder-decoder with attention for translation, with explicit forward (teacher forcing) and backward, and a
 * one-step decoder for search ({@link #encode}, {@link #step}).
 *
 * <pre>
 * Encoder:  x_s = E_src[src_s]                                  (B, S, E)
 *           h̄_s = [h→_s; h←_s] = BiRNN(x)                      (B, S, 2H)   L bidirectional layers, source mask
 * Bridge:   s_0 = tanh(W_b [h→_last; h←_first] + b_b)          (B, H)       the top layer's final states, both
 *                                                                            directions; for an LSTM the same for c
 *                                                                            with its own W_b (Luong et al. pass the
 *                                                                            states through; a bidirectional encoder
 *                                                                            has twice the width, hence the layer)
 * Decoder, step t = 1..T, input y_{t−1} (y_0 = &lt;s&gt;):
 *   Luong     s_t  = Cell([E_tgt[y_{t−1}]; h̃_{t−1} if input feeding], s_{t−1})
 *             c_t  = Σ_s a_ts h̄_s,  a_t = softmax_s(score(s_t, h̄_s))     general: s_tᵀ W_a h̄_s; concat
 *   Bahdanau  c_t  = Σ_s a_ts h̄_s,  a_t = softmax_s(v_aᵀ tanh(W_q s_{t−1} + W_k h̄_s))
 *             s_t  = Cell([E_tgt[y_{t−1}]; c_t], s_{t−1})
 *   both      h̃_t  = tanh(W_c [c_t; s_t])                       (B, H)       Luong's attentional hidden state
 *             z_t  = W_o h̃_t + b_o                              (B, V_t)     logits
 * </pre>
 * With Bahdanau attention the output layer reads h̃_t = tanh(W_c [c_t; s_t]) too: a simpler stand-in for the
 * paper's maxout deep output over (s_t, y_{t−1}, c_t). The decoder has one layer; padded source positions get
 * attention weight 0.
 *
 * <h2>Two ways through the decoder in training</h2>
 * Luong attention without input feeding lets the decoder's recurrence run over all target steps first (the
 * {@link Recurrent} loop, one GEMM for every step's input projection), and then attends with the whole block of
 * states at once. Bahdanau attention and input feeding make each step's input depend on the step before, so the
 * decoder is an {@link AttentionDecoderCell} (the cell wrapped with attention) that the same {@link Recurrent} loop
 * steps, stores and backpropagates. Both compute what {@link #step} computes one step at a time with that cell,
 * which the tests check.
 *
 * <p>Parameter names: {@code encoder.embedding.weight}, {@code encoder.rnn.weight_ih_l0}, … (PyTorch's names
 * under {@code encoder.rnn.}), {@code bridge.h.weight}, {@code bridge.h.bias} (and {@code bridge.c.} for an LSTM),
 * {@code decoder.embedding.weight}, {@code decoder.rnn.weight_ih_l0}, …, {@code decoder.attention.W_a.weight}
 * (Luong) or {@code decoder.attention.W_q.weight}, {@code W_k}, {@code v_a} (Bahdanau),
 * {@code decoder.attentional.W_c.weight}, {@code decoder.output.weight}, {@code decoder.output.bias}.
 *
 * <p>Nothing of a call is kept in the model, so one model serves several threads for inference.
 */
public final class Seq2SeqModel {
    /** Evaluation's and search's: rate 0 drops nothing and draws nothing. */
    private static final Dropout NO_DROPOUT = new Dropout(0f);

    private final Seq2SeqConfig config;
    private final Embedding sourceEmbedding;
    private final RecurrentLayer encoder;
    private final Dense[] bridge;              // one per state tensor: h (and c)
    private final Embedding targetEmbedding;
    private final RecurrentCell<?> decoderCell;
    private final Recurrent decoderLoop;       // the same cell, for the all-steps path
    private final Attention attention;
    private final AttentionalHidden attentional;
    private final Dense output;
    private final List<Parameter> parameters;

    public Seq2SeqModel(Seq2SeqConfig config, RandomGenerator rng) {
        this.config = config;
        int e = config.embeddingSize();
        int h = config.hiddenSize();
        int k = config.encoderOutputSize();
        this.sourceEmbedding = new Embedding(config.sourceVocabularySize(), e, "encoder.embedding.", rng);
        this.encoder = new RecurrentLayer(new RecurrentConfig(config.cell(), e, h, config.encoderLayers(), true, 0f),
                rng);
        int stateTensors = config.cell().stateTensors();
        this.bridge = new Dense[stateTensors];
        for (int i = 0; i < stateTensors; i++) {
            bridge[i] = new Dense(k, h, i == 0 ? "bridge.h." : "bridge.c.", rng);
        }
        this.targetEmbedding = new Embedding(config.targetVocabularySize(), e, "decoder.embedding.", rng);
        this.decoderCell = config.cell().newCell(config.decoderInputSize(), h, "_l0", rng);
        this.decoderLoop = new Recurrent(decoderCell, false);
        this.attention = switch (config.attention()) {
            case BAHDANAU -> new BahdanauAttention(h, k, config.attentionSize(), "decoder.attention.", rng);
            case LUONG -> config.luongScore() == LuongAttention.Score.CONCAT
                    ? LuongAttention.concat(h, k, config.attentionSize(), "decoder.attention.", rng)
                    : LuongAttention.general(h, k, "decoder.attention.", rng);
        };
        this.attentional = new AttentionalHidden(k, h, h, "decoder.attentional.", rng);
        this.output = new Dense(h, config.targetVocabularySize(), "decoder.output.", rng);

        List<Parameter> all = new ArrayList<>(sourceEmbedding.parameters());
        encoder.parameters().forEach(p -> all.add(renamed("encoder.rnn.", p)));
        for (Dense d : bridge) {
            all.addAll(d.parameters());
        }
        all.addAll(targetEmbedding.parameters());
        decoderCell.parameters().forEach(p -> all.add(renamed("decoder.rnn.", p)));
        all.addAll(attention.parameters());
        all.addAll(attentional.parameters());
        all.addAll(output.parameters());
        this.parameters = List.copyOf(all);
    }

    /** The same value and gradient tensors under a prefixed name: the layers keep PyTorch's names inside. */
    private static Parameter renamed(String prefix, Parameter p) {
        return new Parameter(prefix + p.name(), p.value(), p.grad());
    }

    public Seq2SeqConfig config() {
        return config;
    }

    /** Every parameter, under the names of the class comment. */
    public List<Parameter> parameters() {
        return parameters;
    }

    // ================================================================ encoder

    /** What the encoder computed for a batch of source sentences, and what its backward needs. */
    public static final class EncoderTrace {
        private final int[] ids;
        private final SequenceLayer.Trace rnn;
        private final Tensor[] bridgeInputs;  // per state tensor: (B, 2H)
        private final RecurrentState initial; // s_0: its tensors are the bridge outputs
        private final Tensor embeddingKeep;   // the dropout's scaled keep-mask on x, or null

        private EncoderTrace(int[] ids, Tensor embeddingKeep, SequenceLayer.Trace rnn, Tensor[] bridgeInputs,
                             RecurrentState initial) {
            this.ids = ids;
            this.embeddingKeep = embeddingKeep;
            this.rnn = rnn;
            this.bridgeInputs = bridgeInputs;
            this.initial = initial;
        }

        /** h̄, (B, S, 2H), zeros at padded positions. */
        public Tensor outputs() {
            return rnn.output().sequence();
        }

        /** The decoder's initial state s_0. */
        public RecurrentState initialState() {
            return initial;
        }
    }

    private EncoderTrace encodeForward(int[] ids, int batch, int steps, SequenceMask mask, Dropout dropout,
                                       RandomGenerator rng) {
        Dropout.Result droppedX = dropout.forwardInTraining(sourceEmbedding.forward(ids, batch, steps), rng); // (B, S, E)
        SequenceLayer.Trace rnn = encoder.forward(droppedX.output(), mask, null);  // (B, S, 2H)
        List<RecurrentState> finals = rnn.output().finalStates();
        RecurrentState forward = finals.get(finals.size() - 2);                    // top layer, both directions
        RecurrentState backward = finals.get(finals.size() - 1);
        Tensor[] inputs = new Tensor[bridge.length];
        List<Tensor> initial = new ArrayList<>();
        for (int i = 0; i < bridge.length; i++) {
            inputs[i] = Rows.concat(forward.tensors().get(i), backward.tensors().get(i)); // (B, 2H)
            Tensor s0 = bridge[i].forward(inputs[i]);                              // (B, H)
            Rows.tanh(s0);
            initial.add(s0);
        }
        return new EncoderTrace(ids, droppedX.mask(), rnn, inputs, RecurrentState.of(initial));
    }

    private void encodeBackward(EncoderTrace trace, Tensor dOutputs, RecurrentState dInitial, Dropout dropout) {
        int h = config.hiddenSize();
        int batch = trace.outputs().dim(0);
        List<Tensor> dForward = new ArrayList<>();
        List<Tensor> dBackward = new ArrayList<>();
        for (int i = 0; i < bridge.length; i++) {
            Tensor s0 = trace.initial.tensors().get(i);
            Tensor dz = dInitial.tensors().get(i).copy();
            for (int j = 0, n = dz.size(); j < n; j++) {
                float v = s0.get(j);
                dz.set(j, dz.get(j) * (1f - v * v));                                // tanh'
            }
            Tensor dIn = bridge[i].backward(trace.bridgeInputs[i], dz);             // (B, 2H)
            dForward.add(Rows.columns(dIn, 0, h));
            dBackward.add(Rows.columns(dIn, h, h));
        }
        List<RecurrentState> dFinal = new ArrayList<>(encoder.zeroStates(batch));
        dFinal.set(dFinal.size() - 2, RecurrentState.of(dForward));
        dFinal.set(dFinal.size() - 1, RecurrentState.of(dBackward));
        SequenceGradients g = encoder.backward(trace.rnn, dOutputs, dFinal);
        sourceEmbedding.backward(trace.ids, dropout.backwardIfDropped(trace.embeddingKeep, g.input()));
    }

    // ================================================================ teacher forcing

    /** What {@link #forward} computed: the logits (B, T, V_t), and what backward needs. */
    public static final class Trace {
        private final TranslationBatch batch;
        private final EncoderTrace encoder;
        private final AttentionMemory memory;
        private final Tensor logits;
        private final Tensor attentionalStates; // h̃ (B, T, H), as the output layer read it (after dropout)
        private final BlockTrace block;         // the all-steps path, or null
        private final StepTrace steps;          // the stepwise path, or null
        private final Dropout dropout;          // of this call (rate 0 when nothing was dropped)
        private final Tensor targetKeep;        // the dropout's keep-masks on the embedded target and on h̃, or null
        private final Tensor attentionalKeep;

        private Trace(TranslationBatch batch, EncoderTrace encoder, AttentionMemory memory, Tensor logits,
                      Tensor attentionalStates, BlockTrace block, StepTrace steps, Dropout dropout,
                      Tensor targetKeep, Tensor attentionalKeep) {
            this.batch = batch;
            this.encoder = encoder;
            this.memory = memory;
            this.logits = logits;
            this.attentionalStates = attentionalStates;
            this.block = block;
            this.steps = steps;
            this.dropout = dropout;
            this.targetKeep = targetKeep;
            this.attentionalKeep = attentionalKeep;
        }

        /** (B, T, V_t). */
        public Tensor logits() {
            return logits;
        }

        /** The attention weights of every step, (B, T, S). */
        public Tensor attentionWeights() {
            if (block != null) {
                return block.attention.weights();
            }
            int b = batch.batch();
            int t = batch.targetSteps();
            int s = batch.sourceSteps();
            Tensor out = Tensor.zeros(b, t, s);
            for (int i = 0; i < t; i++) {
                Rows.putStep(out, i, steps.cell.attention(i).weights());
            }
            return out;
        }

        /** Frees the working buffers when no backward will follow (evaluation). */
        public void release() {
            encoder.rnn.release();
            if (block != null) {
                block.rnn.release();
            }
            if (steps != null) {
                steps.rnn.release();
            }
        }
    }

    private record BlockTrace(SequenceLayer.Trace rnn, AttentionTrace attention, AttentionalHidden.Trace hidden) {
    }

    /** The stepwise path: the attention decoder cell of this call, the loop that stepped it, and its trace. */
    private record StepTrace(AttentionDecoderCell<?> cell, Recurrent loop, SequenceLayer.Trace rnn) {
    }

    /**
     * Teacher forcing: the decoder reads the batch's decoder input (the reference shifted right) and the logits of
     * every target step come out.
     */
    public Trace forward(TranslationBatch batch) {
        return forward(batch, config.stepwiseDecoder(), NO_DROPOUT, null);
    }

    /**
     * Teacher forcing in training, with dropout at {@code rate} on the connections that are not recurrent (Zaremba
     * et al. 2014; Luong et al. 2015 use 0.2): the embedded source and target tokens, each value on its own, and h̃
     * on its way to the output layer (input feeding still passes the undropped h̃ to the next step). Rate 0, or a null
     * rng, is {@link #forward(TranslationBatch)}.
     */
    public Trace forward(TranslationBatch batch, float rate, RandomGenerator rng) {
        return forward(batch, config.stepwiseDecoder(), new Dropout(rate), rng);
    }

    /** {@link #forward}, choosing the path: the stepwise one serves every configuration (tests compare the two). */
    Trace forward(TranslationBatch batch, boolean stepwise) {
        return forward(batch, stepwise, NO_DROPOUT, null);
    }

    private Trace forward(TranslationBatch batch, boolean stepwise, Dropout dropout, RandomGenerator rng) {
        if (!stepwise && config.stepwiseDecoder()) {
            throw new IllegalArgumentException("this decoder's input depends on the step before: it runs stepwise");
        }
        EncoderTrace enc = encodeForward(batch.source(), batch.batch(), batch.sourceSteps(), batch.sourceMask(),
                dropout, rng);
        AttentionMemory memory = attention.memory(enc.outputs(), batch.sourceMask());
        Tensor embedded = targetEmbedding.forward(batch.decoderInput(), batch.batch(), batch.targetSteps()); // (B, T, E)
        Dropout.Result droppedTarget = dropout.forwardInTraining(embedded, rng);
        embedded = droppedTarget.output();
        Tensor attentionalStates;
        BlockTrace block = null;
        StepTrace stepwiseTrace = null;
        if (stepwise) {
            AttentionDecoderCell<?> cell = decoderCell(memory, batch.targetSteps());
            Recurrent loop = new Recurrent(cell, false);
            RecurrentState s0 = enc.initialState();
            RecurrentState initial = new AttentionalState<>(Tensor.zeros(s0.batch(), config.hiddenSize()), s0); // h̃_0 = 0
            SequenceLayer.Trace rnn = loop.forward(embedded, null, List.of(initial));   // h̃ (B, T, H)
            attentionalStates = rnn.output().sequence();
            stepwiseTrace = new StepTrace(cell, loop, rnn);
        } else {
            SequenceLayer.Trace rnn = decoderLoop.forward(embedded, null, List.of(enc.initialState())); // s (B, T, H)
            Tensor states = rnn.output().sequence();
            AttentionTrace att = attention.attend(states, memory);                      // c (B, T, 2H)
            AttentionalHidden.Trace hidden = attentional.forward(att.context(), states); // h̃ (B, T, H)
            attentionalStates = hidden.output();
            block = new BlockTrace(rnn, att, hidden);
        }
        Dropout.Result droppedAttentional = dropout.forwardInTraining(attentionalStates, rng);
        Tensor logits = output.forward(droppedAttentional.output());                    // (B, T, V_t)
        return new Trace(batch, enc, memory, logits, droppedAttentional.output(), block, stepwiseTrace, dropout,
                droppedTarget.mask(), droppedAttentional.mask());
    }

    /** The decoder cell wrapped with attention, bound to this call's memory: Bahdanau or Luong, input feeding. */
    private AttentionDecoderCell<?> decoderCell(AttentionMemory memory, int steps) {
        return new AttentionDecoderCell<>(decoderCell, attention, attentional, memory,
                config.attention() == AttentionType.BAHDANAU, config.inputFeeding(), config.embeddingSize(), steps);
    }

    /** Backpropagation through the whole trace; adds into every parameter's gradient. */
    public void backward(Trace trace, Tensor dLogits) {
        if (!dLogits.sameShape(trace.logits)) {
            throw new IllegalArgumentException("Seq2SeqModel backward: dLogits must have shape "
                    + trace.logits.shapeString() + ", got " + dLogits.shapeString());
        }
        TranslationBatch batch = trace.batch;
        Tensor dAttentional = trace.dropout.backwardIfDropped(trace.attentionalKeep,
                output.backward(trace.attentionalStates, dLogits));                    // dh̃ (B, T, H)
        RecurrentState dInitial;
        Tensor dEmbedded;
        if (trace.block != null) {
            BlockTrace block = trace.block;
            AttentionalHidden.Gradients g = attentional.backward(block.hidden, dAttentional);
            Tensor dStates = g.queries();                                            // (B, T, H)
            Rows.addInto(dStates, attention.backward(block.attention, g.context(), null));
            SequenceGradients sg = decoderLoop.backward(block.rnn, dStates, null);
            dEmbedded = sg.input();
            dInitial = sg.initialStates().get(0);
        } else {
            SequenceGradients sg = trace.steps.loop.backward(trace.steps.rnn, dAttentional, null);
            dEmbedded = sg.input();
            List<Tensor> dStates = sg.initialStates().get(0).tensors();                // [dh̃_0, ds_0 (, dc_0)]
            dInitial = RecurrentState.of(dStates.subList(1, dStates.size()));
        }
        targetEmbedding.backward(batch.decoderInput(), trace.dropout.backwardIfDropped(trace.targetKeep, dEmbedded));
        Tensor dEncoder = attention.backwardMemory(trace.memory).keysPlusValues();  // keys = values = h̄
        encodeBackward(trace.encoder, dEncoder, dInitial, trace.dropout);
    }

    // ================================================================ search, one step at a time

    /**
     * The encoder side for search: the source batch's outputs (B, S, 2H), its mask and the decoder's initial state.
     */
    public record Encoded(Tensor outputs, SequenceMask mask, RecurrentState initialState) {
        /** Each row repeated k times (row i → rows i·k … i·k + k − 1), for k beams per sentence. */
        public Encoded repeat(int k) {
            if (k == 1) {
                return this;
            }
            int batch = outputs.dim(0);
            int[] lengths = new int[batch * k];
            int[] own = mask.lengths();
            for (int i = 0; i < lengths.length; i++) {
                lengths[i] = own[i / k];
            }
            return new Encoded(Rows.repeat(outputs, k), SequenceMask.fromLengths(lengths, mask.steps()),
                    RecurrentState.of(initialState.tensors().stream().map(t -> Rows.repeat(t, k)).toList()));
        }
    }

    /** The decoder's state between steps: the recurrent state, and h̃_{t−1} for input feeding (else null). */
    public record DecoderState(RecurrentState recurrent, Tensor feed) {
        /** The rows of {@code rows}, in that order: how beams follow their parents. */
        public DecoderState gather(int[] rows) {
            return new DecoderState(
                    RecurrentState.of(recurrent.tensors().stream().map(t -> Rows.gather(t, rows)).toList()),
                    feed == null ? null : Rows.gather(feed, rows));
        }
    }

    /** One step's result: the logits (N, V_t), the attention weights (N, S) and the state after the step. */
    public record StepResult(Tensor logits, Tensor weights, DecoderState state) {
    }

    /** Encodes source ids (B·S, row-major, padded) for search. */
    public Encoded encode(int[] sourceIds, int batch, int steps, SequenceMask mask) {
        EncoderTrace trace = encodeForward(sourceIds, batch, steps, mask, NO_DROPOUT, null);
        trace.rnn.release();
        return new Encoded(trace.outputs(), mask, trace.initialState());
    }

    /** The attention's memory of the encoder outputs, made once and read by every step. */
    public AttentionMemory memory(Encoded encoded) {
        return attention.memory(encoded.outputs(), encoded.mask());
    }

    /** The state before the first step: s_0 from the bridge (and h̃_0 = 0 for input feeding). */
    public DecoderState initialState(Encoded encoded) {
        RecurrentState s0 = encoded.initialState();
        return new DecoderState(s0, config.inputFeeding() ? Tensor.zeros(s0.batch(), config.hiddenSize()) : null);
    }

    /**
     * One decoder step for N rows: reads the previous tokens (N ids; &lt;s&gt; at the first step), returns the
     * logits of the next token.
     */
    public StepResult step(AttentionMemory memory, DecoderState state, int[] previousTokens) {
        return step(decoderCell(memory, 1), state, previousTokens);
    }

    private <S extends RecurrentState> StepResult step(AttentionDecoderCell<S> cell, DecoderState state,
                                                       int[] previousTokens) {
        int n = previousTokens.length;
        int h = config.hiddenSize();
        Tensor embedded = targetEmbedding.forward(previousTokens, n, 1).reshape(n, config.embeddingSize()); // (N, E)
        List<Tensor> prevTensors = new ArrayList<>();                                // [h̃_{t−1}, s_{t−1} (, c_{t−1})]
        prevTensors.add(state.feed() != null ? state.feed() : Tensor.zeros(n, h));
        prevTensors.addAll(state.recurrent().tensors());
        List<Tensor> nextTensors = new ArrayList<>();
        for (int k = 0; k < cell.stateTensors(); k++) {
            nextTensors.add(Tensor.zeros(n, h));
        }
        AttentionalState<S> next = cell.state(nextTensors);
        StepScratch scratch = new StepScratch(n, cell.gateWidth(), h);
        cell.forward(new StepBuffers(0, embedded, Tensor.zeros(n, cell.gateWidth()),
                Tensor.zeros(n, cell.cacheWidth()), scratch), cell.state(prevTensors), next);
        scratch.release();
        Tensor logits = output.forward(next.h());                                    // (N, V_t)
        return new StepResult(logits, cell.attention(0).weights(), new DecoderState(next.inner(),
                config.inputFeeding() ? next.h() : null));
    }

    @Override
    public String toString() {
        return "Seq2SeqModel(" + config.cell().id() + ", embedding " + config.embeddingSize() + ", hidden "
                + config.hiddenSize() + ", encoder layers " + config.encoderLayers() + ", " + config.attention().id()
                + (config.attention() == AttentionType.LUONG ? " " + config.luongScore().name().toLowerCase(java.util.Locale.ROOT)
                + (config.inputFeeding() ? ", input feeding" : "") : "") + ", vocabularies "
                + config.sourceVocabularySize() + " -> " + config.targetVocabularySize() + ")";
    }
}
