package org.rnn4j.optim;

import java.util.Objects;
import java.util.Set;
import org.rnn4j.nn.Parameter;
import org.rnn4j.tensor.Elementwise;
import org.rnn4j.tensor.Tensor;

/**
 * Adagrad: PyTorch's {@code torch.optim.Adagrad} (dense gradients), step for step. At step {@code t} (1 the first
 * time this parameter is updated), with gradient {@code g}, parameter {@code θ}, learning rate {@code γ}:
 * <pre>
 * g ← g + λ·θ                          if weightDecay λ ≠ 0
 * s ← s + g²                           s starts at initialAccumulatorValue
 * θ ← θ − γ/(1 + (t − 1)·η) · g/(√s + ε)   η = learningRateDecay
 * </pre>
 * State per parameter: {@code sum} (s).
 */
public final class Adagrad extends BaseOptimizer {
    static final String SUM = "sum";

    private final AdagradOptions options;

    public Adagrad(AdagradOptions options) {
        super("Adagrad", Set.of(SUM), Objects.requireNonNull(options, "options").learningRate());
        this.options = options;
    }

    public AdagradOptions options() {
        return options;
    }

    @Override
    void update(Parameter p, ParameterState state, double lr) {
        Tensor sState = state.buffer(SUM, p, (float) options.initialAccumulatorValue());
        double wd = options.weightDecay();
        double eps = options.epsilon();
        double clr = lr / (1 + (state.step() - 1) * options.learningRateDecay());
        Elementwise.forEachChunk((x, n) -> {
            float[] theta = x[0], grad = x[1], s = x[2];
            for (int i = 0; i < n; i++) {
                double w = theta[i];
                double g = grad[i];
                if (wd != 0) {
                    g += wd * w;
                }
                double si = s[i] + g * g;
                s[i] = (float) si;
                theta[i] = (float) (w - clr * g / (Math.sqrt(si) + eps));
            }
        }, p.value(), p.grad(), sState);
    }
}
