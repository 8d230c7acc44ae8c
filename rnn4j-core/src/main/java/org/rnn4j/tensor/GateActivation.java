package org.rnn4j.tensor;

import java.util.Locale;

/**
 * The function of a recurrent cell's gates (an LSTM's i, f, o; a GRU's r, z): the logistic sigmoid, PyTorch's and
 * every framework's default, or the hard sigmoid, a piecewise-linear stand-in that Keras models and ONNX graphs may
 * ask for.
 * <pre>
 *   sigmoid(x)      = 1 / (1 + e^−x)              slope at output y: y (1 − y)
 *   hard_sigmoid(x) = clip(α x + β, 0, 1)         slope: α where 0 &lt; y &lt; 1, 0 where clipped
 * </pre>
 * The hard sigmoid's slope depends on who wrote the model: Keras 1 and 2 (and tf.keras) use α = 0.2 (clipped
 * outside ±2.5), Keras 3 uses {@code relu6(x + 3) / 6}, α = 1/6 (clipped outside ±3); ONNX's {@code HardSigmoid}
 * takes α and β as attributes, 0.2 and 0.5 by default. β is ½ in all of them.
 *
 * @param function "sigmoid" or "hard_sigmoid"
 * @param alpha    α of the hard sigmoid; 0 for the sigmoid
 * @param beta     β of the hard sigmoid; 0 for the sigmoid
 */
public record GateActivation(String function, float alpha, float beta) {
    public static final GateActivation SIGMOID = new GateActivation("sigmoid", 0f, 0f);

    public GateActivation {
        if (function == null) {
            throw new IllegalArgumentException("a gate activation needs a function: sigmoid or hard_sigmoid");
        }
        function = function.toLowerCase(Locale.ROOT);
        switch (function) {
            case "sigmoid" -> {
                alpha = 0f;
                beta = 0f;
            }
            case "hard_sigmoid" -> {
                if (!(alpha > 0f && Float.isFinite(alpha) && Float.isFinite(beta))) {
                    throw new IllegalArgumentException("a hard sigmoid needs a positive, finite slope alpha and a finite"
                            + " beta, got alpha " + alpha + ", beta " + beta);
                }
            }
            default -> throw new IllegalArgumentException("gate activation '" + function
                    + "' is not supported: sigmoid or hard_sigmoid");
        }
    }

    /** clip(α x + β, 0, 1). */
    public static GateActivation hardSigmoid(float alpha, float beta) {
        return new GateActivation("hard_sigmoid", alpha, beta);
    }

    @com.fasterxml.jackson.annotation.JsonIgnore
    public boolean isSigmoid() {
        return function.equals("sigmoid");
    }

    /** In place on {@code a[from, to)}, one pass (vectorised by C2 for either function). */
    public void apply(float[] a, int from, int to) {
        if (isSigmoid()) {
            FastMath.sigmoid(a, from, to);
        } else {
            for (int k = from; k < to; k++) {
                a[k] = hard(a[k], alpha, beta);
            }
        }
    }

    /**
     * dy/dx expressed by the output y, which is what backward keeps: y (1 − y) for the sigmoid, α for the hard
     * sigmoid inside its linear part and 0 where it clipped (0 at the corners too, as Keras's and ONNX Runtime's
     * gradients of a clip).
     */
    public static float slope(boolean sigmoid, float alpha, float y) {
        return sigmoid ? y * (1f - y) : (y > 0f && y < 1f ? alpha : 0f);
    }

    /** How the model files and messages name it: "sigmoid", or "hard_sigmoid(alpha 0.2, beta 0.5)". */
    public String describe() {
        return isSigmoid() ? function : function + "(alpha " + alpha + ", beta " + beta + ")";
    }

    private static float hard(float x, float alpha, float beta) {
        return Math.min(1f, Math.max(0f, alpha * x + beta));
    }
}
