package org.rnn4j.nn.recurrent;

import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;
import org.rnn4j.nn.Dropout;
import org.rnn4j.nn.Parameter;
import org.rnn4j.tensor.OrthogonalMatrix;
import org.rnn4j.tensor.SequenceMask;
import org.rnn4j.tensor.Tensor;

/**
 * A stack of recurrent layers, uni- or bidirectional: the equivalent of PyTorch's {@code nn.RNN},
 * {@code nn.LSTM} and {@code nn.GRU} with {@code batch_first=True}, with the same parameter names
 * ({@code weight_ih_l0}, {@code bias_hh_l1_reverse}, …) and the same order of states.
 *
 * <pre>
 *   RecurrentLayer lstm = RecurrentLayer.lstm(64, 128, rng);
 *   RecurrentOutput out = lstm.forward(x, null, null).output();  // x (32, 10, 64)
 *   out.sequence();     // (32, 10, 128)
 *   out.finalState();   // LstmState: h (32, 128), c (32, 128)
 * </pre>
 */
public final class RecurrentLayer extends TimeMajorLayer {
    private final RecurrentConfig config;
    private final List<TimeMajorLayer> layers;
    private final Dropout dropout;

    public RecurrentLayer(RecurrentConfig config, RandomGenerator rng) {
        this.config = config;
        this.dropout = config.dropout() > 0f ? new Dropout(config.dropout()) : null;
        List<TimeMajorLayer> built = new ArrayList<>();
        for (int l = 0; l < config.numLayers(); l++) {
            int in = l == 0 ? config.inputSize() : config.outputSize();
            Recurrent forward = new Recurrent(
                    config.cell().newCell(in, config.hiddenSize(), config.projSize(), "_l" + l, rng), false);
            if (config.bidirectional()) {
                Recurrent backward = new Recurrent(
                        config.cell().newCell(in, config.hiddenSize(), config.projSize(), "_l" + l + "_reverse", rng),
                        true);
                built.add(new Bidirectional(forward, backward, MergeMode.CONCAT));
            } else {
                built.add(forward);
            }
        }
        this.layers = List.copyOf(built);
    }

    public static RecurrentLayer simpleRnn(int inputSize, int hiddenSize, RandomGenerator rng) {
        return new RecurrentLayer(RecurrentConfig.of(CellType.RNN_TANH, inputSize, hiddenSize), rng);
    }

    public static RecurrentLayer lstm(int inputSize, int hiddenSize, RandomGenerator rng) {
        return new RecurrentLayer(RecurrentConfig.of(CellType.LSTM, inputSize, hiddenSize), rng);
    }

    public static RecurrentLayer gru(int inputSize, int hiddenSize, RandomGenerator rng) {
        return new RecurrentLayer(RecurrentConfig.of(CellType.GRU, inputSize, hiddenSize), rng);
    }

    public RecurrentConfig config() {
        return config;
    }

    /** The layers of the stack: each a {@link Recurrent} or a {@link Bidirectional}. */
    public List<SequenceLayer> layers() {
        return List.copyOf(layers);
    }

    @Override
    public int inputSize() {
        return config.inputSize();
    }

    @Override
    public int outputSize() {
        return config.outputSize();
    }

    @Override
    public int hiddenSize() {
        return config.hiddenSize();
    }

    @Override
    public int stateWidth(int k) {
        return config.stateWidth(k);
    }

    @Override
    public int stateCount() {
        return config.numLayers() * config.directions();
    }

    @Override
    public CellType cellType() {
        return config.cell();
    }

    /** All parameters in PyTorch's state_dict order. */
    @Override
    public List<Parameter> parameters() {
        List<Parameter> all = new ArrayList<>();
        for (SequenceLayer layer : layers) {
            all.addAll(layer.parameters());
        }
        return all;
    }

    private record StackTrace(List<Trace> layerTraces, List<Tensor> dropoutMasks, RecurrentOutput output)
            implements Trace {
        @Override
        public void release() {
            layerTraces.forEach(Trace::release);
        }
    }

