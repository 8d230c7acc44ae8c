package org.rnn4j.models;

import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;
import org.rnn4j.nn.Dense;
import org.rnn4j.nn.Parameter;
import org.rnn4j.nn.TimeDistributed;
import org.rnn4j.nn.recurrent.RecurrentConfig;
import org.rnn4j.nn.recurrent.RecurrentLayer;
import org.rnn4j.nn.recurrent.RecurrentState;
import org.rnn4j.nn.recurrent.SequenceGradients;
import org.rnn4j.nn.recurrent.SequenceLayer;
import org.rnn4j.tensor.SequenceMask;
import org.rnn4j.tensor.Tensor;

/**
 * One output per step: a recurrent stack, then the same dense layer at every step:
 * x (B, T, F) → y (B, T, out). The shape of the copy task, tagging and character language models.
 */
public final class ManyToMany {
    private final RecurrentLayer recurrent;
    private final TimeDistributed head;

    public ManyToMany(RecurrentConfig config, int outputSize, RandomGenerator rng) {
        this.recurrent = new RecurrentLayer(config, rng);
        this.head = new TimeDistributed(new Dense(config.outputSize(), outputSize, "head.", rng));
    }

    public RecurrentLayer recurrent() {
        return recurrent;
    }

    public List<Parameter> parameters() {
        List<Parameter> all = new ArrayList<>(recurrent.parameters());
        all.addAll(head.parameters());
        return all;
    }

    public record Trace(SequenceLayer.Trace recurrent, Tensor output) {
    }

    /**
     * @param initial states carried from a previous window (truncated BPTT, stateful use), or null
     */
    public Trace forward(Tensor x, SequenceMask mask, List<RecurrentState> initial, RandomGenerator dropoutRng) {
        SequenceLayer.Trace trace = recurrent.forwardTraining(x, mask, initial, dropoutRng);
        return new Trace(trace, head.forward(trace.output().sequence()));
    }

    public SequenceGradients backward(Trace trace, Tensor dOutput) {
        Tensor dSequence = head.backward(trace.recurrent().output().sequence(), dOutput);
        return recurrent.backward(trace.recurrent(), dSequence, null);
    }
}
