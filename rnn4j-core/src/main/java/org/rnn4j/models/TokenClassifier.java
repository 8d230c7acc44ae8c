package org.rnn4j.models;

import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;
import org.rnn4j.nn.Dense;
import org.rnn4j.nn.Dropout;
import org.rnn4j.nn.Embedding;
import org.rnn4j.nn.Parameter;
import org.rnn4j.nn.Pooling;
import org.rnn4j.nn.SequencePooling;
import org.rnn4j.nn.recurrent.RecurrentConfig;
import org.rnn4j.nn.recurrent.RecurrentLayer;
import org.rnn4j.nn.recurrent.SequenceLayer;
import org.rnn4j.tensor.SequenceMask;
import org.rnn4j.tensor.Tensor;

/**
 * Tokens in, one class distribution per sequence out: the shape of text classifiers.
 *
 * <pre>
 * ids (B, T) → Embedding (B, T, E) → dropout (training only) → recurrent stack (B, T, D·H)
 *            → pooling over the valid steps (B, D·H) → dropout (training only) → Dense → logits (B, K)
 * </pre>
 * Parameter names: {@code embedding.weight}, the stack's PyTorch names ({@code weight_ih_l0}, …,
 * {@code bias_hh_l0_reverse}), for attention pooling {@code pooling.weight}, {@code pooling.bias},
 * {@code pooling.context}, and {@code head.weight}, {@code head.bias}.
 *
 * <p>Nothing of a call is kept in the model (forward returns a {@link Trace}), so one model serves several threads
 * for inference.
 */
public final class TokenClassifier {
    private final Embedding embedding;
    private final RecurrentLayer recurrent;
    private final SequencePooling pooling;
    private final Dropout dropout;
    private final Dropout embeddingDropout;
    private final Dense head;

    /**
     * @param config        the recurrent stack; its input size is the embedding size E
     * @param pooling       how the sequence becomes one vector
     * @param attentionSize A, for attention pooling
     * @param dropout       on the pooled vector, in training; 0 = none
     * @param classes       K ≥ 2
     */
    public TokenClassifier(int vocabularySize, RecurrentConfig config, Pooling pooling, int attentionSize,
                           float dropout, int classes, RandomGenerator rng) {
        this(vocabularySize, config, pooling, attentionSize, 0f, dropout, classes, rng);
    }

    /**
     * @param embeddingDropout on the embedded tokens, each value on its own, in training; 0 = none
     */
    public TokenClassifier(int vocabularySize, RecurrentConfig config, Pooling pooling, int attentionSize,
                           float embeddingDropout, float dropout, int classes, RandomGenerator rng) {
        if (classes < 2) {
            throw new IllegalArgumentException("a classifier needs at least 2 classes, got " + classes);
        }
        this.embedding = new Embedding(vocabularySize, config.inputSize(), "embedding.", rng);
        this.recurrent = new RecurrentLayer(config, rng);
        this.pooling = SequencePooling.of(pooling, config.directions(), config.hiddenSize(), attentionSize,
                "pooling.", rng);
        this.dropout = new Dropout(dropout);                    // rate 0: nothing dropped, nothing drawn
        this.embeddingDropout = new Dropout(embeddingDropout);
        this.head = new Dense(config.outputSize(), classes, "head.", rng);
    }

    public Embedding embedding() {
        return embedding;
    }

    public RecurrentLayer recurrent() {
        return recurrent;
    }

    public SequencePooling pooling() {
        return pooling;
    }

    public Dense head() {
        return head;
    }

    public int classes() {
        return head.outputSize();
    }

    public List<Parameter> parameters() {
        List<Parameter> all = new ArrayList<>(embedding.parameters());
        all.addAll(recurrent.parameters());
        all.addAll(pooling.parameters());
        all.addAll(head.parameters());
        return all;
    }

    /**
     * What forward computed.
     *
     * @param embeddingMask the scaled keep-mask on the embedded tokens (B, T, E), or null (inference, or none)
     * @param dropoutMask the scaled keep-mask on the pooled vector, or null (inference, or no dropout)
     * @param features    the head's input (B, D·H)
     * @param logits      (B, K)
     */
    public record Trace(int[] ids, Tensor embeddingMask, SequenceLayer.Trace recurrent, SequencePooling.Trace pooled,
                        Tensor dropoutMask, Tensor features, Tensor logits) {
    }

    /**
     * @param ids        B·T token ids, row-major; padded steps may hold any id in the vocabulary (the padding id)
     * @param mask       the valid steps, or null when all are
     * @param dropoutRng draws the dropout (between stacked layers and on the pooled vector); null for inference
     */
    public Trace forward(int[] ids, int batch, int steps, SequenceMask mask, RandomGenerator dropoutRng) {
        Dropout.Result embedded = embeddingDropout.forwardInTraining(embedding.forward(ids, batch, steps),
                dropoutRng);                                                               // (B, T, E)
        SequenceLayer.Trace trace = recurrent.forwardTraining(embedded.output(), mask, null, dropoutRng);
        SequencePooling.Trace pooled = pooling.forward(trace.output().sequence(), mask); // (B, D·H)
        Dropout.Result features = dropout.forwardInTraining(pooled.output(), dropoutRng);
        return new Trace(ids, embedded.mask(), trace, pooled, features.mask(), features.output(),
                head.forward(features.output()));
    }

    /** Inference: the logits (B, K), with the working buffers released. */
    public Tensor predict(int[] ids, int batch, int steps, SequenceMask mask) {
        Trace trace = forward(ids, batch, steps, mask, null);
        trace.recurrent().release();
        return trace.logits();
    }

    /** Backpropagation from dLoss/dLogits (B, K); adds into every parameter's gradient. */
    public void backward(Trace trace, Tensor dLogits) {
        Tensor dFeatures = head.backward(trace.features(), dLogits);
        Tensor dPooled = dropout.backwardIfDropped(trace.dropoutMask(), dFeatures);
        Tensor dSequence = pooling.backward(trace.pooled(), dPooled); // (B, T, D·H)
        Tensor dEmbedded = recurrent.backward(trace.recurrent(), dSequence, null).input();
        embedding.backward(trace.ids(), embeddingDropout.backwardIfDropped(trace.embeddingMask(), dEmbedded));
    }

    /** "Lstm(input 64, hidden 128, bidirectional), max pooling, 2 classes". */
    public String describe() {
        return recurrent.describe() + ", " + pooling.describe() + ", " + classes() + " classes";
    }
}
