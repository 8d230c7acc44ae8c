package org.rnn4j.optim;

import java.util.Map;
import java.util.Objects;

/** A schedule whose rate is a function of the step count alone: its state is the count. */
abstract class StepCountSchedule implements LearningRateSchedule {
    private final String kind;
    private long steps;

    StepCountSchedule(String kind) {
        this.kind = kind;
    }

    /** The learning rate at step {@code step} (0 right after construction), whatever the current step. */
    public abstract double learningRateAt(long step);

    @Override
    public final double learningRate() {
        return learningRateAt(steps);
    }

    @Override
    public final double step() {
        steps++;
        return learningRate();
    }

    /** The number of {@link #step} calls so far. */
    public final long steps() {
        return steps;
    }

    @Override
    public final ScheduleState state() {
        return new ScheduleState(kind, steps, Map.of());
    }

    @Override
    public final void restore(ScheduleState state) {
        Objects.requireNonNull(state, "state");
        if (!state.schedule().equals(kind)) {
            throw new IllegalArgumentException("cannot restore the state of a " + state.schedule() + " schedule into "
                    + kind);
        }
        steps = state.steps();
    }

    static void checkBase(double baseLearningRate) {
        BaseOptimizer.checkedLearningRate(baseLearningRate);
    }

    static void checkStep(long step) {
        if (step < 0) {
            throw new IllegalArgumentException("step must be >= 0, got " + step);
        }
    }
}
