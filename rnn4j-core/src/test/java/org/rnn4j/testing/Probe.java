package org.rnn4j.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.rnn4j.nn.recurrent.RecurrentOutput;
import org.rnn4j.nn.recurrent.RecurrentState;
import org.rnn4j.nn.recurrent.SequenceLayer;
import org.rnn4j.tensor.SequenceMask;
import org.rnn4j.tensor.Tensor;

/**
 * A random scalar loss over everything a layer returns: {@code Σ sequence ⊙ P + Σ finalStates ⊙ Q}.
 * Its gradient with respect to the outputs is just P and Q, so every gradient of the layer is exercised.
 */
public final class Probe {
    public final Tensor sequenceWeights;
    public final List<RecurrentState> stateWeights;

    public Probe(RecurrentOutput shapeOf, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        this.sequenceWeights = Tensors.uniform(rng, -1, 1, shapeOf.sequence().shape());
        List<RecurrentState> states = new ArrayList<>();
        for (RecurrentState s : shapeOf.finalStates()) {
            states.add(RecurrentState.of(s.tensors().stream().map(t -> Tensors.uniform(rng, -1, 1, t.shape())).toList()));
        }
        this.stateWeights = states;
    }

    public Probe(Tensor sequenceWeights, List<RecurrentState> stateWeights) {
        this.sequenceWeights = sequenceWeights;
        this.stateWeights = stateWeights;
    }

    /** The loss, accumulated in double. */
    public double loss(RecurrentOutput out) {
        double sum = Tensors.dot(out.sequence(), sequenceWeights);
        for (int i = 0; i < stateWeights.size(); i++) {
            List<Tensor> a = out.finalStates().get(i).tensors();
            List<Tensor> b = stateWeights.get(i).tensors();
            for (int k = 0; k < a.size(); k++) {
                sum += Tensors.dot(a.get(k), b.get(k));
            }
        }
        return sum;
    }

    public double loss(SequenceLayer layer, Tensor x, SequenceMask mask, List<RecurrentState> initial) {
        return loss(layer.forward(x, mask, initial).output());
    }
}
