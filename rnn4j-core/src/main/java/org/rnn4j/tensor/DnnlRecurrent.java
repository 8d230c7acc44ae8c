package org.rnn4j.tensor;

import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_BIAS;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DIFF_BIAS;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DIFF_DST_ITER;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DIFF_DST_ITER_C;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DIFF_DST_LAYER;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DIFF_SRC_ITER;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DIFF_SRC_ITER_C;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DIFF_SRC_LAYER;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DIFF_WEIGHTS_ITER;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DIFF_WEIGHTS_LAYER;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DST_ITER;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DST_ITER_C;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DST_LAYER;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_FROM;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_SCRATCHPAD;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_SRC_ITER;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_SRC_ITER_C;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_SRC_LAYER;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_TO;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_WEIGHTS_ITER;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_WEIGHTS_LAYER;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_WORKSPACE;

import java.util.ArrayDeque;
import java.util.LinkedHashMap;
import java.util.Map;
import org.bytedeco.dnnl.IntMemoryMap;
import org.bytedeco.dnnl.global.dnnl.algorithm;
import org.bytedeco.dnnl.global.dnnl.prop_kind;
import org.bytedeco.dnnl.global.dnnl.rnn_direction;
import org.bytedeco.dnnl.global.dnnl.scratchpad_mode;
import org.bytedeco.dnnl.gru_backward;
import org.bytedeco.dnnl.gru_forward;
import org.bytedeco.dnnl.lbr_gru_backward;
import org.bytedeco.dnnl.lbr_gru_forward;
import org.bytedeco.dnnl.lstm_backward;
import org.bytedeco.dnnl.lstm_forward;
import org.bytedeco.dnnl.memory;
import org.bytedeco.dnnl.primitive;
import org.bytedeco.dnnl.primitive_attr;
import org.bytedeco.dnnl.reorder;
import org.bytedeco.dnnl.rnn_primitive_desc_base;
import org.bytedeco.dnnl.stream;
import org.bytedeco.dnnl.vanilla_rnn_backward;
import org.bytedeco.dnnl.vanilla_rnn_forward;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.javacpp.PointerScope;

/**
 * One direction of one recurrent layer on oneDNN's RNN primitives, with PyTorch's parameters and numbers.
 *
 * <p>Layouts, in oneDNN's names: the sequence is {@code tnc} (T, B, ·), a state {@code ldnc} (1, 1, B, H), a
 * PyTorch weight (G·H, F) is exactly {@code ldgoi} (1, 1, G, H, F). The primitive wants its weights in a format
 * of its own choice ({@code any}): given plain ones, its forward-training ran the slow reference kernel. So the
 * weights are reordered into that format once per change of the weight (per optimiser step in training, once in
 * inference), which the tensors' write counters tell, not at every call.
 *
 * <p>The cells, against PyTorch:
 * <pre>
 *   RNN   h' = act(W_ih x + W_hh h + b)                      b = b_ih + b_hh
 *   LSTM  gates i, f, g, o in both libraries                 b = b_ih + b_hh
 *   GRU   oneDNN's linear-before-reset GRU (lbr_gru) is PyTorch's GRU, gates u(= z), r, o(= n):
 *         u = σ(W_u x + U_u h + B_u)    r = σ(W_r x + U_r h + B_r)
 *         o = tanh(W_o x + B_o + r ⊙ (U_o h + B_o'))          h' = u ⊙ h + (1 − u) ⊙ o
 *         so the gate blocks [r; z; n] are swapped to [z; r; n], and the bias has four blocks
 *         [b_iz + b_hz; b_ir + b_hr; b_in; b_hn]
 *   GRU_RESET_BEFORE   oneDNN's vanilla GRU (gru) is the reset-before GRU, gates u(= z), r, o(= n):
 *         u = σ(W_u x + U_u h + B_u)    r = σ(W_r x + U_r h + B_r)
 *         o = tanh(W_o x + U_o (r ⊙ h) + B_o)                 h' = u ⊙ h + (1 − u) ⊙ o
 *         the same swap of the gate blocks; every bias is outside a product with r, so three blocks
 *         [b_iz + b_hz; b_ir + b_hr; b_in + b_hn]
 * </pre>
 *
 * <p>Primitives are cached per (training, T, B), the eight most recent; the workspace that forward-training
 * leaves for backward travels in its {@link Trace} and returns to a pool when the trace is closed. Calls on one
 * instance are serialised (one stream).
 */
