package org.rnn4j.optim;

import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.rnn4j.nn.Parameter;
import org.rnn4j.tensor.Tensor;

/**
 * What every optimiser shares: the learning rate, the per-parameter state keyed by name, the step counts, and
 * taking and restoring {@link OptimizerState}. A subclass writes only its update rule, {@link #update}.
 */
abstract class BaseOptimizer implements Optimizer {
    static final String LR = "lr";
    static final String STEP = "step";

    private final String kind;
    private final Set<String> slots;
    private double learningRate;
    private long steps;
    private final Map<String, ParameterState> states = new LinkedHashMap<>();

    /** The state of one parameter: its step count and its buffers by slot name. */
    static final class ParameterState {
        private long step;
        private final Map<String, Tensor> buffers = new LinkedHashMap<>();

        /** 1 in the first update of this parameter, as PyTorch's {@code state['step']} after its increment. */
        long step() {
            return step;
        }

        /** The buffer of {@code slot}, or null before it is created. */
        Tensor buffer(String slot) {
            return buffers.get(slot);
        }

        /** The buffer of {@code slot}, created filled with {@code initial} (in the parameter's shape) if absent. */
        Tensor buffer(String slot, Parameter p, float initial) {
            return buffers.computeIfAbsent(slot, s -> Tensor.full(initial, p.value().shape()));
        }
    }

    BaseOptimizer(String kind, Set<String> slots, double learningRate) {
        this.kind = kind;
        this.slots = Set.copyOf(slots);
        this.learningRate = checkedLearningRate(learningRate);
    }

    /**
     * Updates {@code p} once. {@code state.step()} already counts this update (1 the first time); buffers are read
     * and written in float32, the arithmetic in between is done in double.
     */
    abstract void update(Parameter p, ParameterState state, double learningRate);

    @Override
    public final void step(List<Parameter> params) {
        Objects.requireNonNull(params, "params");
        Set<String> names = new HashSet<>();
        for (Parameter p : params) {
            if (!names.add(p.name())) {
                throw new IllegalArgumentException("parameter name '" + p.name()
                        + "' appears twice: optimizer state is kept by name, so names must be distinct");
            }
            if (!p.value().sameShape(p.grad())) {
                throw new IllegalArgumentException("parameter '" + p.name() + "': gradient shape "
                        + p.grad().shapeString() + " differs from value shape " + p.value().shapeString());
            }
            ParameterState state = states.get(p.name());
            if (state != null) {
                state.buffers.forEach((slot, buffer) -> {
                    if (!buffer.sameShape(p.value())) {
                        throw new IllegalArgumentException(kind + " state '" + p.name() + "/" + slot + "' has shape "
                                + buffer.shapeString() + " but parameter '" + p.name() + "' has shape "
                                + p.value().shapeString());
                    }
                });
            }
        }
        for (Parameter p : params) {
            ParameterState state = states.computeIfAbsent(p.name(), n -> new ParameterState());
            state.step++;
            update(p, state, learningRate);
        }
        steps++;
    }

    @Override
    public final double learningRate() {
        return learningRate;
    }

    @Override
    public final void setLearningRate(double learningRate) {
        this.learningRate = checkedLearningRate(learningRate);
    }

    @Override
    public final OptimizerState state() {
        Map<String, Tensor> buffers = new LinkedHashMap<>();
        Map<String, Double> scalars = new LinkedHashMap<>();
        scalars.put(LR, learningRate);
        states.forEach((name, state) -> {
            scalars.put(name + "/" + STEP, (double) state.step);
            state.buffers.forEach((slot, buffer) -> buffers.put(name + "/" + slot, buffer.copy()));
        });
        return new OptimizerState(kind, steps, buffers, scalars);
    }

    @Override
    public final void restore(OptimizerState state) {
        Objects.requireNonNull(state, "state");
        if (!state.optimizer().equals(kind)) {
            throw new IllegalArgumentException("cannot restore the state of a " + state.optimizer() + " optimizer into "
                    + kind);
        }
        Double lr = state.scalars().get(LR);
        if (lr == null) {
            throw new IllegalArgumentException(kind + " state has no learning rate (scalar '" + LR + "')");
        }
        Map<String, ParameterState> restored = new LinkedHashMap<>();
        state.scalars().forEach((key, value) -> {
            if (key.equals(LR)) {
                return;
            }
            String[] nameAndSlot = split(key);
            if (!nameAndSlot[1].equals(STEP)) {
                throw new IllegalArgumentException(kind + " state has an unknown scalar '" + key + "'");
            }
            if (!(value >= 0 && value == Math.rint(value))) {
                throw new IllegalArgumentException(kind + " state: step count '" + key + "' must be a whole number >= 0, got "
                        + value);
            }
            restored.computeIfAbsent(nameAndSlot[0], n -> new ParameterState()).step = value.longValue();
        });
        state.buffers().forEach((key, buffer) -> {
            String[] nameAndSlot = split(key);
            if (!slots.contains(nameAndSlot[1])) {
                throw new IllegalArgumentException(kind + " keeps no buffer '" + nameAndSlot[1] + "' (state '" + key
                        + "'); its buffers are " + Arrays.toString(slots.stream().sorted().toArray()));
            }
            restored.computeIfAbsent(nameAndSlot[0], n -> new ParameterState()).buffers.put(nameAndSlot[1],
                    buffer.copy());
        });
        this.learningRate = checkedLearningRate(lr);
        this.steps = state.steps();
        states.clear();
        states.putAll(restored);
    }

    private String[] split(String key) {
        int slash = key.lastIndexOf('/');
        if (slash <= 0 || slash == key.length() - 1) {
            throw new IllegalArgumentException(kind + " state key '" + key + "' is not '<parameter name>/<slot>'");
        }
        return new String[] {key.substring(0, slash), key.substring(slash + 1)};
    }

    static double checkedLearningRate(double learningRate) {
        if (!(learningRate >= 0 && learningRate < Double.POSITIVE_INFINITY)) {
            throw new IllegalArgumentException("learningRate must be >= 0 and finite, got " + learningRate);
        }
        return learningRate;
    }

    @Override
    public String toString() {
        return kind + "(learningRate " + learningRate + ", " + steps + " steps)";
    }
}
