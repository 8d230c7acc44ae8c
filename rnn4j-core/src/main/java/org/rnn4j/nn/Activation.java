package org.rnn4j.nn;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;
import org.rnn4j.tensor.FastMath;
import org.rnn4j.tensor.Softmax;
import org.rnn4j.tensor.Tensor;

/**
 * The activation after a {@link Dense} layer, as Keras's {@code activation=} names them. Inference only: the
 * layers that train call their own activations with their backward next to them.
 *
 * <pre>
 * linear   y = x
 * relu     y = max(0, x)
 * tanh     y = tanh(x)
 * sigmoid  y = 1 / (1 + e^−x)
 * softmax  y_k = e^{x_k − m} / Σ_j e^{x_j − m}   over the last axis, m = max_j x_j
 * </pre>
 */
public enum Activation {
    LINEAR, RELU, TANH, SIGMOID, SOFTMAX;

    /** Keras's spelling, used in model files: linear, relu, tanh, sigmoid, softmax. */
    @JsonValue
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static Activation fromId(String id) {
        for (Activation a : values()) {
            if (a.id().equals(id)) {
                return a;
            }
        }
        throw new IllegalArgumentException("unknown activation '" + id
                + "': expected linear, relu, tanh, sigmoid or softmax");
    }

    /** Applies the activation to {@code x} in place (softmax over its last axis) and returns it. */
    public Tensor applyInPlace(Tensor x) {
        float[] v = x.toArray();
        switch (this) {
            case LINEAR -> {
                return x;
            }
            case RELU -> {
                for (int i = 0; i < v.length; i++) {
                    v[i] = Math.max(0f, v[i]);
                }
            }
            case TANH -> FastMath.tanh(v, 0, v.length);
            case SIGMOID -> FastMath.sigmoid(v, 0, v.length);
            case SOFTMAX -> softmaxRows(v, x.dim(-1));
        }
        x.write(0, v, 0, v.length);
        return x;
    }

    private static void softmaxRows(float[] v, int width) {
        float[] row = new float[width];
        float[] p = new float[width];
        float[] work = new float[width];
        for (int at = 0; at < v.length; at += width) {
            System.arraycopy(v, at, row, 0, width);
            Softmax.softmax(row, p, work, width);
            System.arraycopy(p, 0, v, at, width);
        }
    }
}
