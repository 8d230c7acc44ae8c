package org.rnn4j.models.chain;

import java.util.List;
import java.util.SplittableRandom;
import org.rnn4j.nn.Parameter;
import org.rnn4j.nn.recurrent.Bidirectional;
import org.rnn4j.nn.recurrent.CellType;
import org.rnn4j.nn.recurrent.MergeMode;
import org.rnn4j.nn.recurrent.Recurrent;
import org.rnn4j.nn.recurrent.RecurrentOutput;
import org.rnn4j.nn.recurrent.SequenceLayer;
import org.rnn4j.tensor.GateActivation;
import org.rnn4j.tensor.SequenceMask;
import org.rnn4j.tensor.ShapeException;
import org.rnn4j.tensor.Tensor;

/**
 * One recurrent layer with Keras's output conventions, run by rnn4j's own time loop ({@link Recurrent}, or a
 * {@link Bidirectional} of two): this class only arranges what the loop returns.
 *
 * <p>Keras's conventions, and how they map (Keras 3 {@code backend.rnn} and {@code layers.Bidirectional}):
 * <ul>
 *   <li>A masked step keeps the state, in Keras as in rnn4j's loop, whatever the mask's pattern (padding on the right,
 *       on the left or inside).</li>
 *   <li>Its output: Keras repeats the previous step's output (zeros before the first valid step), or writes zeros
 *       when {@code zero_output_for_mask}; the loop writes zeros, so the repeat is filled in here. A Bidirectional
 *       layer that returns sequences forces {@code zero_output_for_mask} on both directions: zeros.</li>
 *   <li>{@code go_backwards}: Keras reads the sequence (and mask) reversed and returns the outputs in the order it
 *       computed them, so output step s is input step T−1−s; the loop's reverse layer indexes its output by input
 *       step, so the order is reversed here. (A Bidirectional flips its backward half back itself.)</li>
 *   <li>Without {@code return_sequences} the output is the last computed output, which, masked steps repeating
 *       the previous one, is the state h after each row's last valid step: the loop's final state (zeros instead, with
 *       {@code zero_output_for_mask}, where the last step computed is masked). A Bidirectional merges its two final
 *       h.</li>
 *   <li>The mask passes on when sequences are returned (unchanged, even after {@code go_backwards}, as Keras does),
 *       and ends otherwise.</li>
 * </ul>
 * Parameters under PyTorch's names: {@code weight_ih_l0}, {@code weight_hh_l0}, {@code bias_ih_l0},
 * {@code bias_hh_l0}, and the same with {@code _reverse} for the direction that reads from the end (a
 * {@code go_backwards} layer's only direction, or a Bidirectional's second one).
 */
public final class RecurrentStage implements Stage {
    private final Spec spec;
    private final SequenceLayer layer;

    /**
     * @param zeroOutputForMask Keras's {@code zero_output_for_mask} of a unidirectional layer (a bidirectional
     *                          one returns zeros at masked steps anyway)
     * @param gateActivation    the function of an LSTM's or GRU's gates (Keras's {@code recurrent_activation}):
     *                          the sigmoid when absent, as in every file written before it
     */
    public record Spec(CellType cell, int inputSize, int hiddenSize, boolean bidirectional, MergeMode mergeMode,
                       boolean returnSequences, boolean goBackwards, boolean zeroOutputForMask,
                       GateActivation gateActivation) {
        public Spec {
            if (cell == null) {
                throw new IllegalArgumentException("a recurrent stage needs a cell type");
            }
            if (gateActivation == null) {
                gateActivation = GateActivation.SIGMOID;
            }
            cell.requireGatesFor(gateActivation);
            if (inputSize < 1 || hiddenSize < 1) {
                throw new IllegalArgumentException("recurrent sizes must be at least 1, got input " + inputSize
                        + ", hidden " + hiddenSize);
            }
            if (bidirectional && mergeMode == null) {
                throw new IllegalArgumentException("a bidirectional stage needs a merge mode");
            }
            if (bidirectional && goBackwards) {
                throw new IllegalArgumentException("a bidirectional stage reads both ways: go_backwards does not apply");
            }
            if (!bidirectional) {
                mergeMode = null;
            }
        }

        /** With sigmoid gates. */
        public Spec(CellType cell, int inputSize, int hiddenSize, boolean bidirectional, MergeMode mergeMode,
                    boolean returnSequences, boolean goBackwards, boolean zeroOutputForMask) {
            this(cell, inputSize, hiddenSize, bidirectional, mergeMode, returnSequences, goBackwards,
                    zeroOutputForMask, GateActivation.SIGMOID);
        }

        /** D·H, or H for a bidirectional sum, mul or ave. */
        public int outputSize() {
            return bidirectional ? mergeMode.outputSize(hiddenSize) : hiddenSize;
        }
    }

    /** Weights to be filled by the caller (from a file). */
    public RecurrentStage(Spec spec) {
        this.spec = spec;
        var rng = new SplittableRandom(0);
        if (spec.bidirectional()) {
            this.layer = new Bidirectional(
                    new Recurrent(newCell(spec, "_l0", rng), false),
                    new Recurrent(newCell(spec, "_l0_reverse", rng), true),
                    spec.mergeMode());
        } else {
            String suffix = spec.goBackwards() ? "_l0_reverse" : "_l0";
            this.layer = new Recurrent(newCell(spec, suffix, rng), spec.goBackwards());
        }
    }

