package org.rnn4j.optim;

import java.nio.FloatBuffer;
import java.util.Objects;
import java.util.Set;
import org.rnn4j.nn.Parameter;

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
        FloatBuffer theta = p.value().buffer();
        FloatBuffer grad = p.grad().buffer();
        FloatBuffer s = state.buffer(SUM, p, (float) options.initialAccumulatorValue()).buffer();
        double wd = options.weightDecay();
        double eps = options.epsilon();
        double clr = lr / (1 + (state.step() - 1) * options.learningRateDecay());
        for (int i = 0, n = p.size(); i < n; i++) {
            double w = theta.get(i);
            double g = grad.get(i);
            if (wd != 0) {
                g += wd * w;
            }
            double si = s.get(i) + g * g;
            s.put(i, (float) si);
            theta.put(i, (float) (w - clr * g / (Math.sqrt(si) + eps)));
        }
    }
}
