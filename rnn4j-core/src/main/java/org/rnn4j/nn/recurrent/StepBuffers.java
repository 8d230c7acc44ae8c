package org.rnn4j.nn.recurrent;

import org.rnn4j.tensor.Tensor;

/**
 * One step's rows of the loop's storage, and the loop's scratch, as a cell's step sees them.
 *
 * @param time    the step's time t
 * @param input   (B, F) the step's input rows; read by a cell that {@link RecurrentCell#projectsPerStep()}
 * @param gates   (B, G·H): forward reads this step's input projection from it and leaves there what backward needs
 *                (the activated gates)
 * @param cache   (B, cacheWidth): whatever else the cell keeps from forward for backward; backward may overwrite it
 *                with what the all-steps products need after the loop (see
 *                {@link RecurrentCell#accumulateParameterGradients})
 * @param scratch working arrays for the step, see {@link StepScratch}
 */
public record StepBuffers(int time, Tensor input, Tensor gates, Tensor cache, StepScratch scratch) {
}
