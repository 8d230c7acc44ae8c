package org.rnn4j.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.rnn4j.io.Safetensors;
import org.rnn4j.tensor.ShapeException;
import org.rnn4j.tensor.Tensor;
import org.rnn4j.testing.Golden;

/** Embedding is PyTorch's nn.Embedding: a row lookup whose gradient accumulates over repeated ids. */
class EmbeddingTest {
    private static final double OUTPUT_TOLERANCE = 1e-5;
    private static final double GRADIENT_TOLERANCE = 1e-4;

    @Test
    void outputAndWeightGradientMatchPyTorchEmbeddingWithRepeatedIds() {
        Path file = Golden.file("nn/embedding.safetensors");
        Map<String, Tensor> t = Safetensors.read(file).tensors();
        Tensor indices = t.get("indices"); // (2, 5), whole numbers stored as float32
        int batch = indices.dim(0);
        int steps = indices.dim(1);
        int[] ids = new int[indices.size()];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = Math.round(indices.get(i));
        }
        Embedding embedding = new Embedding(10, 4, "", new SplittableRandom(0));
        embedding.weight().value().copyFrom(t.get("weight"));

        Tensor y = embedding.forward(ids, batch, steps);
        embedding.backward(ids, t.get("probe.output"));

        assertThat(Arrays.stream(ids).distinct().count()).as("distinct ids (the file repeats one)")
                .isLessThan(ids.length);
        Golden.assertClose(file, "output", y, t.get("output"), OUTPUT_TOLERANCE);
        Golden.assertClose(file, "grad.weight", embedding.weight().grad(), t.get("grad.weight"), GRADIENT_TOLERANCE);
    }

    @Test
    void weightIsNamedAfterThePrefixWithShapeVocabularyBySize() {
        Embedding embedding = new Embedding(10, 4, "embed.", new SplittableRandom(0));

        assertThat(embedding.parameters()).extracting(Parameter::name).containsExactly("embed.weight");
        assertThat(embedding.weight().value().shape()).containsExactly(10, 4);
    }

    @Test
    void idOutsideTheVocabularyIsRefusedNamingTheIdAndItsPosition() {
        Embedding embedding = new Embedding(10, 4, "", new SplittableRandom(0));

        assertThatThrownBy(() -> embedding.forward(new int[] {1, 2, 10, 3}, 2, 2))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Embedding: id 10 at position 2 is outside the vocabulary of 10");
        assertThatThrownBy(() -> embedding.forward(new int[] {-1, 2, 0, 3}, 2, 2))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Embedding: id -1 at position 0 is outside the vocabulary of 10");
    }

    @Test
    void idCountThatDoesNotMatchBatchTimesStepsIsRefused() {
        Embedding embedding = new Embedding(10, 4, "", new SplittableRandom(0));

        assertThatThrownBy(() -> embedding.forward(new int[] {1, 2, 3}, 2, 2))
                .isInstanceOf(ShapeException.class)
                .hasMessage("Embedding: expected 2*2 ids, got 3");
    }
}
