package org.rnn4j.nn;

import java.util.List;
import java.util.random.RandomGenerator;
import org.rnn4j.tensor.Layout;
import org.rnn4j.tensor.ShapeException;
import org.rnn4j.tensor.Tensor;

/**
 * A lookup table of V vectors of size E, PyTorch's {@code nn.Embedding}: token ids (B, T) → (B, T, E).
 *
 * <pre>
 * Forward:  y[b, t] = W[id[b, t]]
 * Backward: W.grad[id[b, t]] += dy[b, t]   (a repeated id accumulates)
 * </pre>
 */
public final class Embedding {
    private final int vocabularySize;
    private final int embeddingSize;
    private final Parameter weight;

    /** PyTorch's default initialisation: N(0, 1). */
    public Embedding(int vocabularySize, int embeddingSize, String prefix, RandomGenerator rng) {
        if (vocabularySize < 1 || embeddingSize < 1) {
            throw new IllegalArgumentException("Embedding sizes must be at least 1, got vocabulary " + vocabularySize
                    + ", size " + embeddingSize);
        }
        this.vocabularySize = vocabularySize;
        this.embeddingSize = embeddingSize;
        this.weight = new Parameter(prefix + "weight", vocabularySize, embeddingSize);
        for (int i = 0; i < weight.size(); i++) {
            weight.value().set(i, (float) rng.nextGaussian());
        }
    }

    public Parameter weight() {
        return weight;
    }

    public List<Parameter> parameters() {
        return List.of(weight);
    }

    /** @param ids token ids, {@code batch · steps} of them, row-major */
    public Tensor forward(int[] ids, int batch, int steps) {
        if (ids.length != batch * steps) {
            throw new ShapeException("Embedding: expected " + batch + "*" + steps + " ids, got " + ids.length);
        }
        for (int i = 0; i < ids.length; i++) {
            checkId(ids[i], i);
        }
        return Layout.gatherRows(weight.value(), ids).reshape(batch, steps, embeddingSize); // y[i] = W[id_i]
    }

    private void checkId(int id, int position) {
        if (id < 0 || id >= vocabularySize) {
            throw new IllegalArgumentException("Embedding: id " + id + " at position " + position
                    + " is outside the vocabulary of " + vocabularySize);
        }
    }

    public void backward(int[] ids, Tensor dOutput) {
        if (dOutput.size() != ids.length * embeddingSize) {
            throw new ShapeException("Embedding backward: expected " + ids.length + "*" + embeddingSize
                    + " gradient values, got " + dOutput.shapeString());
        }
        for (int i = 0; i < ids.length; i++) {
            checkId(ids[i], i);
        }
        Layout.scatterAddRows(weight.grad(), ids, dOutput);                     // dW[id_i] += dy_i
    }
}
