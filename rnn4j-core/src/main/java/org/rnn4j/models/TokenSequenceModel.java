package org.rnn4j.models;

import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;
import org.rnn4j.nn.Dense;
import org.rnn4j.nn.Embedding;
import org.rnn4j.nn.Parameter;
import org.rnn4j.nn.TimeDistributed;
import org.rnn4j.nn.recurrent.RecurrentConfig;
import org.rnn4j.nn.recurrent.RecurrentLayer;
import org.rnn4j.nn.recurrent.RecurrentState;
import org.rnn4j.nn.recurrent.SequenceLayer;
import org.rnn4j.tensor.SequenceMask;
import org.rnn4j.tensor.Tensor;

/**
 * Tokens in, one distribution per step out: Embedding(V, E) → recurrent stack → Dense at every step:
 * ids (B, T) → logits (B, T, V_out). The shape of character and word language models (V_out = V).
 *
 * <p>Parameter names: {@code embedding.weight}, the stack's PyTorch names ({@code weight_ih_l0}, …),
 * {@code head.weight}, {@code head.bias}.
 */
public final class TokenSequenceModel {
    private final Embedding embedding;
    private final RecurrentLayer recurrent;
    private final TimeDistributed head;
    private final int outputSize;

    /** @param config the recurrent stack; its input size is the embedding size E */
    public TokenSequenceModel(int vocabularySize, RecurrentConfig config, int outputSize, RandomGenerator rng) {
        this.embedding = new Embedding(vocabularySize, config.inputSize(), "embedding.", rng);
        this.recurrent = new RecurrentLayer(config, rng);
        this.head = new TimeDistributed(new Dense(config.outputSize(), outputSize, "head.", rng));
        this.outputSize = outputSize;
    }

    public RecurrentLayer recurrent() {
        return recurrent;
    }

    public Embedding embedding() {
        return embedding;
    }

    /** The Dense layer at every step: the recurrent output (B, T, W) → logits (B, T, V_out). */
    public TimeDistributed head() {
        return head;
    }

    public int outputSize() {
        return outputSize;
    }

    public List<Parameter> parameters() {
        List<Parameter> all = new ArrayList<>(embedding.parameters());
        all.addAll(recurrent.parameters());
        all.addAll(head.parameters());
        return all;
    }

    /** Zero states for a batch, one per layer and direction. */
    public List<RecurrentState> zeroStates(int batch) {
        return recurrent.zeroStates(batch);
    }

    /** What forward computed: the ids, the embedded input, the recurrent trace and the logits (B, T, V_out). */
    public record Trace(int[] ids, Tensor embedded, SequenceLayer.Trace recurrent, Tensor logits) {
        /** The states after the last step, one per layer and direction. */
        public List<RecurrentState> finalStates() {
            return recurrent.output().finalStates();
        }
    }

    /**
     * @param ids        B·T token ids, row-major
     * @param initial    states carried from before (truncated BPTT, generation), or null for zeros
     * @param dropoutRng draws the dropout between stacked layers; null for inference
     */
    public Trace forward(int[] ids, int batch, int steps, SequenceMask mask, List<RecurrentState> initial,
                         RandomGenerator dropoutRng) {
        Tensor x = embedding.forward(ids, batch, steps); // (B, T, E)
        SequenceLayer.Trace trace = recurrent.forwardTraining(x, mask, initial, dropoutRng);
        return new Trace(ids, x, trace, head.forward(trace.output().sequence()));
    }

    /** Inference: logits and final states, with the working buffers released. */
    public Trace infer(int[] ids, int batch, int steps, SequenceMask mask, List<RecurrentState> initial) {
        Trace trace = forward(ids, batch, steps, mask, initial, null);
        trace.recurrent().release();
        return trace;
    }

    /** Backpropagation through the whole trace; adds into every parameter's gradient. */
    public void backward(Trace trace, Tensor dLogits) {
        Tensor dSequence = head.backward(trace.recurrent().output().sequence(), dLogits);
        Tensor dEmbedded = recurrent.backward(trace.recurrent(), dSequence, null).input();
        embedding.backward(trace.ids(), dEmbedded);
    }
}
