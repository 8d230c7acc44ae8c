package org.rnn4j.interop.onnx;

/**
 * The gate blocks of a recurrent weight in PyTorch's order (rnn4j's) and in ONNX's:
 *
 * <pre>
 *            PyTorch / rnn4j     ONNX
 *   LSTM     i, f, g, o          i, o, f, c      (g and c are the same candidate)
 *   GRU      r, z, n             z, r, h         (n and h are the same candidate)
 *   RNN      one block           one block
 * </pre>
 *
 * A weight (G·H, ·) is G blocks of H rows; converting moves whole blocks.
 */
final class GateOrder {
    private GateOrder() {
    }

    /** For each PyTorch gate, the ONNX block that holds it. */
    static int[] onnxBlockOfPyTorchGate(int gates) {
        return switch (gates) {
            case 4 -> new int[] {0, 2, 3, 1};   // i←i, f←f(2), g←c(3), o←o(1)
            case 3 -> new int[] {1, 0, 2};      // r←r(1), z←z(0), n←h(2)
            case 1 -> new int[] {0};
            default -> throw new IllegalArgumentException("no gate order for " + gates + " gates");
        };
    }

    /** For each ONNX gate, the PyTorch block that holds it (the inverse of {@link #onnxBlockOfPyTorchGate}). */
    static int[] pyTorchBlockOfOnnxGate(int gates) {
        int[] onnxOf = onnxBlockOfPyTorchGate(gates);
        int[] inverse = new int[gates];
        for (int p = 0; p < gates; p++) {
            inverse[onnxOf[p]] = p;
        }
        return inverse;
    }

    /**
     * Block g of the result is block {@code sourceBlock[g]} of {@code values}, which holds {@code gates} blocks of
     * {@code blockSize} values each, starting at {@code offset}.
     */
    static float[] reorder(float[] values, int offset, int gates, int blockSize, int[] sourceBlock) {
        float[] out = new float[gates * blockSize];
        for (int g = 0; g < gates; g++) {
            System.arraycopy(values, offset + sourceBlock[g] * blockSize, out, g * blockSize, blockSize);
        }
        return out;
    }
}
