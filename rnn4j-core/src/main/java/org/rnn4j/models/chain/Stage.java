package org.rnn4j.models.chain;

import java.util.List;
import org.rnn4j.nn.Parameter;

/**
 * One stage of a {@link LayerChain}: a layer for inference, with its spec (what a model file stores) and its
 * parameters under PyTorch's names (the chain prefixes each with the stage's index, as {@code nn.Sequential}).
 */
public sealed interface Stage permits EmbeddingStage, MaskingStage, RecurrentStage, DenseStage, DropoutStage {

    /** The spec's {@code type}: embedding, masking, recurrent, dense, dropout. */
    String type();

    /** The architecture, a record whose components become the spec's fields. */
    Record spec();

    List<Parameter> parameters();

    /**
     * What this stage gives for an input of this kind.
     *
     * @throws IllegalArgumentException with a message naming the stage when it cannot read that input
     */
    Signature output(Signature input);

    Flow forward(Flow input);

    /** "LSTM(5) bidirectional concat, sequences", for summaries and messages. */
    String describe();
}
