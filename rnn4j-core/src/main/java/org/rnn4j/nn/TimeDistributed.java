package org.rnn4j.nn;

import java.util.List;
import org.rnn4j.tensor.ShapeException;
import org.rnn4j.tensor.Tensor;

/**
 * Applies a row layer to every step of a (B, T, F) sequence with the same weights, as Keras's
 * {@code TimeDistributed}: the steps are flattened to (B·T, F) rows, so the product is one GEMM.
 */
public final class TimeDistributed implements Layer {
    private final Layer inner;

    public TimeDistributed(Layer inner) {
        this.inner = inner;
    }

    private static void checkSequence(Tensor x) {
        if (x.rank() != 3) {
            throw new ShapeException("TimeDistributed input: expected shape (B, T, F), got " + x.shapeString());
        }
    }

    @Override
    public Tensor forward(Tensor x) {
        checkSequence(x);
        Tensor y = inner.forward(x.reshape(x.dim(0) * x.dim(1), x.dim(2)));
        return y.reshape(x.dim(0), x.dim(1), y.dim(1));
    }

    @Override
    public Tensor backward(Tensor x, Tensor dOutput) {
        checkSequence(x);
        Tensor rows = x.reshape(x.dim(0) * x.dim(1), x.dim(2));
        Tensor dx = inner.backward(rows, dOutput.reshape(rows.dim(0), dOutput.dim(-1)));
        return dx.reshape(x.shape());
    }

    @Override
    public List<Parameter> parameters() {
        return inner.parameters();
    }
}
