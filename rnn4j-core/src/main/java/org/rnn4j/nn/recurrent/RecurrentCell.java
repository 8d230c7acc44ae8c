package org.rnn4j.nn.recurrent;

import java.util.List;
import org.rnn4j.nn.Parameter;
import org.rnn4j.tensor.GateActivation;
import org.rnn4j.tensor.Tensor;

/**
 * One step of a recurrent network. {@link Recurrent} owns the time loop (order, masks, states); a cell owns the
 * equations of one step, forward and backward side by side, and its parameters under PyTorch's names.
 *
 * <p>The work is split so that the large products run once for all steps:
 * <ol>
 *   <li>{@link #projectInputs}: {@code x W_ihᵀ + bias} for every step in one GEMM, (N, F) → (N, G·H);</li>
 *   <li>{@link #forward} per step: one {@code h W_hhᵀ} product and the fused gate nonlinearities;</li>
 *   <li>{@link #backward} per step: the gate gradients and one product for {@code dh_prev};</li>
 *   <li>{@link #accumulateParameterGradients} and {@link #inputGradient}: one GEMM each over all steps.</li>
 * </ol>
 * The states and buffers a step receives are views of storage that the loop allocated once per call (typed
 * records over rows of it, so a step allocates no storage); its working arrays come from the loop too.
 *
 * @param <S> the state the cell carries: {@link HiddenState} (h) or {@link LstmState} (h, c)
 */
public interface RecurrentCell<S extends RecurrentState> {

    CellType type();

    int inputSize();

    int hiddenSize();

    /** The function of the gates: the sigmoid unless the model asked for another (Keras's, ONNX's hard sigmoid). */
    default GateActivation gateActivation() {
        return GateActivation.SIGMOID;
    }

    /** G·H: the width of a row of the input projection, the gates. */
    default int gateWidth() {
        return type().gates() * hiddenSize();
    }

    /** Floats per row and step, beyond the gates and states, that backward needs. */
    int cacheWidth();

    /** How many tensors the state has: the length of {@link RecurrentState#tensors()}. */
    default int stateTensors() {
        return type().stateTensors();
    }

    /**
     * The width of the {@code k}-th state tensor, (B, stateWidth(k)): H for every cell but the LSTM with projection,
     * whose h is (B, P) and c (B, H).
     */
    default int stateWidth(int k) {
        return hiddenSize();
    }

    /** The width of the output at each step, which is h: {@code stateWidth(0)}. */
    default int outputWidth() {
        return stateWidth(0);
    }

    /**
     * Whether the cell projects its input inside {@link #forward}, one step at a time, instead of letting the loop
     * run {@link #projectInputs} for all steps at once: true for a cell whose input at step t depends on step t−1
     * (an attention decoder with input feeding or Bahdanau attention). The loop then hands each step its input rows
     * ({@link StepBuffers#input()}) and runs the whole batch as one part.
     */
    default boolean projectsPerStep() {
        return false;
    }

    /**
     * The typed state over its tensors, each (B, stateWidth(k)), in the order of {@link RecurrentState#tensors()}:
     * a view.
     */
    S state(List<Tensor> tensors);

    /** weight_ih, weight_hh, bias_ih, bias_hh (and weight_hr with a projection), in PyTorch's order and layout. */
    List<Parameter> parameters();

    /** Writes {@code xProj = x W_ihᵀ + input-side bias}: x (N, F), xProj (N, G·H). */
    void projectInputs(Tensor x, Tensor xProj);

    /**
     * One step forward: reads this step's input projection from {@code step.gates()} and {@code prev}, writes
     * {@code next}, and leaves in {@code step.gates()} and {@code step.cache()} what {@link #backward} needs.
     *
     * @param prev the state before the step, each tensor (B, stateWidth(k))
     * @param next written: the state after the step
     */
    void forward(StepBuffers step, S prev, S next);

    /**
     * One step backward, the reverse of {@link #forward}, over the buffers that forward filled.
     *
     * @param dNext  gradient with respect to the state after the step; a cell may overwrite it
     * @param dGates written: gradient with respect to this step's input projection, (B, G·H)
     * @param dPrev  written: gradient with respect to the state before the step
     */
    void backward(StepBuffers step, S prev, S dNext, Tensor dGates, S dPrev);

    /**
     * Called before a backward time loop, with {@link #endBackward} after it: a cell may prepare what every
     * {@link #backward} of the pass reuses. The parameters do not change in between.
     */
    default void beginBackward() {
    }

    /** Releases what {@link #beginBackward} prepared. */
    default void endBackward() {
    }

    /**
     * Adds the gradients of the cell's parameters for all steps at once, after the backward loop: x (N, F) the
     * steps' inputs, dGates (N, G·H) the gradient of every step's input projection, prevStates the state before
     * each step (each tensor (N, stateWidth(k)), in the order of {@link RecurrentState#tensors()}), and cache (N, cacheWidth)
     * every step's cache as backward left it.
     */
    void accumulateParameterGradients(Tensor x, Tensor dGates, List<Tensor> prevStates, Tensor cache);

    /** Writes {@code dx = dGates W_ih}: (N, G·H) → (N, F). */
    void inputGradient(Tensor dGates, Tensor dx);
}
