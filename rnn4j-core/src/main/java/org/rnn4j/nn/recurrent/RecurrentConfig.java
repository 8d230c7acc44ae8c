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
 * @param projSize      P, an LSTM's projection of h ({@code proj_size}): h and the output are P wide, c stays H;
 *                      0 for none (PyTorch's default)
 */
public record RecurrentConfig(CellType cell, int inputSize, int hiddenSize, int numLayers, boolean bidirectional,
                              float dropout, int projSize) {
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
        if (projSize != 0 && cell != CellType.LSTM) {
            throw new IllegalArgumentException("proj_size applies to an lstm, not to " + cell.id());
        }
        if (projSize < 0 || (projSize > 0 && projSize >= hiddenSize)) {
            throw new IllegalArgumentException("proj_size must be 0 (none) or between 1 and hidden_size - 1 ("
                    + (hiddenSize - 1) + "), got " + projSize);
        }
    }

    /** Without a projection, as every cell but a projected LSTM. */
    public RecurrentConfig(CellType cell, int inputSize, int hiddenSize, int numLayers, boolean bidirectional,
                           float dropout) {
        this(cell, inputSize, hiddenSize, numLayers, bidirectional, dropout, 0);
    }

    public static RecurrentConfig of(CellType cell, int inputSize, int hiddenSize) {
        return new RecurrentConfig(cell, inputSize, hiddenSize, 1, false, 0f);
    }

    public RecurrentConfig withLayers(int layers) {
        return new RecurrentConfig(cell, inputSize, hiddenSize, layers, bidirectional, dropout, projSize);
    }

    public RecurrentConfig withBidirectional(boolean bi) {
        return new RecurrentConfig(cell, inputSize, hiddenSize, numLayers, bi, dropout, projSize);
    }

    public RecurrentConfig withDropout(float rate) {
        return new RecurrentConfig(cell, inputSize, hiddenSize, numLayers, bidirectional, rate, projSize);
    }

    public RecurrentConfig withProjSize(int proj) {
        return new RecurrentConfig(cell, inputSize, hiddenSize, numLayers, bidirectional, dropout, proj);
    }

    public int directions() {
        return bidirectional ? 2 : 1;
    }

    /** The width of h, which each direction outputs at each step: P with a projection, else H. */
    public int recurrentSize() {
        return projSize > 0 ? projSize : hiddenSize;
    }

    /** The width of the {@code k}-th state tensor: h is {@link #recurrentSize()}, an LSTM's c is H. */
    public int stateWidth(int k) {
        return k == 0 ? recurrentSize() : hiddenSize;
    }

    /** D·H (D·P with a projection), the width of the output sequence and of layer l+1's input. */
    public int outputSize() {
        return directions() * recurrentSize();
    }

    /** The number of trainable values, as PyTorch counts them. */
    public long parameterCount() {
        long total = 0;
        int gh = cell.gates() * hiddenSize;
        for (int l = 0; l < numLayers; l++) {
            int in = l == 0 ? inputSize : outputSize();
            total += (long) directions() * ((long) gh * in + (long) gh * recurrentSize() + 2L * gh
                    + (long) projSize * hiddenSize);
        }
        return total;
    }
}
