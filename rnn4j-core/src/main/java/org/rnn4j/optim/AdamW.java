package org.rnn4j.optim;

import java.util.Objects;
import org.rnn4j.nn.Parameter;

/**
 * AdamW, Adam with decoupled weight decay: PyTorch's {@code torch.optim.AdamW}, step for step. At step {@code t}:
 * <pre>
 * θ  ← θ·(1 − γ·λ)                              decoupled decay, before the Adam step (λ = weightDecay)
 * m  ← β₁·m + (1 − β₁)·g
 * v  ← β₂·v + (1 − β₂)·g²
 * v̂  ← max(v̂, v) and use v̂ for v below          with AMSGrad
 * θ  ← θ − γ/(1 − β₁ᵗ) · m / (√v / √(1 − β₂ᵗ) + ε)
 * </pre>
 * The gradient itself is not changed by the decay. State per parameter as {@link Adam}'s.
 */
public final class AdamW extends BaseOptimizer {
    private final AdamWOptions options;

    public AdamW(AdamWOptions options) {
        super("AdamW", Adam.SLOTS, Objects.requireNonNull(options, "options").learningRate());
        this.options = options;
    }

    public AdamWOptions options() {
        return options;
    }

    @Override
    void update(Parameter p, ParameterState state, double lr) {
        Adam.update(p, state, lr, options.beta1(), options.beta2(), options.epsilon(), 0, options.weightDecay(),
                options.amsgrad());
    }
}
