package org.rnn4j.loss;

import org.rnn4j.tensor.SequenceMask;
import org.rnn4j.tensor.Tensor;

/**
 * A loss that compares an input with a target of the same shape element by element, then reduces.
 *
 * <pre>
 * value    = Σ_i w_i · ℓ(x_i, y_i) / Σ_i w_i         (MEAN; SUM leaves out the division)
 * gradient = w_i · ℓ'(x_i, y_i) / Σ_i w_i             same shape as x; 0 where w_i = 0
 * </pre>
 * The weights {@code w} are 1 without a mask, 0/1 from a {@link SequenceMask} over the first two dimensions of a
 * (B, T, ...) input (a padded step masks all its elements), or any non-negative per-element tensor. So the mean
 * is over the unmasked elements, and for 0/1 weights it equals PyTorch's loss on the unmasked elements alone.
 * Elements of weight 0 are skipped: their input and target may hold anything, NaN included. With nothing
 * unmasked the loss is 0 and the gradient zero.
 */
public sealed interface ElementwiseLoss permits BinaryCrossEntropy, Huber, MeanAbsoluteError, MeanSquaredError {

    Reduction reduction();

    /** The same loss with another reduction. */
    ElementwiseLoss withReduction(Reduction reduction);

    /** ℓ(x, y): the loss of one element. */
    double elementLoss(double input, double target);

    /** ∂ℓ(x, y)/∂x. */
    double elementGradient(double input, double target);

    /** Every element counts. */
    default LossResult compute(Tensor input, Tensor target) {
        return Elementwise.compute(this, input, target, null, null);
    }

    /**
     * Per-element weights of the input's shape, each finite and ≥ 0 (a 0/1 mask, or {@code null} for none); the
     * mean divides by their sum.
     */
    default LossResult compute(Tensor input, Tensor target, Tensor weights) {
        return Elementwise.compute(this, input, target, weights, null);
    }

    /** Input and target (B, T, ...); the elements of padded steps count for nothing ({@code null}: no mask). */
    default LossResult compute(Tensor input, Tensor target, SequenceMask mask) {
        return Elementwise.compute(this, input, target, null, mask);
    }
}
