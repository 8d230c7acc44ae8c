package org.rnn4j.nn.recurrent;

import java.util.List;
import org.rnn4j.nn.Parameter;
import org.rnn4j.tensor.Tensor;

/**
 * One step of a recurrent network. {@link Recurrent} owns the time loop (order, masks, states); a cell owns the
 * equations of one step, forward and backward side by side, and its parameters under PyTorch's names.
 *
 * <p>The work is split so that the large products run once for all steps:
 * <ol>
 *   <li>{@link #projectInputs}: {@code x W_ihᵀ + bias} for every step in one GEMM, (N, F) → (N, G·H);</li>
 *   <li>{@link #forwardStep} per step: one {@code h W_hhᵀ} product and the fused gate nonlinearities;</li>
 *   <li>{@link #backwardStep} per step: the gate gradients and one product for {@code dh_prev};</li>
 *   <li>{@link #accumulateParameterGradients} and {@link #inputGradient}: one GEMM each over all steps.</li>
 * </ol>
 * Every tensor argument is a view that the loop allocated once per call; a cell allocates nothing per step.
 */
public interface RecurrentCell {

    CellType type();

    int inputSize();

    int hiddenSize();

    /** G·H: the width of a row of the input projection, the gates. */
    default int gateWidth() {
        return type().gates() * hiddenSize();
    }

    /** Floats per row and step, beyond the gates and states, that backward needs. */
    int cacheWidth();

    /**
     * Whether the gradient with respect to the hidden projection {@code h W_hhᵀ + b_hh} differs from the
     * gradient with respect to the input projection (true for the GRU, where r multiplies the n part).
     */
    boolean hasSeparateHiddenGradient();

    /** weight_ih, weight_hh, bias_ih, bias_hh, in PyTorch's order and layout. */
    List<Parameter> parameters();

    /** Writes {@code xProj = x W_ihᵀ + input-side bias}: x (N, F), xProj (N, G·H). */
    void projectInputs(Tensor x, Tensor xProj);

    /**
     * One step forward.
     *
     * @param gates   (B, G·H): on entry this step's input projection; on exit whatever backward needs (the
     *                activated gates)
     * @param prev    the state before the step, each (B, H)
     * @param next    written: the state after the step, each (B, H)
     * @param cache   (B, cacheWidth) written for backward
     * @param scratch (B, G·H) free working space
     */
    void forwardStep(Tensor gates, Tensor[] prev, Tensor[] next, Tensor cache, Tensor scratch);

    /**
     * One step backward, the reverse of {@link #forwardStep}.
     *
     * @param dNext  gradient with respect to the state after the step; a cell may overwrite it
     * @param dXProj written: gradient with respect to this step's input projection, (B, G·H)
     * @param dHProj written: gradient with respect to the hidden projection (the same tensor as dXProj unless
     *               {@link #hasSeparateHiddenGradient()})
     * @param dPrev  written: gradient with respect to the state before the step
     */
    void backwardStep(Tensor gates, Tensor cache, Tensor[] prev, Tensor[] next, Tensor[] dNext,
                      Tensor dXProj, Tensor dHProj, Tensor[] dPrev);

    /**
     * Called before a backward time loop, with {@link #endBackward} after it: a cell may prepare what every
     * {@link #backwardStep} of the pass reuses. The parameters do not change in between.
     */
    default void beginBackward() {
    }

    /** Releases what {@link #beginBackward} prepared. */
    default void endBackward() {
    }

    /**
     * Adds the gradients of all four parameters for all steps at once: x (N, F), dXProj (N, G·H),
     * hPrev (N, H) the hidden state before each step, dHProj (N, G·H).
     */
    void accumulateParameterGradients(Tensor x, Tensor dXProj, Tensor hPrev, Tensor dHProj);

    /** Writes {@code dx = dXProj W_ih}: (N, G·H) → (N, F). */
    void inputGradient(Tensor dXProj, Tensor dx);
}
