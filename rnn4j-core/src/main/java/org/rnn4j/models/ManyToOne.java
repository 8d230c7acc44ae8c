package org.rnn4j.models;

import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;
import org.rnn4j.nn.Dense;
import org.rnn4j.nn.Parameter;
import org.rnn4j.nn.recurrent.HiddenGradientObserver;
import org.rnn4j.nn.recurrent.RecurrentConfig;
import org.rnn4j.nn.recurrent.RecurrentLayer;
import org.rnn4j.nn.recurrent.RecurrentState;
import org.rnn4j.nn.recurrent.SequenceGradients;
import org.rnn4j.nn.recurrent.SequenceLayer;
import org.rnn4j.tensor.SequenceMask;
import org.rnn4j.tensor.Tensor;

/**
 * A sequence in, one vector out: a recurrent stack read to the end, then a dense layer on its last output
 * (each direction's final h, concatenated): x (B, T, F) → y (B, out). The shape of the adding problem,
 * sequence classification and one-step forecasting.
 */
public final class ManyToOne {
    private final RecurrentLayer recurrent;
    private final Dense head;

    public ManyToOne(RecurrentConfig config, int outputSize, RandomGenerator rng) {
        this.recurrent = new RecurrentLayer(config, rng);
        this.head = new Dense(config.outputSize(), outputSize, "head.", rng);
    }

    public RecurrentLayer recurrent() {
        return recurrent;
    }

    public Dense head() {
        return head;
    }

    public List<Parameter> parameters() {
        List<Parameter> all = new ArrayList<>(recurrent.parameters());
        all.addAll(head.parameters());
        return all;
    }

    /** What forward computed: the recurrent trace, the head's input and the output (B, out). */
    public record Trace(SequenceLayer.Trace recurrent, Tensor last, Tensor output) {
    }

    public Trace forward(Tensor x, SequenceMask mask, RandomGenerator dropoutRng) {
        SequenceLayer.Trace trace = recurrent.forwardTraining(x, mask, null, dropoutRng);
        Tensor last = trace.output().lastOutput(recurrent.config().directions());
        return new Trace(trace, last, head.forward(last));
    }

    /** Inference only. */
    public Tensor predict(Tensor x, SequenceMask mask) {
        SequenceLayer.Trace trace = recurrent.forward(x, mask, null);
        trace.release();
        return head.forward(trace.output().lastOutput(recurrent.config().directions()));
    }

    /** Backpropagation from dLoss/dOutput (B, out); adds into every parameter's gradient. */
    public SequenceGradients backward(Trace trace, Tensor dOutput) {
        return backward(trace, dOutput, null);
    }

    /** Backward that also shows dLoss/dh_t at every step of the top recurrent layer, or with a null observer not. */
    public SequenceGradients backward(Trace trace, Tensor dOutput, HiddenGradientObserver observer) {
        Tensor dLast = head.backward(trace.last(), dOutput); // (B, D·H)
        int directions = recurrent.config().directions();
        int hidden = recurrent.hiddenSize();
        int batch = dLast.dim(0);
        List<RecurrentState> dFinal = new ArrayList<>(recurrent.zeroStates(batch));
        int top = dFinal.size() - directions;
        for (int d = 0; d < directions; d++) {
            Tensor dh = dFinal.get(top + d).h();                                     // (B, H)
            for (int b = 0; b < batch; b++) {
                dh.write(b * hidden, dLast, b * directions * hidden + d * hidden, hidden); // dh[b] = dLast[b, d·H …]
            }
        }
        return recurrent.backward(trace.recurrent(), null, dFinal, observer, true);
    }
}
