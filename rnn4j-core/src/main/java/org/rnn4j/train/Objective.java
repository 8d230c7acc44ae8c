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
 *
 * <p><b>Lifetimes: what is recycled when.</b> The trainer runs each {@link #train} and each {@link #evaluate} call
 * as one step ({@link Trainer#runAsStep}): every tensor made during the call ({@code Tensor.zeros}, {@code copy},
 * a layer's activations, the loss gradient) is taken from the thread's pool and <em>given back when the call
 * returns</em>, to be handed out, zeroed, in the next step. So an objective must not keep such a tensor in a field
 * or return it inside its state: copy what must survive into a tensor made inside
 * {@code Workspace.persistent(…)} (as {@link TruncatedBptt} does with the carried state), or into float arrays.
 * Parameters, their gradients and optimiser state are made outside any step and are never recycled. Running the
 * tests with {@code -Drnn4j.workspace.poison=true} fills every recycled buffer with NaN when it is given back, so a
 * tensor used after its step shows as NaN.
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
