package org.rnn4j.cli;

import org.rnn4j.nn.recurrent.CellType;

/** Option values that several commands read the same way. */
final class CliValues {
    private CliValues() {
    }

    /** The cell names every {@code --cell} accepts and every help text lists ("rnn" is rnn_tanh, also accepted). */
    static final String CELL_NAMES = "rnn, rnn_relu, lstm, gru or gru_reset_before";

    static CellType cell(String value) {
        if (value.equals("rnn")) {
            return CellType.RNN_TANH;
        }
        try {
            return CellType.fromId(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--cell " + value + ": expected " + CELL_NAMES);
        }
    }
}
