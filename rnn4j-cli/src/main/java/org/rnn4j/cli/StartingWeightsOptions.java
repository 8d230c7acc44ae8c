package org.rnn4j.cli;

import org.rnn4j.nn.recurrent.RecurrentInit;
import org.rnn4j.tasks.StartingWeights;
import picocli.CommandLine.Option;

/** How the long-memory experiments' recurrent layer starts: {@code --unit-forget-bias}, {@code --recurrent-init}. */
final class StartingWeightsOptions {
    @Option(names = "--unit-forget-bias", description = "LSTM: start the forget gate's bias at 1 (Keras's default)")
    boolean unitForgetBias;
    @Option(names = "--recurrent-init", paramLabel = "INIT", defaultValue = "default", description = "how the "
            + "recurrent weights start: default (PyTorch's), orthogonal (each gate's block), or identity (IRNN: "
            + "W_hh = I and zero biases, for rnn and rnn_relu) (default: ${DEFAULT-VALUE})")
    String recurrentInit;

    StartingWeights start() {
        RecurrentInit init;
        try {
            init = RecurrentInit.fromId(recurrentInit);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--recurrent-init must be default, orthogonal or identity, got '"
                    + recurrentInit + "'");
        }
        return new StartingWeights(unitForgetBias, init);
    }
}
