package org.rnn4j.nn.attention;

import java.util.List;
import java.util.random.RandomGenerator;
import org.rnn4j.nn.Parameter;
import org.rnn4j.tensor.Blas;
import org.rnn4j.tensor.ShapeException;
import org.rnn4j.tensor.Tensor;

/**
 * Luong's attentional hidden state (Luong, Pham &amp; Manning 2015, eq. 5): the context and the decoder state
 * combined by one layer, the vector that feeds the softmax over the target vocabulary (eq. 6) and, with input
 * feeding, the next decoder step.
 *
 * <pre>
 * Forward:  x  = [c; h]                    (N, Hv+Hq)   context first, as in the paper
 *           h̃  = tanh(W_c x)               (N, Ho)      one GEMM for all rows
 * Backward: g  = dh̃ ⊙ (1 − h̃²)
 *           dW_c += gᵀ x,   dx = g W_c  → split into dc (N, Hv), dh (N, Hq)
 * </pre>
 * The rows N are B (one step) or B·Tq (a block). Parameter: {@code W_c.weight} (Ho, Hv+Hq), after the caller's
 * prefix, as PyTorch names {@code W_c = nn.Linear(Hv+Hq, Ho, bias=False)} in a module; the paper has no bias.
 */
public final class AttentionalHidden {
    private final int contextSize;
    private final int querySize;
    private final int outputSize;
    private final Parameter weight; // W_c (Ho, Hv+Hq)

    /** What forward computed: the output h̃ (B, [Tq,] Ho), and the rows [c; h] (N, Hv+Hq) that backward needs. */
    public record Trace(Tensor output, Tensor input) {
    }

    /** dLoss/d(context) (B, [Tq,] Hv) and dLoss/d(queries) (B, [Tq,] Hq). */
    public record Gradients(Tensor context, Tensor queries) {
    }

    /** PyTorch's nn.Linear initialisation: U(−1/√(Hv+Hq), 1/√(Hv+Hq)). */
    public AttentionalHidden(int contextSize, int querySize, int outputSize, String prefix, RandomGenerator rng) {
        if (contextSize < 1 || querySize < 1 || outputSize < 1) {
            throw new IllegalArgumentException("AttentionalHidden sizes must be at least 1, got context " + contextSize
                    + ", query " + querySize + ", output " + outputSize);
        }
        this.contextSize = contextSize;
        this.querySize = querySize;
        this.outputSize = outputSize;
        int in = contextSize + querySize;
        this.weight = new Parameter(prefix + "W_c.weight", outputSize, in).initUniform((float) (1 / Math.sqrt(in)), rng);
    }

    public int outputSize() {
        return outputSize;
    }

    public List<Parameter> parameters() {
        return List.of(weight);
    }

    /**
     * h̃ = tanh(W_c [c; h]).
     *
     * @param context (B, Hv) or (B, Tq, Hv), e.g. {@link AttentionTrace#context()}
     * @param queries the decoder states, (B, Hq) or (B, Tq, Hq) like the context
     */
    public Trace forward(Tensor context, Tensor queries) {
        boolean ok = context.rank() >= 2 && context.rank() <= 3 && queries.rank() == context.rank()
                && context.dim(-1) == contextSize && queries.dim(-1) == querySize;
        for (int d = 0; ok && d < context.rank() - 1; d++) {
            ok = context.dim(d) == queries.dim(d);
        }
        if (!ok) {
            throw new ShapeException(this + ": expected context (B, [Tq,] " + contextSize + ") and queries (B, [Tq,] "
                    + querySize + ") with the same leading dimensions, got " + context.shapeString() + " and "
                    + queries.shapeString());
        }
        int rows = context.size() / contextSize;
        int width = contextSize + querySize;
        Tensor x = Tensor.zeros(rows, width);                                       // x = [c; h]
        for (int r = 0; r < rows; r++) {
            x.write(r * width, context, r * contextSize, contextSize);
            x.write(r * width + contextSize, queries, r * querySize, querySize);
        }
        int[] shape = context.shape();
        shape[shape.length - 1] = outputSize;
        Tensor output = Tensor.zeros(shape);
        Tensor y = output.reshape(rows, outputSize);
        Blas.gemm(false, true, 1f, x, weight.value(), 0f, y);                        // W_c x
        for (int i = 0, n = y.size(); i < n; i++) {
            y.set(i, AdditiveScore.tanh(y.get(i)));                                   // h̃ = tanh(·)
        }
        return new Trace(output, x);
    }

    /** Adds W_c's gradient and returns dContext and dQueries, shaped like forward's inputs. */
    public Gradients backward(Trace trace, Tensor dOutput) {
        if (!dOutput.sameShape(trace.output())) {
            throw new ShapeException(this + " output gradient: expected shape " + trace.output().shapeString()
                    + ", got " + dOutput.shapeString());
        }
        Tensor x = trace.input();
        int rows = x.dim(0);
        int width = contextSize + querySize;
        Tensor g = Tensor.zeros(rows, outputSize);
        for (int i = 0, n = g.size(); i < n; i++) {
            float h = trace.output().get(i);
            g.set(i, dOutput.get(i) * (1f - h * h));                                 // g = dh̃ ⊙ (1 − h̃²)
        }
        Blas.gemm(true, false, 1f, g, x, 1f, weight.grad());                         // dW_c += gᵀ x
        Tensor dx = Tensor.zeros(rows, width);
        Blas.gemm(false, false, 1f, g, weight.value(), 0f, dx);                       // dx = g W_c
        int[] shape = trace.output().shape();
        shape[shape.length - 1] = contextSize;
        Tensor dContext = Tensor.zeros(shape);
        shape[shape.length - 1] = querySize;
        Tensor dQueries = Tensor.zeros(shape);
        for (int r = 0; r < rows; r++) {
            dContext.write(r * contextSize, dx, r * width, contextSize);
            dQueries.write(r * querySize, dx, r * width + contextSize, querySize);
        }
        return new Gradients(dContext, dQueries);
    }

    @Override
    public String toString() {
        return "AttentionalHidden(context " + contextSize + ", query " + querySize + ", output " + outputSize + ")";
    }
}
