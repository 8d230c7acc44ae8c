package org.rnn4j.train;

import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;
import org.rnn4j.nn.Parameter;
import org.rnn4j.tensor.Tensor;

/**
 * What a {@link Trainer} trains: a model together with its loss, for batches of type {@code B}.
 *
 * <p>{@link #train} runs forward, the loss and backward for one batch and adds the gradients into the
 * parameters' {@code grad}; the trainer zeroes them before, and clips and applies them after. {@link #evaluate}
 * scores a batch in inference mode (no dropout) and leaves the gradients alone.
 *
 * <p>An objective that carries state from one batch to the next (truncated BPTT over a stream) says so through
 * {@link #carriedState()}, which checkpoints store, and resets it at the start of each epoch and evaluation.
 */
public interface Objective<B> {

    List<Parameter> parameters();

    /**
     * Forward, loss and backward for one training batch; adds into the gradients.
     *
     * @param rng the generator for this step's random draws (dropout), derived from the seed and the step
     * @return the batch's mean loss
     */
    double train(B batch, RandomGenerator rng);

    /** The batch's score in inference mode. */
    Score evaluate(B batch);

    /** Called before the first batch of every training epoch (from its first batch, not when resuming inside it). */
    default void startEpoch() {
    }

    /** Called before the first batch of every evaluation pass. */
    default void startEvaluation() {
    }

    /** State carried between training batches, by name, for a checkpoint; empty for most objectives. */
    default Map<String, Tensor> carriedState() {
        return Map.of();
    }

    /** Puts back what {@link #carriedState()} returned. */
    default void restoreCarriedState(Map<String, Tensor> state) {
        if (!state.isEmpty()) {
            throw new IllegalArgumentException("this objective carries no state, but the checkpoint holds "
                    + state.keySet());
        }
    }
}
