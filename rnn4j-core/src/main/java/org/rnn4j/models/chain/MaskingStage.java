package org.rnn4j.models.chain;

import java.util.List;
import org.rnn4j.nn.Parameter;
import org.rnn4j.tensor.SequenceMask;
import org.rnn4j.tensor.ShapeException;
import org.rnn4j.tensor.Tensor;

/**
 * Keras's {@code Masking}: a step whose features all equal the mask value is masked for the recurrent stages that
 * follow, and its features are set to 0.
 *
 * <pre>
 * mask[b, t] = any_f (x[b, t, f] ≠ maskValue)
 * y[b, t]    = x[b, t] · mask[b, t]
 * </pre>
 * The mask replaces any earlier one, as in Keras.
 */
public record MaskingStage(Spec spec) implements Stage {

    public record Spec(float maskValue) {
    }

    @Override
    public String type() {
        return "masking";
    }

    @Override
    public List<Parameter> parameters() {
        return List.of();
    }

    @Override
    public Signature output(Signature input) {
        if (input.tokens() || !input.sequence()) {
            throw new IllegalArgumentException(describe() + " reads a (B, T, F) sequence, got " + input);
        }
        return input;
    }

    @Override
    public Flow forward(Flow input) {
        Tensor x = input.values();
        if (x.rank() != 3) {
            throw new ShapeException(describe() + ": expected shape (B, T, F), got " + x.shapeString());
        }
        int batch = x.dim(0);
        int steps = x.dim(1);
        int width = x.dim(2);
        float[] v = x.toArray();
        Tensor keep = Tensor.zeros(batch, steps);                                    // (B, T)
        for (int row = 0; row < batch * steps; row++) {
            boolean valid = false;
            for (int f = 0; f < width && !valid; f++) {
                valid = v[row * width + f] != spec.maskValue();
            }
            if (valid) {
                keep.set(row, 1f);
            } else {
                java.util.Arrays.fill(v, row * width, (row + 1) * width, 0f);        // y = x · mask
            }
        }
        return new Flow(Tensor.of(v, x.shape()), SequenceMask.fromTensor(keep));
    }

    @Override
    public String describe() {
        return "Masking(" + spec.maskValue() + ")";
    }
}
