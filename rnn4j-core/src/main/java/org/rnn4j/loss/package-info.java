/**
 * Losses with masks for padded steps. Each returns a {@link org.rnn4j.loss.LossResult}: the loss and
 * dLoss/dInput of the input's shape (explicit forward and backward, no autograd).
 *
 * <ul>
 *   <li>{@link org.rnn4j.loss.SoftmaxCrossEntropy}: logits (N, V) or (B, T, V) with integer targets, per step
 *       with a {@link org.rnn4j.nn.recurrent.SequenceMask}, or on each row's last valid step; label smoothing
 *       as PyTorch's {@code CrossEntropyLoss(label_smoothing=ε)}.</li>
 *   <li>{@link org.rnn4j.loss.BinaryCrossEntropy}: on logits, PyTorch's {@code BCEWithLogitsLoss}.</li>
 *   <li>{@link org.rnn4j.loss.MeanSquaredError}, {@link org.rnn4j.loss.MeanAbsoluteError},
 *       {@link org.rnn4j.loss.Huber}: regression on any shape.</li>
 *   <li>{@link org.rnn4j.loss.LastStep}: each row's output at its own last valid step, and back.</li>
 * </ul>
 *
 * <p>Masks: a padded step (or an element of weight 0) contributes nothing to the loss and gets a zero
 * gradient, whatever its input or target holds (NaN included). The mean is over the valid steps or elements,
 * as PyTorch's {@code ignore_index} mean is; a batch with nothing valid has loss 0 and a zero gradient (PyTorch
 * gives NaN). Losses accumulate in double and store the gradient in float32.
 */
package org.rnn4j.loss;
