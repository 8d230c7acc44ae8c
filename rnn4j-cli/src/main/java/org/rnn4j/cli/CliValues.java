package org.rnn4j.cli;

import org.rnn4j.nn.recurrent.CellType;

/** Option values that several commands read the same way. */
final class CliValues {
    private CliValues() {
    }

    /** {@code --cell}: rnn (= rnn_tanh), rnn_tanh, rnn_relu, lstm or gru. */
    static CellType cell(String value) {
        return value.equals("rnn") ? CellType.RNN_TANH : CellType.fromId(value);
    }
}
