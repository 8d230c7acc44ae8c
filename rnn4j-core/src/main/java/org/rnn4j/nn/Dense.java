package org.rnn4j.nn;

import java.util.List;
import java.util.random.RandomGenerator;
import org.rnn4j.tensor.Blas;
import org.rnn4j.tensor.ShapeException;
import org.rnn4j.tensor.Tensor;

/**
 * A fully connected layer, PyTorch's {@code nn.Linear}: {@code y = x Wᵀ + b} over the last dimension, so a
 * (B, T, F) input gives (B, T, out) (Keras's Dense does the same; {@link TimeDistributed} says it explicitly).
 *
 * <pre>
 * Forward:  y  = x Wᵀ + b              x (N, in), W (out, in), y (N, out)
 * Backward: dW += dyᵀ x,  db += Σ_rows dy,  dx = dy W
 * </pre>
 */
public final class Dense implements Layer {
    private final int inputSize;
    private final int outputSize;
    private final Parameter weight;
    private final Parameter bias;

    /** PyTorch's default initialisation: U(−1/√in, 1/√in) for weight and bias. */
    public Dense(int inputSize, int outputSize, String prefix, RandomGenerator rng) {
        if (inputSize < 1 || outputSize < 1) {
            throw new IllegalArgumentException("Dense sizes must be at least 1, got in " + inputSize + ", out " + outputSize);
        }
        this.inputSize = inputSize;
        this.outputSize = outputSize;
        float bound = (float) (1 / Math.sqrt(inputSize));
        this.weight = new Parameter(prefix + "weight", outputSize, inputSize).initUniform(bound, rng);
        this.bias = new Parameter(prefix + "bias", outputSize).initUniform(bound, rng);
    }

    public int inputSize() {
        return inputSize;
    }

    public int outputSize() {
        return outputSize;
    }

    @Override
    public List<Parameter> parameters() {
        return List.of(weight, bias);
    }

    private Tensor rowsOf(Tensor x, String what) {
        if (x.rank() < 1 || x.dim(-1) != inputSize) {
            throw new ShapeException("Dense(" + inputSize + " -> " + outputSize + ") " + what
                    + ": expected shape (..., " + inputSize + "), got " + x.shapeString());
        }
        return x.reshape(x.size() / inputSize, inputSize);
    }

    @Override
    public Tensor forward(Tensor x) {
        Tensor rows = rowsOf(x, "input");
        int[] shape = x.shape();
        shape[shape.length - 1] = outputSize;
        Tensor y = Tensor.zeros(shape);
        Tensor yRows = y.reshape(rows.dim(0), outputSize);
        for (int r = 0; r < rows.dim(0); r++) {
            yRows.row(r).copyFrom(bias.value());
        }
        Blas.gemm(false, true, 1f, rows, weight.value(), 1f, yRows);
        return y;
    }

    @Override
    public Tensor backward(Tensor x, Tensor dOutput) {
        Tensor rows = rowsOf(x, "input");
        if (dOutput.size() != rows.dim(0) * outputSize || dOutput.dim(-1) != outputSize) {
            throw new ShapeException("Dense(" + inputSize + " -> " + outputSize + ") output gradient: expected shape (..., "
                    + outputSize + ") with " + rows.dim(0) + " rows, got " + dOutput.shapeString());
        }
        Tensor dy = dOutput.reshape(rows.dim(0), outputSize);
        Blas.gemm(true, false, 1f, dy, rows, 1f, weight.grad());
        for (int r = 0; r < dy.dim(0); r++) {
            for (int j = 0; j < outputSize; j++) {
                bias.grad().set(j, bias.grad().get(j) + dy.get(r * outputSize + j));
            }
        }
        Tensor dx = Tensor.zeros(x.shape());
        Blas.gemm(false, false, 1f, dy, weight.value(), 0f, dx.reshape(rows.dim(0), inputSize));
        return dx;
    }
}
