package org.rnn4j.nn.recurrent;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import org.rnn4j.tensor.GateActivation;

/** The kinds of recurrent cell, with their gate count G and the number of state tensors. */
public enum CellType {
    /** Elman RNN with tanh: {@code h' = tanh(W_ih x + b_ih + W_hh h + b_hh)}. */
    RNN_TANH(1, 1),
    /** Elman RNN with relu. */
    RNN_RELU(1, 1),
    /** LSTM, gates i, f, g, o; state (h, c); with a projection ({@code proj_size}) h is P wide. */
    LSTM(4, 2),
    /** GRU, gates r, z, n, PyTorch's formula (Keras {@code reset_after=True}). */
    GRU(3, 1),
    /**
     * GRU with the reset gate applied before the hidden product, {@code n = tanh(W_in x + b_in + W_hn (r ⊙ h) + b_hn)}:
     * Keras {@code reset_after=False}, ONNX {@code linear_before_reset=0}. Gates r, z, n in PyTorch's layout, as GRU.
     */
    GRU_RESET_BEFORE(3, 1);

    private final int gates;
    private final int stateTensors;

    CellType(int gates, int stateTensors) {
        this.gates = gates;
        this.stateTensors = stateTensors;
    }

    public int gates() {
        return gates;
    }

    public int stateTensors() {
        return stateTensors;
    }

    /** The name used in model files and on the command line: rnn_tanh, rnn_relu, lstm, gru, gru_reset_before. */
    @JsonValue
    public String id() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    @JsonCreator
    public static CellType fromId(String id) {
        for (CellType t : values()) {
            if (t.id().equals(id)) {
                return t;
            }
        }
        throw new IllegalArgumentException("unknown cell type '" + id + "': expected rnn_tanh, rnn_relu, lstm, gru or gru_reset_before");
    }

    /** A cell of this type with PyTorch's default initialisation. */
    public RecurrentCell<?> newCell(int inputSize, int hiddenSize, String suffix, java.util.random.RandomGenerator rng) {
        return newCell(inputSize, hiddenSize, GateActivation.SIGMOID, suffix, rng);
    }

    /**
     * A cell of this type whose gates use {@code gate}: the sigmoid, or a hard sigmoid for an LSTM or GRU (a simple
     * RNN has no gates).
     */
    public RecurrentCell<?> newCell(int inputSize, int hiddenSize, GateActivation gate, String suffix,
                                    java.util.random.RandomGenerator rng) {
        requireGatesFor(gate);
        return switch (this) {
            case RNN_TANH -> new SimpleRnnCell(inputSize, hiddenSize, SimpleRnnCell.Activation.TANH, suffix, rng);
            case RNN_RELU -> new SimpleRnnCell(inputSize, hiddenSize, SimpleRnnCell.Activation.RELU, suffix, rng);
            case LSTM -> new LstmCell(inputSize, hiddenSize, gate, suffix, rng);
            case GRU -> new GruCell(inputSize, hiddenSize, gate, suffix, rng);
            case GRU_RESET_BEFORE -> new GruResetBeforeCell(inputSize, hiddenSize, gate, suffix, rng);
        };
    }

    /** Refuses a gate activation other than the sigmoid for a cell without gates (a simple RNN). */
    public void requireGatesFor(GateActivation gate) {
        if (!hasGates() && !gate.isSigmoid()) {
            throw new IllegalArgumentException("a gate activation (" + gate.describe() + ") applies to an lstm or a"
                    + " gru, not to " + id() + ", which has no gates");
        }
    }

    /** Whether the cell has sigmoid gates (LSTM, both GRUs), whose function a model may change. */
    public boolean hasGates() {
        return gates > 1;
    }

    /**
     * A cell of this type whose h is projected to {@code projSize} values ({@link LstmProjectionCell}), or the plain
     * cell for 0 (PyTorch's {@code proj_size}, an option of the LSTM only).
     */
    public RecurrentCell<?> newCell(int inputSize, int hiddenSize, int projSize, String suffix,
                                    java.util.random.RandomGenerator rng) {
        if (projSize == 0) {
            return newCell(inputSize, hiddenSize, suffix, rng);
        }
        if (this != LSTM) {
            throw new IllegalArgumentException("proj_size applies to an lstm, not to " + id());
        }
        return new LstmProjectionCell(inputSize, hiddenSize, projSize, suffix, rng);
    }
}