    private static org.rnn4j.nn.recurrent.RecurrentCell<?> newCell(Spec spec, String suffix, SplittableRandom rng) {
        return spec.cell().newCell(spec.inputSize(), spec.hiddenSize(), spec.gateActivation(), suffix, rng);
    }

    @Override
    public String type() {
        return "recurrent";
    }

    @Override
    public Spec spec() {
        return spec;
    }

    /** The layer that runs the time loop: a {@link Recurrent} or a {@link Bidirectional}. */
    public SequenceLayer layer() {
        return layer;
    }

    @Override
    public List<Parameter> parameters() {
        return layer.parameters();
    }

    @Override
    public Signature output(Signature input) {
        if (input.tokens() || !input.sequence() || input.width() != spec.inputSize()) {
            throw new IllegalArgumentException(describe() + " reads (B, T, " + spec.inputSize() + "), got " + input);
        }
        return new Signature(false, spec.returnSequences(), spec.outputSize());
    }

    @Override
    public Flow forward(Flow input) {
        Tensor x = input.values();                                                      // (B, T, F)
        if (x.rank() != 3 || x.dim(2) != spec.inputSize()) {
            throw new ShapeException(describe() + ": expected shape (B, T, " + spec.inputSize() + "), got "
                    + x.shapeString());
        }
        SequenceMask mask = input.mask();
        RecurrentOutput out = layer.infer(x, mask, null);
        if (!spec.returnSequences()) {
            Tensor last = spec.bidirectional()
                    ? spec.mergeMode().merge(out.finalStates().get(0).h(), out.finalStates().get(1).h())
                    : out.lastOutput(1);                                                // (B, out)
            if (!spec.bidirectional() && spec.zeroOutputForMask() && mask != null) {
                zeroWhereTheLastComputedStepIsMasked(last, mask, x.dim(1));
            }
            return new Flow(last, null);
        }
        Tensor sequence = spec.bidirectional() ? out.sequence() : inKerasOrder(out.sequence(), mask); // (B, T, out)
        return new Flow(sequence, mask);
    }

    /**
     * Keras's last output is the last computed step's output, which {@code zero_output_for_mask} makes zeros when that
     * step is masked (input step T−1, or 0 with {@code go_backwards}), though the state carries on.
     */
    private void zeroWhereTheLastComputedStepIsMasked(Tensor last, SequenceMask mask, int steps) {
        int t = spec.goBackwards() ? 0 : steps - 1;
        int width = last.dim(1);
        for (int b = 0; b < last.dim(0); b++) {
            if (!mask.isValid(b, t)) {
                for (int j = 0; j < width; j++) {
                    last.set(b * width + j, 0f);                                           // y[b] = 0
                }
            }
        }
    }

    /**
     * The loop's output (indexed by input step, zeros at masked steps) as a unidirectional Keras layer returns it:
     * in the order computed, a masked step repeating the output before it unless {@code zero_output_for_mask}.
     */
    private Tensor inKerasOrder(Tensor sequence, SequenceMask mask) {
        if (mask == null && !spec.goBackwards()) {
            return sequence;
        }
        int batch = sequence.dim(0);
        int steps = sequence.dim(1);
        int hidden = sequence.dim(2);
        Tensor y = Tensor.zeros(batch, steps, hidden);
        for (int b = 0; b < batch; b++) {
            for (int s = 0; s < steps; s++) {
                int t = spec.goBackwards() ? steps - 1 - s : s;                          // the s-th step computed
                int at = (b * steps + s) * hidden;
                if (mask == null || mask.isValid(b, t)) {
                    y.write(at, sequence, (b * steps + t) * hidden, hidden);             // y[b, s] = h_t
                } else if (!spec.zeroOutputForMask() && s > 0) {
                    y.write(at, y, at - hidden, hidden);                                 // y[b, s] = y[b, s−1]
                }
            }
        }
        return y;
    }

    @Override
    public String describe() {
        String name = switch (spec.cell()) {
            case RNN_TANH -> "SimpleRNN(" + spec.hiddenSize() + ", tanh)";
            case RNN_RELU -> "SimpleRNN(" + spec.hiddenSize() + ", relu)";
            case LSTM -> "LSTM(" + spec.hiddenSize() + ")";
            default -> spec.cell().id().toUpperCase(java.util.Locale.ROOT).replace("_", "-") + "(" + spec.hiddenSize() + ")";
        };
        StringBuilder text = new StringBuilder(name);
        if (!spec.gateActivation().isSigmoid()) {
            text.append(" gates ").append(spec.gateActivation().describe());
        }
        if (spec.bidirectional()) {
            text.append(" bidirectional ").append(spec.mergeMode().id());
        }
        if (spec.goBackwards()) {
            text.append(" go_backwards");
        }
        return text.append(spec.returnSequences() ? ", sequences" : ", last output").toString();
    }
}
