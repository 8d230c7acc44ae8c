package org.rnn4j.nn.recurrent;

/**
 * The architecture of a {@link RecurrentLayer}, as PyTorch's {@code nn.RNN/LSTM/GRU} arguments.
 *
 * @param cell          rnn_tanh, rnn_relu, lstm, gru or gru_reset_before
 * @param inputSize     F
 * @param hiddenSize    H
 * @param numLayers     L, stacked: layer l reads layer l−1's output sequence
 * @param bidirectional D = 2 when true; the directions are concatenated between layers
 * @param dropout       dropout on each layer's output except the last, in training only (PyTorch's meaning)
 */
public record RecurrentConfig(CellType cell, int inputSize, int hiddenSize, int numLayers, boolean bidirectional,
                              float dropout) {
    public RecurrentConfig {
        if (cell == null) {
            throw new IllegalArgumentException("cell type is required");
        }
        if (inputSize < 1) {
            throw new IllegalArgumentException("inputSize must be at least 1, got " + inputSize);
        }
        if (hiddenSize < 1) {
            throw new IllegalArgumentException("hiddenSize must be at least 1, got " + hiddenSize);
        }
        if (numLayers < 1) {
            throw new IllegalArgumentException("numLayers must be at least 1, got " + numLayers);
        }
        if (!(dropout >= 0f && dropout < 1f)) {
            throw new IllegalArgumentException("dropout must be in [0, 1), got " + dropout);
        }
    }

    public static RecurrentConfig of(CellType cell, int inputSize, int hiddenSize) {
        return new RecurrentConfig(cell, inputSize, hiddenSize, 1, false, 0f);
    }

    public RecurrentConfig withLayers(int layers) {
        return new RecurrentConfig(cell, inputSize, hiddenSize, layers, bidirectional, dropout);
    }

    public RecurrentConfig withBidirectional(boolean bi) {
        return new RecurrentConfig(cell, inputSize, hiddenSize, numLayers, bi, dropout);
    }

    public RecurrentConfig withDropout(float rate) {
        return new RecurrentConfig(cell, inputSize, hiddenSize, numLayers, bidirectional, rate);
    }

    public int directions() {
        return bidirectional ? 2 : 1;
    }

    /** D·H, the width of the output sequence. */
    public int outputSize() {
        return directions() * hiddenSize;
    }

    /** The number of trainable values, as PyTorch counts them. */
    public long parameterCount() {
        long total = 0;
        int gh = cell.gates() * hiddenSize;
        for (int l = 0; l < numLayers; l++) {
            int in = l == 0 ? inputSize : outputSize();
            total += (long) directions() * ((long) gh * in + (long) gh * hiddenSize + 2L * gh);
        }
        return total;
    }
}