    /**
     * Training forward: dropout between layers draws from {@code dropoutRng} (a layer without dropout ignores it).
     */
    public Trace forwardTraining(Tensor x, SequenceMask mask, List<RecurrentState> initial, RandomGenerator dropoutRng) {
        return forwardBatchMajor(x, mask, initial, dropoutRng, true);
    }

    @Override
    String inputName() {
        return layers.get(0).inputName();
    }

    /** The stack, time-major from the first layer's input to the last layer's output. */
    @Override
    Trace forwardTimeMajor(Tensor xs, SequenceMask mask, List<RecurrentState> initial, RandomGenerator dropoutRng,
                           boolean training) {
        if (initial != null && initial.size() != stateCount()) {
            throw new IllegalArgumentException(describe() + ": expected " + stateCount()
                    + " initial states (layers * directions), got " + initial.size());
        }
        int d = config.directions();
        List<Trace> traces = new ArrayList<>();
        List<Tensor> masks = new ArrayList<>();
        List<RecurrentState> finals = new ArrayList<>();
        Tensor input = xs;                                                            // (T, B, F)
        for (int l = 0; l < layers.size(); l++) {
            Tensor keep = null;
            if (l > 0 && dropout != null && dropoutRng != null) {
                keep = dropoutMask(input, dropoutRng);                                // (T, B, D·H)
                input = dropout.backward(keep, input);                                // x ⊙ mask
            }
            masks.add(keep);
            Trace trace = layers.get(l).forwardTimeMajor(input, mask,
                    initial == null ? null : initial.subList(l * d, (l + 1) * d), null, training);
            traces.add(trace);
            finals.addAll(trace.output().finalStates());
            input = trace.output().sequence();                                        // (T, B, D·H)
        }
        return new StackTrace(traces, masks, new RecurrentOutput(input, finals));
    }

    /**
     * Dropout's scaled keep-mask for a time-major (T, B, X) input, drawn in batch-major order: the random numbers
     * fall on the same elements as when the layers passed batch-major sequences, so training runs keep their
     * results.
     */
    private Tensor dropoutMask(Tensor input, RandomGenerator dropoutRng) {
        int steps = input.dim(0);
        int batch = input.dim(1);
        int width = input.dim(2);
        Tensor drawn = dropout.forward(Tensor.full(1f, batch, steps, width), dropoutRng).mask(); // (B, T, X)
        return swapBatchAndTime(drawn, Tensor.zeros(steps, batch, width));
    }

    @Override
    SequenceGradients backwardTimeMajor(Trace anyTrace, Tensor dSequence, List<RecurrentState> dFinal,
                                        HiddenGradientObserver observer, boolean inputGradient) {
        if (observer != null && config.bidirectional()) {
            throw new IllegalArgumentException("per-step gradients are observed on a unidirectional layer only");
        }
        if (!(anyTrace instanceof StackTrace trace)) {
            throw new IllegalArgumentException(describe() + ": backward needs a trace of its forward, got " + anyTrace);
        }
        int d = config.directions();
        List<RecurrentState> dInitial = new ArrayList<>(java.util.Collections.nCopies(stateCount(), (RecurrentState) null));
        Tensor dOut = dSequence;                                                      // (T, B, D·H)
        for (int l = layers.size() - 1; l >= 0; l--) {
            List<RecurrentState> dFinalHere = dFinal == null ? null : dFinal.subList(l * d, (l + 1) * d);
            boolean dxNeeded = l > 0 || inputGradient;
            HiddenGradientObserver observerHere = l == layers.size() - 1 ? observer : null; // the top layer's
            SequenceGradients g = layers.get(l).backwardTimeMajor(trace.layerTraces.get(l), dOut, dFinalHere,
                    observerHere, dxNeeded);
            for (int k = 0; k < d; k++) {
                dInitial.set(l * d + k, g.initialStates().get(k));
            }
            dOut = g.input();
            Tensor dropMask = trace.dropoutMasks.get(l);
            if (dropMask != null && dOut != null) {
                dOut = dropout.backward(dropMask, dOut);
            }
        }
        return new SequenceGradients(dOut, dInitial);
    }

