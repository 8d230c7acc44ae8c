package org.rnn4j.models.chain;

import java.util.List;
import java.util.SplittableRandom;
import org.rnn4j.nn.Embedding;
import org.rnn4j.nn.Parameter;
import org.rnn4j.tensor.SequenceMask;
import org.rnn4j.tensor.ShapeException;
import org.rnn4j.tensor.Tensor;

/**
 * Token ids (B, T) to vectors (B, T, E), PyTorch's {@code nn.Embedding} (parameter {@code weight}). With
 * {@code maskZero} (Keras's {@code mask_zero=True}) id 0 is padding: its steps are masked for the recurrent stages
 * that follow, wherever they are (its vector is still looked up, as in Keras).
 */
public final class EmbeddingStage implements Stage {
    private final Spec spec;
    private final Embedding embedding;

    public record Spec(int vocabularySize, int embeddingSize, boolean maskZero) {
    }

    /** Weights to be filled by the caller (from a file): drawn N(0, 1) until then. */
    public EmbeddingStage(Spec spec) {
        this.spec = spec;
        this.embedding = new Embedding(spec.vocabularySize(), spec.embeddingSize(), "", new SplittableRandom(0));
    }

    @Override
    public String type() {
        return "embedding";
    }

    @Override
    public Spec spec() {
        return spec;
    }

    @Override
    public List<Parameter> parameters() {
        return embedding.parameters();
    }

    @Override
    public Signature output(Signature input) {
        if (!input.tokens()) {
            throw new IllegalArgumentException(describe() + " reads token ids (B, T), got " + input);
        }
        return Signature.sequenceOf(spec.embeddingSize());
    }

    @Override
    public Flow forward(Flow input) {
        Tensor ids = input.values();
        if (ids.rank() != 2) {
            throw new ShapeException(describe() + ": expected token ids of shape (B, T), got " + ids.shapeString());
        }
        int[] tokens = new int[ids.size()];
        Tensor keep = Tensor.zeros(ids.shape());                                     // (B, T)
        for (int i = 0; i < tokens.length; i++) {
            tokens[i] = (int) ids.get(i);
            keep.set(i, tokens[i] != 0 ? 1f : 0f);
        }
        Tensor vectors = embedding.forward(tokens, ids.dim(0), ids.dim(1));           // (B, T, E)
        return new Flow(vectors, spec.maskZero() ? SequenceMask.fromTensor(keep) : input.mask());
    }

    @Override
    public String describe() {
        return "Embedding(" + spec.vocabularySize() + ", " + spec.embeddingSize()
                + (spec.maskZero() ? ", mask_zero" : "") + ")";
    }
}
