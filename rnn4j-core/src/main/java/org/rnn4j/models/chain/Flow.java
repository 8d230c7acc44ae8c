package org.rnn4j.models.chain;

import org.rnn4j.tensor.SequenceMask;
import org.rnn4j.tensor.Tensor;

/**
 * What passes from one stage of a {@link LayerChain} to the next: the values and, as in Keras, the mask that
 * an Embedding with {@code mask_zero} or a Masking stage made and that the recurrent stages honour.
 *
 * @param values (B, T, X) a sequence, (B, X) after a recurrent stage that returns its last output only, or
 *               (B, T) token ids (whole numbers) before an Embedding
 * @param mask   which steps are real, (B, T), or null when all are
 */
public record Flow(Tensor values, SequenceMask mask) {
}
