package org.rnn4j.models.chain;

import java.util.List;
import java.util.SplittableRandom;
import org.rnn4j.nn.Activation;
import org.rnn4j.nn.Dense;
import org.rnn4j.nn.Parameter;

/**
 * A fully connected layer and its activation over the last axis, {@code y = act(x Wᵀ + b)} (PyTorch's names
 * {@code weight} (out, in) and {@code bias}): on (B, X) or on every step of (B, T, X). {@code timeDistributed} says
 * that the model wrapped it in Keras's {@code TimeDistributed}, which then requires a sequence; the numbers are
 * the same.
 */
public final class DenseStage implements Stage {
    private final Spec spec;
    private final Dense dense;

    public record Spec(int inputSize, int outputSize, Activation activation, boolean timeDistributed) {
        public Spec {
            if (activation == null) {
                throw new IllegalArgumentException("a dense stage needs an activation (linear for none)");
            }
        }
    }

    /** Weights to be filled by the caller (from a file). */
    public DenseStage(Spec spec) {
        this.spec = spec;
        this.dense = new Dense(spec.inputSize(), spec.outputSize(), "", new SplittableRandom(0));
    }

    @Override
    public String type() {
        return "dense";
    }

    @Override
    public Spec spec() {
        return spec;
    }

    @Override
    public List<Parameter> parameters() {
        return dense.parameters();
    }

    @Override
    public Signature output(Signature input) {
        if (input.tokens() || input.width() != spec.inputSize() || (spec.timeDistributed() && !input.sequence())) {
            throw new IllegalArgumentException(describe() + " reads " + (spec.timeDistributed() ? "(B, T, " : "(..., ")
                    + spec.inputSize() + "), got " + input);
        }
        return new Signature(false, input.sequence(), spec.outputSize());
    }

    @Override
    public Flow forward(Flow input) {
        return new Flow(spec.activation().applyInPlace(dense.forward(input.values())), input.mask());
    }

    @Override
    public String describe() {
        String inner = "Dense(" + spec.inputSize() + " -> " + spec.outputSize()
                + (spec.activation() == Activation.LINEAR ? "" : ", " + spec.activation().id()) + ")";
        return spec.timeDistributed() ? "TimeDistributed(" + inner + ")" : inner;
    }
}