public final class DnnlRecurrent {
    /** The cells oneDNN runs with PyTorch's numbers. */
    public enum Cell {
        RNN_TANH(1, 1), RNN_RELU(1, 1), LSTM(4, 4), GRU(3, 4), GRU_RESET_BEFORE(3, 3);

        final int gates;
        final int biasBlocks;

        Cell(int gates, int biasBlocks) {
            this.gates = gates;
            this.biasBlocks = biasBlocks;
        }
    }

    /** A layer's parameters (or their gradients) in PyTorch's layout: W_ih (G·H, F), W_hh (G·H, H), b (G·H). */
    public record Weights(Tensor ih, Tensor hh, Tensor biasIh, Tensor biasHh) {
    }

    /** A sequence (T, B, ·) and the states at one end of it, (B, H) each; {@code c} only for an LSTM. */
    public record Sequence(Tensor layer, Tensor h, Tensor c) {
    }

    private static final int CACHED_SHAPES = 8;

    /**
     * Every primitive gets its scratchpad from this class, not from oneDNN's global one: that one is thread-local
     * to the thread that made the primitive (unless oneDNN was built for concurrent execution, which JavaCPP's is
     * not), so a layer called from another thread, as a server's request threads do, ran on a missing or smaller
     * scratchpad and crashed the JVM (SIGSEGV in libdnnl). The calling thread's {@link ThreadScratchpad} serves
     * every primitive it runs.
     */
    private static final primitive_attr SCRATCHPAD_BY_CALLER = userScratchpad();

    private static primitive_attr userScratchpad() {
        primitive_attr attr = new primitive_attr();
        attr.set_scratchpad_mode(scratchpad_mode.user);
        return attr;
    }

