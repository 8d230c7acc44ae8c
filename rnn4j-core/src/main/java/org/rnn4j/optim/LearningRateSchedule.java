package org.rnn4j.optim;

/**
 * A learning rate that changes as training goes on, as PyTorch's {@code torch.optim.lr_scheduler} classes.
 *
 * <p>A schedule counts its own steps (a step is whatever unit the caller chooses: an optimiser step or an epoch)
 * and does not touch the optimiser: the caller copies {@link #learningRate()} into it. Right after construction the
 * schedule is at step 0, where the learning rate is that of step 0 of the schedule (for most, the base rate):
 * <pre>{@code
 * for (...) {
 *     optimizer.setLearningRate(schedule.learningRate());
 *     optimizer.step(params);
 *     schedule.step();            // or schedule.step(validationLoss) for ReduceLrOnPlateau
 * }
 * }</pre>
 * This is PyTorch's order too: the rate read before the t-th {@code scheduler.step()} is the rate of step t.
 */
public interface LearningRateSchedule {

    /** The learning rate of the current step. */
    double learningRate();

    /**
     * Moves to the next step and returns its learning rate.
     *
     * @throws IllegalStateException for a schedule that needs a metric ({@link ReduceLrOnPlateau})
     */
    double step();

    /**
     * Moves to the next step, given the metric of the step just finished (for example the validation loss), and
     * returns the new learning rate. Schedules that depend only on the step count ignore the metric, so a trainer
     * may always call this form.
     */
    default double step(double metric) {
        return step();
    }

    /** A copy of the schedule's mutable state (step count, and for {@link ReduceLrOnPlateau} its counters). */
    ScheduleState state();

    /**
     * Puts back a state taken by {@link #state()} from a schedule of the same kind. The configuration (base rate,
     * decay factors, ...) is this schedule's own.
     *
     * @throws IllegalArgumentException when the state is of another kind of schedule or lacks a value
     */
    void restore(ScheduleState state);
}
