package org.rnn4j.optim;

import java.util.Objects;
import java.util.Set;
import org.rnn4j.nn.Parameter;
import org.rnn4j.tensor.Elementwise;
import org.rnn4j.tensor.Tensor;

/**
 * RMSprop: PyTorch's {@code torch.optim.RMSprop}, step for step. With gradient {@code g}, parameter {@code θ},
 * learning rate {@code γ}:
 * <pre>
 * g ← g + λ·θ                          if weightDecay λ ≠ 0
 * s ← α·s + (1 − α)·g²                 s, a, b start at zero
 * a ← α·a + (1 − α)·g                  centered only
 * d ← √(s − a²) + ε  (centered)   or   d ← √s + ε
 * b ← μ·b + g/d;  θ ← θ − γ·b           if momentum μ > 0
 * θ ← θ − γ·g/d                        otherwise
 * </pre>
 * State per parameter: {@code square_avg} (s), {@code grad_avg} (a, centered only), {@code momentum_buffer}
 * (b, momentum only). As in PyTorch, float32 rounding can make the centered {@code s − a²} slightly negative when a
 * gradient stays constant for many steps; the square root is then NaN, as there.
 */
public final class RmsProp extends BaseOptimizer {
    static final String SQUARE_AVG = "square_avg";
    static final String GRAD_AVG = "grad_avg";

    private final RmsPropOptions options;

    public RmsProp(RmsPropOptions options) {
        super("RmsProp", Set.of(SQUARE_AVG, GRAD_AVG, Sgd.MOMENTUM_BUFFER),
                Objects.requireNonNull(options, "options").learningRate());
        this.options = options;
    }

    public RmsPropOptions options() {
        return options;
    }

    @Override
    void update(Parameter p, ParameterState state, double lr) {
        double alpha = options.alpha();
        double eps = options.epsilon();
        double wd = options.weightDecay();
        double mu = options.momentum();
        boolean centered = options.centered();
        Tensor sState = state.buffer(SQUARE_AVG, p, 0f);
        Tensor aState = centered ? state.buffer(GRAD_AVG, p, 0f) : null;
        Tensor bState = mu > 0 ? state.buffer(Sgd.MOMENTUM_BUFFER, p, 0f) : null;
        Elementwise.forEachChunk((x, n) -> {
            float[] theta = x[0], grad = x[1], s = x[2], a = x[3], b = x[4];
            for (int i = 0; i < n; i++) {
                double w = theta[i];
                double g = grad[i];
                if (wd != 0) {
                    g += wd * w;
                }
                double si = alpha * s[i] + (1 - alpha) * g * g;
                s[i] = (float) si;
                double d;
                if (centered) {
                    double ai = alpha * a[i] + (1 - alpha) * g;
                    a[i] = (float) ai;
                    d = Math.sqrt(si - ai * ai) + eps;
                } else {
                    d = Math.sqrt(si) + eps;
                }
                if (mu > 0) {
                    double bi = mu * b[i] + g / d;
                    b[i] = (float) bi;
                    theta[i] = (float) (w - lr * bi);
                } else {
                    theta[i] = (float) (w - lr * g / d);
                }
            }
        }, p.value(), p.grad(), sState, aState, bState);
    }
}