    private final Cell cell;
    private final int inputSize;
    private final int hiddenSize;
    private final rnn_direction direction;
    private final stream stream = OneDnn.newStream();
    private final Map<Shape, Primitives> cache = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Shape, Primitives> eldest) {
            return size() > CACHED_SHAPES;
        }
    };
    private final ReorderedWeight forwardLayerWeights;
    private final ReorderedWeight forwardIterWeights;
    private final ReorderedWeight backwardLayerWeights;
    private final ReorderedWeight backwardIterWeights;
    private final Tensor bias;                  // (biasBlocks·H): the bias in oneDNN's blocks
    private final Tensor diffBias;              // (biasBlocks·H)
    private final Tensor permutedIh;            // GRUs only: W_ih with the [z; r; n] blocks, (3H, F)
    private final Tensor permutedHh;            // GRUs only: (3H, H)

    public DnnlRecurrent(Cell cell, int inputSize, int hiddenSize, boolean reverse) {
        this.cell = cell;
        this.inputSize = inputSize;
        this.hiddenSize = hiddenSize;
        this.direction = reverse ? rnn_direction.unidirectional_right2left : rnn_direction.unidirectional_left2right;
        this.bias = Tensor.allocate(cell.biasBlocks * hiddenSize);
        this.diffBias = Tensor.allocate(cell.biasBlocks * hiddenSize);
        boolean gru = gatesSwapped();
        this.permutedIh = gru ? Tensor.allocate(3 * hiddenSize, inputSize) : null;
        this.permutedHh = gru ? Tensor.allocate(3 * hiddenSize, hiddenSize) : null;
        this.forwardLayerWeights = new ReorderedWeight(layerWeightDims(), permutedIh);
        this.forwardIterWeights = new ReorderedWeight(iterWeightDims(), permutedHh);
        this.backwardLayerWeights = new ReorderedWeight(layerWeightDims(), permutedIh);
        this.backwardIterWeights = new ReorderedWeight(iterWeightDims(), permutedHh);
    }

    /** What a forward-training call leaves for its backward: oneDNN's workspace. Close it when done. */
    public final class Trace implements AutoCloseable {
        private final Primitives primitives;
        private memory workspace;

        private Trace(Primitives primitives, memory workspace) {
            this.primitives = primitives;
            this.workspace = workspace;
        }

        @Override
        public void close() {
            synchronized (DnnlRecurrent.this) {
                if (workspace != null) {
                    primitives.workspaces.push(workspace);
                    workspace = null;
                }
            }
        }
    }

    /**
     * Forward over {@code source} (x (T, B, F) and the initial states) into {@code destination} (the output
     * (T, B, H) and the final states).
     *
     * @param training whether backward follows: then the returned trace holds the workspace; else it holds nothing
     */
    public synchronized Trace forward(boolean training, Weights weights, Sequence source, Sequence destination) {
        int steps = source.layer().dim(0);
        int batch = source.layer().dim(1);
        Primitives p = primitives(training, steps, batch);
        memory layerWeights = forwardLayerWeights.of(p.forwardDesc.weights_layer_desc(), weights.ih());
        memory iterWeights = forwardIterWeights.of(p.forwardDesc.weights_iter_desc(), weights.hh());
        fillBias(weights);
        memory workspace = training ? p.takeWorkspace() : null;
        // Outside the pointer scope below, which would free a scratchpad allocated inside it.
        p.forwardScratchpad.set_data_handle(ThreadScratchpad.atLeast(p.forwardScratchpadBytes));
        OneDnn.useRnn4jThreads();
        try (PointerScope scope = new PointerScope()) {
            IntMemoryMap args = new IntMemoryMap();
            putStates(args, source, destination, batch, steps, false);
            args.put(DNNL_ARG_WEIGHTS_LAYER, layerWeights);
            args.put(DNNL_ARG_WEIGHTS_ITER, iterWeights);
            args.put(DNNL_ARG_BIAS, wrap(biasDims(), memory.format_tag.ldgo, bias, false));
            if (workspace != null) {
                args.put(DNNL_ARG_WORKSPACE, workspace);
            }
            args.put(DNNL_ARG_SCRATCHPAD, p.forwardScratchpad);
            p.forward.execute(stream, args);
            stream._wait();
        }
        return new Trace(p, workspace);
    }

    /**
     * Backward of a forward-training call with the same weights and tensors: writes {@code diffSource} (dx and
     * the initial states' gradients) and adds the parameter gradients into {@code gradients}.
     *
     * @param diffDestination the gradients of the output sequence and of the final states
     */
    public synchronized void backward(Trace trace, Weights weights, Sequence source, Sequence destination,
                                      Sequence diffDestination, Sequence diffSource, Weights gradients) {
        if (trace.workspace == null) {
            throw new IllegalStateException("backward needs the trace of a forward-training call, not yet closed");
        }
        Primitives p = trace.primitives;
        int steps = source.layer().dim(0);
        int batch = source.layer().dim(1);
        p.ensureBackward();
        memory layerWeights = backwardLayerWeights.of(p.backwardDesc.weights_layer_desc(), weights.ih());
        memory iterWeights = backwardIterWeights.of(p.backwardDesc.weights_iter_desc(), weights.hh());
        fillBias(weights);
        p.zeroDiffWeights();
        diffBias.zero();
        p.backwardScratchpad.set_data_handle(ThreadScratchpad.atLeast(p.backwardScratchpadBytes));
        OneDnn.useRnn4jThreads();
        try (PointerScope scope = new PointerScope()) {
            IntMemoryMap args = new IntMemoryMap();
            putStates(args, source, destination, batch, steps, false);
            putStates(args, diffSource, diffDestination, batch, steps, true);
            args.put(DNNL_ARG_WEIGHTS_LAYER, layerWeights);
            args.put(DNNL_ARG_WEIGHTS_ITER, iterWeights);
            args.put(DNNL_ARG_BIAS, wrap(biasDims(), memory.format_tag.ldgo, bias, false));
            args.put(DNNL_ARG_DIFF_WEIGHTS_LAYER, p.diffLayerWeights);
            args.put(DNNL_ARG_DIFF_WEIGHTS_ITER, p.diffIterWeights);
            args.put(DNNL_ARG_DIFF_BIAS, wrap(biasDims(), memory.format_tag.ldgo, diffBias, true));
            args.put(DNNL_ARG_WORKSPACE, trace.workspace);
            args.put(DNNL_ARG_SCRATCHPAD, p.backwardScratchpad);
            p.backward.execute(stream, args);
            stream._wait();
        }
        addWeightGradient(p.diffLayerWeights, layerWeightDims(), gradients.ih(), permutedIh);
        addWeightGradient(p.diffIterWeights, iterWeightDims(), gradients.hh(), permutedHh);
        addBiasGradient(gradients);
    }

    /** The layer and state arguments: source and destination, or (diff) their gradients. */
    private void putStates(IntMemoryMap args, Sequence source, Sequence destination, int batch, int steps,
                           boolean diff) {
        long[] iter = {1, 1, batch, hiddenSize};
        args.put(diff ? DNNL_ARG_DIFF_SRC_LAYER : DNNL_ARG_SRC_LAYER,
                wrap(new long[] {steps, batch, inputSize}, memory.format_tag.tnc, source.layer(), diff));
        args.put(diff ? DNNL_ARG_DIFF_SRC_ITER : DNNL_ARG_SRC_ITER,
                wrap(iter, memory.format_tag.ldnc, source.h(), diff));
        args.put(diff ? DNNL_ARG_DIFF_DST_LAYER : DNNL_ARG_DST_LAYER,
                wrap(new long[] {steps, batch, hiddenSize}, memory.format_tag.tnc, destination.layer(), !diff));
        args.put(diff ? DNNL_ARG_DIFF_DST_ITER : DNNL_ARG_DST_ITER,
                wrap(iter, memory.format_tag.ldnc, destination.h(), !diff));
        if (cell == Cell.LSTM) {
            args.put(diff ? DNNL_ARG_DIFF_SRC_ITER_C : DNNL_ARG_SRC_ITER_C,
                    wrap(iter, memory.format_tag.ldnc, source.c(), diff));
            args.put(diff ? DNNL_ARG_DIFF_DST_ITER_C : DNNL_ARG_DST_ITER_C,
                    wrap(iter, memory.format_tag.ldnc, destination.c(), !diff));
        }
    }

    /** A memory over a tensor's storage, in place; {@code written} when the primitive writes it. */
    private memory wrap(long[] dims, memory.format_tag tag, Tensor tensor, boolean written) {
        return new memory(new memory.desc(dims, memory.data_type.f32, tag), OneDnn.engine(),
                new FloatPointer(written ? tensor.bufferForWriting() : tensor.buffer()));
    }

    private long[] layerWeightDims() {
        return new long[] {1, 1, inputSize, cell.gates, hiddenSize};
    }

    private long[] iterWeightDims() {
        return new long[] {1, 1, hiddenSize, cell.gates, hiddenSize};
    }

    private long[] biasDims() {
        return new long[] {1, 1, cell.biasBlocks, hiddenSize};
    }

    /** Whether oneDNN's gate order differs from PyTorch's: both GRUs, [z; r; n] against [r; z; n]. */
    private boolean gatesSwapped() {
        return cell == Cell.GRU || cell == Cell.GRU_RESET_BEFORE;
    }

    /** out = in with gate blocks 0 and 1 swapped ([r; z; n] ⇄ [z; r; n]), both (3H, ·). Its own inverse. */
    private Tensor swapFirstTwoGates(Tensor in, Tensor out) {
        int block = hiddenSize * (in.size() / (3 * hiddenSize));
        out.write(0, in, block, block);
        out.write(block, in, 0, block);
        out.write(2 * block, in, 2 * block, block);
        return out;
    }

    /** oneDNN's bias from PyTorch's two (see the class comment). */
    private void fillBias(Weights weights) {
        int h = hiddenSize;
        float[] ih = weights.biasIh().toArray();
        float[] hh = weights.biasHh().toArray();
        float[] b = new float[cell.biasBlocks * h];
        if (cell == Cell.GRU) {
            for (int j = 0; j < h; j++) {
                b[j] = ih[h + j] + hh[h + j];      // B_u = b_iz + b_hz
                b[h + j] = ih[j] + hh[j];          // B_r = b_ir + b_hr
                b[2 * h + j] = ih[2 * h + j];      // B_o = b_in
                b[3 * h + j] = hh[2 * h + j];      // B_o' = b_hn, inside r ⊙ (…)
            }
        } else if (cell == Cell.GRU_RESET_BEFORE) {
            for (int j = 0; j < h; j++) {
                b[j] = ih[h + j] + hh[h + j];      // B_u = b_iz + b_hz
                b[h + j] = ih[j] + hh[j];          // B_r = b_ir + b_hr
                b[2 * h + j] = ih[2 * h + j] + hh[2 * h + j]; // B_o = b_in + b_hn, both outside U_o (r ⊙ h)
            }
        } else {
            for (int j = 0; j < b.length; j++) {
                b[j] = ih[j] + hh[j];              // b_ih and b_hh are only ever summed
            }
        }
        bias.write(0, b, 0, b.length);
    }

    /** grad += the diff weight in PyTorch's layout (and gate order). */
    private void addWeightGradient(memory diff, long[] dims, Tensor grad, Tensor permuted) {
        Tensor plain = Workspace.take(grad.shape());                               // ldgoi = (G·H, ·)
        try (PointerScope scope = new PointerScope()) {
            memory user = wrap(dims, memory.format_tag.ldgoi, plain, true);
            new reorder(diff, user).execute(stream, reorderArgs(diff, user));
            stream._wait();
        }
        Blas.axpy(1f, gatesSwapped() ? swapFirstTwoGates(plain, permuted) : plain, grad);
        Workspace.give(plain);
    }

    /** The bias blocks' gradient back onto b_ih and b_hh (each oneDNN block is a sum of PyTorch's). */
    private void addBiasGradient(Weights gradients) {
        int h = hiddenSize;
        float[] d = diffBias.toArray();
        float[] ih = new float[cell.gates * h];
        float[] hh = new float[cell.gates * h];
        if (cell == Cell.GRU) {
            for (int j = 0; j < h; j++) {
                ih[j] = hh[j] = d[h + j];                    // r
                ih[h + j] = hh[h + j] = d[j];                // z
                ih[2 * h + j] = d[2 * h + j];                // n, input side
                hh[2 * h + j] = d[3 * h + j];                // n, hidden side
            }
        } else if (cell == Cell.GRU_RESET_BEFORE) {
            for (int j = 0; j < h; j++) {
                ih[j] = hh[j] = d[h + j];                    // r
                ih[h + j] = hh[h + j] = d[j];                // z
                ih[2 * h + j] = hh[2 * h + j] = d[2 * h + j]; // n: B_o = b_in + b_hn
            }
        } else {
            System.arraycopy(d, 0, ih, 0, ih.length);
            System.arraycopy(d, 0, hh, 0, hh.length);
        }
        Blas.axpy(1f, Tensor.of(ih, ih.length), gradients.biasIh());
        Blas.axpy(1f, Tensor.of(hh, hh.length), gradients.biasHh());
    }

    private static IntMemoryMap reorderArgs(memory from, memory to) {
        IntMemoryMap args = new IntMemoryMap();
        args.put(DNNL_ARG_FROM, from);
        args.put(DNNL_ARG_TO, to);
        return args;
    }

    private Primitives primitives(boolean training, int steps, int batch) {
        return cache.computeIfAbsent(new Shape(training, steps, batch), Primitives::new);
    }

    private record Shape(boolean training, int steps, int batch) {
    }

    /** The primitives of one shape, their workspaces, and the diff weights of backward in the formats it chose. */
    private final class Primitives {
        private final Shape shape;
        final rnn_primitive_desc_base forwardDesc;
        final primitive forward;
        rnn_primitive_desc_base backwardDesc;
        primitive backward;
        memory diffLayerWeights;
        memory diffIterWeights;
        memory forwardScratchpad;    // on this thread's ThreadScratchpad, set at each call
        memory backwardScratchpad;
        long forwardScratchpadBytes;
        long backwardScratchpadBytes;
        final ArrayDeque<memory> workspaces = new ArrayDeque<>();

        Primitives(Shape shape) {
            this.shape = shape;
            Descriptors d = new Descriptors(shape);
            prop_kind kind = shape.training() ? prop_kind.forward_training : prop_kind.forward_inference;
            switch (cell) {
                case RNN_TANH, RNN_RELU -> {
                    var pd = new vanilla_rnn_forward.primitive_desc(OneDnn.engine(), kind, activation(), direction,
                            d.srcLayer, d.iter, d.layerWeights, d.iterWeights, d.bias, d.dstLayer, d.iter,
                            SCRATCHPAD_BY_CALLER, false);
                    forwardDesc = pd;
                    forward = new vanilla_rnn_forward(pd);
                }
                case LSTM -> {
                    var pd = new lstm_forward.primitive_desc(OneDnn.engine(), kind, direction, d.srcLayer, d.iter,
                            d.iter, d.layerWeights, d.iterWeights, d.bias, d.dstLayer, d.iter, d.iter,
                            SCRATCHPAD_BY_CALLER, false);
                    forwardDesc = pd;
                    forward = new lstm_forward(pd);
                }
                case GRU -> {
                    var pd = new lbr_gru_forward.primitive_desc(OneDnn.engine(), kind, direction, d.srcLayer,
                            d.iter, d.layerWeights, d.iterWeights, d.bias, d.dstLayer, d.iter,
                            SCRATCHPAD_BY_CALLER, false);
                    forwardDesc = pd;
                    forward = new lbr_gru_forward(pd);
                }
                case GRU_RESET_BEFORE -> {
                    var pd = new gru_forward.primitive_desc(OneDnn.engine(), kind, direction, d.srcLayer,
                            d.iter, d.layerWeights, d.iterWeights, d.bias, d.dstLayer, d.iter,
                            SCRATCHPAD_BY_CALLER, false);
                    forwardDesc = pd;
                    forward = new gru_forward(pd);
                }
                default -> throw new IllegalStateException("no oneDNN primitive for " + cell);
            }
            forwardScratchpadBytes = forwardDesc.scratchpad_desc().get_size();
            forwardScratchpad = new memory(forwardDesc.scratchpad_desc(), OneDnn.engine(), (Pointer) null);
        }

        memory takeWorkspace() {
            memory workspace = workspaces.poll();
            return workspace != null ? workspace : new memory(forwardDesc.workspace_desc(), OneDnn.engine());
        }

        /** The backward primitive, made at the first backward of this shape. */
        void ensureBackward() {
            if (backward != null) {
                return;
            }
            Descriptors d = new Descriptors(shape);
            switch (cell) {
                case RNN_TANH, RNN_RELU -> {
                    var pd = new vanilla_rnn_backward.primitive_desc(OneDnn.engine(), prop_kind.backward,
                            activation(), direction, d.srcLayer, d.iter, d.layerWeights, d.iterWeights, d.bias,
                            d.dstLayer, d.iter, d.srcLayer, d.iter, d.layerWeights, d.iterWeights, d.bias,
                            d.dstLayer, d.iter, (vanilla_rnn_forward.primitive_desc) forwardDesc,
                            SCRATCHPAD_BY_CALLER, false);
                    backwardDesc = pd;
                    backward = new vanilla_rnn_backward(pd);
                }
                case LSTM -> {
                    var pd = new lstm_backward.primitive_desc(OneDnn.engine(), prop_kind.backward, direction,
                            d.srcLayer, d.iter, d.iter, d.layerWeights, d.iterWeights, d.bias, d.dstLayer, d.iter,
                            d.iter, d.srcLayer, d.iter, d.iter, d.layerWeights, d.iterWeights, d.bias, d.dstLayer,
                            d.iter, d.iter, (lstm_forward.primitive_desc) forwardDesc,
                            SCRATCHPAD_BY_CALLER, false);
                    backwardDesc = pd;
                    backward = new lstm_backward(pd);
                }
                case GRU -> {
                    var pd = new lbr_gru_backward.primitive_desc(OneDnn.engine(), prop_kind.backward, direction,
                            d.srcLayer, d.iter, d.layerWeights, d.iterWeights, d.bias, d.dstLayer, d.iter,
                            d.srcLayer, d.iter, d.layerWeights, d.iterWeights, d.bias, d.dstLayer, d.iter,
                            (lbr_gru_forward.primitive_desc) forwardDesc,
                            SCRATCHPAD_BY_CALLER, false);
                    backwardDesc = pd;
                    backward = new lbr_gru_backward(pd);
                }
                case GRU_RESET_BEFORE -> {
                    var pd = new gru_backward.primitive_desc(OneDnn.engine(), prop_kind.backward, direction,
                            d.srcLayer, d.iter, d.layerWeights, d.iterWeights, d.bias, d.dstLayer, d.iter,
                            d.srcLayer, d.iter, d.layerWeights, d.iterWeights, d.bias, d.dstLayer, d.iter,
                            (gru_forward.primitive_desc) forwardDesc,
                            SCRATCHPAD_BY_CALLER, false);
                    backwardDesc = pd;
                    backward = new gru_backward(pd);
                }
                default -> throw new IllegalStateException("no oneDNN primitive for " + cell);
            }
            backwardScratchpadBytes = backwardDesc.scratchpad_desc().get_size();
            backwardScratchpad = new memory(backwardDesc.scratchpad_desc(), OneDnn.engine(), (Pointer) null);
            diffLayerWeights = new memory(backwardDesc.diff_weights_layer_desc(), OneDnn.engine());
            diffIterWeights = new memory(backwardDesc.diff_weights_iter_desc(), OneDnn.engine());
        }

        /** oneDNN adds into the diff weights, so each backward starts them at zero. */
        void zeroDiffWeights() {
            for (memory m : new memory[] {diffLayerWeights, diffIterWeights}) {
                Pointer.memset(m.get_data_handle(), 0, m.get_desc().get_size());
            }
        }
    }

    /** The memory descriptors of one shape; weights in {@code any} format, the rest in the plain layouts. */
    private final class Descriptors {
        final memory.desc srcLayer;
        final memory.desc dstLayer;
        final memory.desc iter;
        final memory.desc layerWeights;
        final memory.desc iterWeights;
        final memory.desc bias;

        Descriptors(Shape shape) {
            srcLayer = f32(new long[] {shape.steps(), shape.batch(), inputSize}, memory.format_tag.tnc);
            dstLayer = f32(new long[] {shape.steps(), shape.batch(), hiddenSize}, memory.format_tag.tnc);
            iter = f32(new long[] {1, 1, shape.batch(), hiddenSize}, memory.format_tag.ldnc);
            layerWeights = f32(layerWeightDims(), memory.format_tag.any);
            iterWeights = f32(iterWeightDims(), memory.format_tag.any);
            bias = f32(biasDims(), memory.format_tag.ldgo);
        }

        private static memory.desc f32(long[] dims, memory.format_tag tag) {
            return new memory.desc(dims, memory.data_type.f32, tag);
        }
    }

    private algorithm activation() {
        return cell == Cell.RNN_RELU ? algorithm.eltwise_relu : algorithm.eltwise_tanh;
    }

    /**
     * A weight in the format one primitive asked for, reordered again only when that format or the weight changed
     * (the weight's write counter, see {@link Tensor#version()}).
     */
    private final class ReorderedWeight {
        private final long[] dims;
        private final Tensor permuted;  // the GRU's weight in oneDNN's gate order, or null
        private memory.desc desc;
        private memory reordered;
        private Tensor source;
        private long version = -1;

        ReorderedWeight(long[] dims, Tensor permuted) {
            this.dims = dims;
            this.permuted = permuted;
        }

        /** {@code weight} (PyTorch's layout) in the format {@code wanted}. */
        memory of(memory.desc wanted, Tensor weight) {
            if (reordered != null && source == weight && version == weight.version() && desc.equals(wanted)) {
                return reordered;
            }
            Tensor plain = permuted != null ? swapFirstTwoGates(weight, permuted) : weight;      // ldgoi
            if (reordered == null || !desc.equals(wanted)) {
                desc = wanted;
                reordered = new memory(wanted, OneDnn.engine());
            }
            try (PointerScope scope = new PointerScope()) {
                memory user = wrap(dims, memory.format_tag.ldgoi, plain, false);
                new reorder(user, reordered).execute(stream, reorderArgs(user, reordered));
                stream._wait();
            }
            source = weight;
            version = weight.version();
            return reordered;
        }
    }
}
