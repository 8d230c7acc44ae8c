package org.rnn4j.optim;

import java.util.Objects;
import java.util.Set;
import org.rnn4j.nn.Parameter;
import org.rnn4j.tensor.Elementwise;
import org.rnn4j.tensor.Tensor;

/**
 * Adam: PyTorch's {@code torch.optim.Adam}, step for step. At step {@code t} (1 the first time this parameter is
 * updated), with gradient {@code g}, parameter {@code θ}, learning rate {@code γ}:
 * <pre>
 * g  ← g + λ·θ                                  if weightDecay λ ≠ 0 (L2 penalty, coupled)
 * m  ← β₁·m + (1 − β₁)·g                        m, v start at zero
 * v  ← β₂·v + (1 − β₂)·g²
 * v̂  ← max(v̂, v) and use v̂ for v below          with AMSGrad (v̂ starts at zero)
 * θ  ← θ − γ/(1 − β₁ᵗ) · m / (√v / √(1 − β₂ᵗ) + ε)
 * </pre>
 * ε is added after the bias-corrected square root, as PyTorch does (the paper's ε̂ variant differs).
 * State per parameter: {@code exp_avg} (m), {@code exp_avg_sq} (v), {@code max_exp_avg_sq} (v̂, AMSGrad only).
 */
public final class Adam extends BaseOptimizer {
    static final String EXP_AVG = "exp_avg";
    static final String EXP_AVG_SQ = "exp_avg_sq";
    static final String MAX_EXP_AVG_SQ = "max_exp_avg_sq";
    static final Set<String> SLOTS = Set.of(EXP_AVG, EXP_AVG_SQ, MAX_EXP_AVG_SQ);

    private final AdamOptions options;

    public Adam(AdamOptions options) {
        super("Adam", SLOTS, Objects.requireNonNull(options, "options").learningRate());
        this.options = options;
    }

    public AdamOptions options() {
        return options;
    }

    @Override
    void update(Parameter p, ParameterState state, double lr) {
        update(p, state, lr, options.beta1(), options.beta2(), options.epsilon(), options.weightDecay(), 0,
                options.amsgrad());
    }

    /** The Adam update shared with AdamW: {@code l2} is added to the gradient, {@code decoupled} shrinks θ first. */
    static void update(Parameter p, ParameterState state, double lr, double beta1, double beta2, double eps,
                       double l2, double decoupled, boolean amsgrad) {
        Tensor mState = state.buffer(EXP_AVG, p, 0f);
        Tensor vState = state.buffer(EXP_AVG_SQ, p, 0f);
        Tensor vMaxState = amsgrad ? state.buffer(MAX_EXP_AVG_SQ, p, 0f) : null;
        double t = state.step();
        double stepSize = lr / (1 - Math.pow(beta1, t));
        double biasCorrection2Sqrt = Math.sqrt(1 - Math.pow(beta2, t));
        double shrink = 1 - lr * decoupled;
        Elementwise.forEachChunk((x, n) -> {
            float[] theta = x[0], grad = x[1], m = x[2], v = x[3], vMax = x[4];
            for (int i = 0; i < n; i++) {
                double w = theta[i];
                double g = grad[i];
                if (decoupled != 0) {
                    w *= shrink;
                }
                if (l2 != 0) {
                    g += l2 * w;
                }
                double mi = beta1 * m[i] + (1 - beta1) * g;
                double vi = beta2 * v[i] + (1 - beta2) * g * g;
                m[i] = (float) mi;
                v[i] = (float) vi;
                if (amsgrad) {
                    vi = Math.max(vMax[i], vi);
                    vMax[i] = (float) vi;
                }
                double denominator = Math.sqrt(vi) / biasCorrection2Sqrt + eps;
                theta[i] = (float) (w - stepSize * mi / denominator);
            }
        }, p.value(), p.grad(), mState, vState, vMaxState);
    }
}
