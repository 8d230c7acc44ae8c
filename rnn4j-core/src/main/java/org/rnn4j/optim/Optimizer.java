package org.rnn4j.optim;

import java.util.List;
import org.rnn4j.nn.Parameter;

/**
 * Updates parameters from their gradients, with PyTorch's exact update rules.
 *
 * <p>The optimiser owns its state: the moment buffers of each parameter (keyed by the parameter's name) and the
 * step counts. {@link #state()} takes a copy of it as plain data that a checkpoint writes to safetensors, and
 * {@link #restore} puts it back into a fresh optimiser built with the same options, so that training continues
 * bit for bit as if it had never stopped.
 *
 * <p>An optimiser reads {@link Parameter#grad()} and writes {@link Parameter#value()}; it never zeroes the
 * gradients: the trainer does, with {@link Parameter#zeroGrad()}, before the next backward pass. One training step:
 * <pre>{@code
 * params.forEach(Parameter::zeroGrad);
 * ... forward, loss, backward (adds into the gradients) ...
 * GradientClipping.clipGlobalNorm(params, 1.0);
 * optimizer.setLearningRate(schedule.learningRate());
 * optimizer.step(params);
 * schedule.step();
 * }</pre>
 *
 * <p>Not thread-safe: one training loop drives one optimiser.
 */
public interface Optimizer {

    /**
     * Updates every parameter in place from its current gradient, once.
     *
     * <p>State is keyed by {@link Parameter#name()}, so the names must be distinct; a parameter seen for the first
     * time gets fresh state (zeros, or the optimiser's documented initial value). Parameters may come and go between
     * calls (a frozen layer is simply left out); each keeps its own step count, as in PyTorch.
     *
     * @throws IllegalArgumentException when two parameters share a name, a gradient's shape differs from its
     *     value's, or restored state does not fit a parameter's shape; nothing is updated then
     */
    void step(List<Parameter> params);

    /** The learning rate the next {@link #step} uses. */
    double learningRate();

    /**
     * Sets the learning rate for the following steps, as a schedule does (PyTorch: {@code param_group['lr']}).
     *
     * @throws IllegalArgumentException when {@code learningRate} is negative or not finite
     */
    void setLearningRate(double learningRate);

    /** A copy of the whole state: later steps do not change it, and changing it does not change the optimiser. */
    OptimizerState state();

    /**
     * Replaces the whole state with a copy of {@code state}, taken by {@link #state()} from an optimiser of the same
     * kind (and, for an exact continuation, the same options). The learning rate is restored too.
     *
     * @throws IllegalArgumentException when the state is of another optimiser, or holds a buffer slot or scalar
     *     this optimiser does not keep
     */
    void restore(OptimizerState state);
}
