package org.rnn4j.tasks;

import java.util.Objects;
import java.util.random.RandomGenerator;
import org.rnn4j.nn.recurrent.CellType;
import org.rnn4j.nn.recurrent.RecurrentInit;
import org.rnn4j.nn.recurrent.RecurrentLayer;

/**
 * How an experiment's recurrent layer starts, besides PyTorch's draw: the two remedies for a long memory that the
 * literature offers at initialisation.
 *
 * @param unitForgetBias LSTM only: the forget gate's bias at 1 (Keras's {@code unit_forget_bias}; Jozefowicz et al.
 *                       2015), so the cell keeps its memory from the first step instead of halving it
 * @param recurrent      W_hh as PyTorch draws it, orthogonal, or the identity (IRNN, simple RNN only)
 */
public record StartingWeights(boolean unitForgetBias, RecurrentInit recurrent) {
    /** PyTorch's initialisation, unchanged. */
    public static final StartingWeights PYTORCH = new StartingWeights(false, RecurrentInit.DEFAULT);

    public StartingWeights {
        Objects.requireNonNull(recurrent, "StartingWeights.recurrent");
    }

    public StartingWeights withUnitForgetBias(boolean value) {
        return new StartingWeights(value, recurrent);
    }

    public StartingWeights withRecurrent(RecurrentInit value) {
        return new StartingWeights(unitForgetBias, value);
    }

    /** Refuses what {@code cell} cannot start with, naming {@code owner}'s components. */
    void check(String owner, CellType cell) {
        if (unitForgetBias && cell != CellType.LSTM) {
            throw new IllegalArgumentException(owner + ".unitForgetBias applies to an LSTM only, not to " + cell.id());
        }
        if (!recurrent.appliesTo(cell)) {
            throw new IllegalArgumentException(owner + ".recurrentInit " + recurrent.id()
                    + " (IRNN) applies to rnn_relu or rnn_tanh, not to " + cell.id());
        }
    }

    /** Starts {@code layer} so: the forget gates' bias, then the recurrent weights, drawn from {@code rng}. */
    void apply(RecurrentLayer layer, RandomGenerator rng) {
        if (unitForgetBias) {
            layer.initForgetGateBias(1f);
        }
        layer.initRecurrentWeights(recurrent, rng);
    }
}
