package org.rnn4j.optim;

import java.util.List;
import java.util.Objects;
import org.rnn4j.nn.Parameter;

/**
 * Gradient clipping, as PyTorch's {@code torch.nn.utils.clip_grad_norm_} and {@code clip_grad_value_}. Call it
 * between the backward pass and {@link Optimizer#step}; it changes {@link Parameter#grad()} in place.
 */
public final class GradientClipping {
    /** Added to the norm before dividing, as in PyTorch. */
    public static final double NORM_EPSILON = 1e-6;

    private GradientClipping() {
    }

    /**
     * The L2 norm of all the gradients together, {@code √(Σ g²)} over every element of every parameter, summed in
     * double (so it neither overflows nor loses the small terms); NaN or infinity when a gradient holds one.
     */
    public static double globalNorm(List<Parameter> params) {
        double sum = 0;
        for (Parameter p : Objects.requireNonNull(params, "params")) {
            sum += p.grad().sumOfSquares();
        }
        return Math.sqrt(sum);
    }

    /**
     * Scales all gradients together so that their global norm is at most about {@code maxNorm}, and returns the
     * norm before clipping.
     *
     * <p>As PyTorch: with {@code norm = globalNorm(params)} and {@code scale = maxNorm / (norm + 1e-6)}, every
     * gradient is multiplied by {@code scale} when {@code scale < 1}, and left alone otherwise. Unlike PyTorch, a
     * non-finite norm (a NaN or infinite gradient) changes nothing: the gradients are left as they are and the
     * norm is returned, so the caller can see it ({@code !Double.isFinite(norm)}) and decide, typically by skipping
     * the step; PyTorch would multiply every gradient by 0 or NaN.
     *
     * @return the global norm before clipping
     * @throws IllegalArgumentException when {@code maxNorm} is not positive and finite
     */
    public static double clipGlobalNorm(List<Parameter> params, double maxNorm) {
        Checks.positive("maxNorm", maxNorm);
        double norm = globalNorm(params);
        if (!Double.isFinite(norm)) {
            return norm;
        }
        double scale = maxNorm / (norm + NORM_EPSILON);
        if (scale < 1) {
            for (Parameter p : params) {
                p.grad().scaleInPlace(scale);
            }
        }
        return norm;
    }

    /**
     * Clamps every gradient element to {@code [−clipValue, clipValue]}, as PyTorch's {@code clip_grad_value_}. NaN
     * elements stay NaN.
     *
     * @throws IllegalArgumentException when {@code clipValue} is not positive and finite
     */
    public static void clipValue(List<Parameter> params, double clipValue) {
        Checks.positive("clipValue", clipValue);
        float high = (float) clipValue;
        float low = -high;
        for (Parameter p : Objects.requireNonNull(params, "params")) {
            p.grad().clampInPlace(low, high);
        }
    }
}