    /**
     * Sets every LSTM forget gate's bias to {@code value} (Keras's {@code unit_forget_bias=True} is 1; Jozefowicz et
     * al. 2015): {@code bias_ih}'s forget block (rows H..2H, PyTorch's gate order i, f, g, o) becomes {@code value}
     * and {@code bias_hh}'s becomes 0, so their sum, which is what the gate sees, is {@code value}.
     *
     * @throws IllegalStateException when the layer is not an LSTM
     */
    public RecurrentLayer initForgetGateBias(float value) {
        if (config.cell() != CellType.LSTM) {
            throw new IllegalStateException("a forget gate bias applies to an LSTM, not to " + describe());
        }
        int h = config.hiddenSize();
        for (Parameter p : parameters()) {
            boolean ih = p.name().startsWith("bias_ih_");
            if (ih || p.name().startsWith("bias_hh_")) {
                for (int j = h; j < 2 * h; j++) {
                    p.value().set(j, ih ? value : 0f);
                }
            }
        }
        return this;
    }

    /**
     * Redraws every recurrent weight W_hh (all layers and directions) as {@code init} says, gate block by gate
     * block (PyTorch's rows: i, f, g, o for an LSTM; r, z, n for a GRU); {@link RecurrentInit#IDENTITY} also sets
     * every bias to 0. {@link RecurrentInit#DEFAULT} leaves the layer as it is.
     *
     * @throws IllegalStateException when {@code init} does not apply to this layer's cell
     */
    public RecurrentLayer initRecurrentWeights(RecurrentInit init, RandomGenerator rng) {
        if (!init.appliesTo(config.cell())) {
            throw new IllegalStateException("identity recurrent weights (IRNN) apply to a simple RNN, not to "
                    + describe());
        }
        if (init == RecurrentInit.DEFAULT) {
            return this;
        }
        for (Parameter p : parameters()) {
            Tensor value = p.value();
            if (p.name().startsWith("weight_hh_")) {
                int rows = value.dim(0) / config.cell().gates();
                int cols = value.dim(1);
                for (int gate = 0; gate < config.cell().gates(); gate++) {
                    float[] block = init == RecurrentInit.ORTHOGONAL ? OrthogonalMatrix.draw(rows, cols, rng)
                            : identity(rows, cols);
                    value.write(gate * rows * cols, block, 0, block.length);
                }
            } else if (init == RecurrentInit.IDENTITY && p.name().startsWith("bias_")) {
                value.fill(0f);
            }
        }
        return this;
    }

    private static float[] identity(int rows, int cols) {
        float[] eye = new float[rows * cols];
        for (int i = 0; i < Math.min(rows, cols); i++) {
            eye[i * cols + i] = 1f;
        }
        return eye;
    }

    /** "Lstm(input 64, hidden 128, layers 2, bidirectional)", for messages and summaries. */
    public String describe() {
        String name = switch (config.cell()) {
            case RNN_TANH -> "SimpleRnn(tanh";
            case RNN_RELU -> "SimpleRnn(relu";
            case LSTM -> "Lstm(";
            case GRU -> "Gru(";
            case GRU_RESET_BEFORE -> "Gru(reset before";
        };
        return name + (name.endsWith("(") ? "" : ", ") + "input " + config.inputSize() + ", hidden "
                + config.hiddenSize() + (config.projSize() > 0 ? ", proj " + config.projSize() : "")
                + (config.numLayers() > 1 ? ", layers " + config.numLayers() : "")
                + (config.bidirectional() ? ", bidirectional" : "") + ")";
    }

    @Override
    public String toString() {
        return describe();
    }
}
