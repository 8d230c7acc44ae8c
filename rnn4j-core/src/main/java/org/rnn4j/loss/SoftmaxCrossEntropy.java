package org.rnn4j.loss;

import java.util.Arrays;
import java.util.Objects;
import java.util.function.IntFunction;
import org.rnn4j.tensor.Parallel;
import org.rnn4j.tensor.SequenceMask;
import org.rnn4j.tensor.ShapeException;
import org.rnn4j.tensor.Shapes;
import org.rnn4j.tensor.Softmax;
import org.rnn4j.tensor.Tensor;

/**
 * Softmax cross-entropy on logits with integer class targets, PyTorch's {@code CrossEntropyLoss} with the classes
 * in the <em>last</em> dimension: logits (N, V) with N targets, or (B, T, V) with B·T targets (row-major: target
 * {@code b·T + t} belongs to row b, step t), one loss per step.
 *
 * <pre>
 * log p = x − logsumexp(x)                                   per row of V logits (stable: max subtracted)
 * q     = (1 − ε) onehot(y) + ε / V                          label smoothing ε, PyTorch's definition
 * ℓ     = −Σ_k q_k log p_k = (1 − ε)(−log p_y) + (ε / V) Σ_k (−log p_k)
 * ∂ℓ/∂x = p − q
 * value = Σ_valid ℓ / #valid   (MEAN)   or   Σ_valid ℓ   (SUM)
 * </pre>
 * With a {@link SequenceMask}, padded steps contribute nothing: no loss, zero gradient, and their targets and
 * logits are not read (any value, such as PyTorch's −100, may stand there). The mean is over the valid steps,
 * as PyTorch's {@code ignore_index} mean is. With no valid step the loss is 0 and the gradient zero.
 * {@link #lastStep} applies the loss to each row's last valid step only.
 *
 * @param labelSmoothing ε in [0, 1); 0 for plain cross-entropy
 * @param reduction      mean (default) or sum over the valid steps
 */
public record SoftmaxCrossEntropy(double labelSmoothing, Reduction reduction) {

    public SoftmaxCrossEntropy {
        if (!(labelSmoothing >= 0 && labelSmoothing < 1)) {
            throw new IllegalArgumentException("SoftmaxCrossEntropy label smoothing must be in [0, 1), got "
                    + labelSmoothing);
        }
        Objects.requireNonNull(reduction, "reduction");
    }

    /** Plain cross-entropy, the mean over valid steps. */
    public SoftmaxCrossEntropy() {
        this(0, Reduction.MEAN);
    }

    /** With label smoothing ε in [0, 1), the mean over valid steps. */
    public SoftmaxCrossEntropy(double labelSmoothing) {
        this(labelSmoothing, Reduction.MEAN);
    }

    public SoftmaxCrossEntropy withLabelSmoothing(double labelSmoothing) {
        return new SoftmaxCrossEntropy(labelSmoothing, reduction);
    }

    public SoftmaxCrossEntropy withReduction(Reduction reduction) {
        return new SoftmaxCrossEntropy(labelSmoothing, reduction);
    }

    /**
     * Logits (N, V) with N targets, or (B, T, V) with B·T targets; every row or step counts.
     *
     * @return the loss and dLoss/dLogits, of the logits' shape
     */
    public LossResult compute(Tensor logits, int[] targets) {
        Objects.requireNonNull(logits, "logits");
        Objects.requireNonNull(targets, "targets");
        if (logits.rank() == 2) {
            checkTargetCount(targets, logits.dim(0), "N", logits);
            return rows(logits, targets, null, i -> "row " + i);
        }
        if (logits.rank() != 3) {
            throw new ShapeException(this + " logits: expected shape (N, V) or (B, T, V), got " + logits.shapeString());
        }
        return compute(logits, targets, null);
    }

    /**
     * Logits (B, T, V) with B·T targets; the steps the mask marks as padding count for nothing.
     *
     * @param mask the valid steps, or {@code null} when all are valid
     * @return the loss and dLoss/dLogits (B, T, V), zero at padded steps
     */
    public LossResult compute(Tensor logits, int[] targets, SequenceMask mask) {
        Objects.requireNonNull(logits, "logits");
        Objects.requireNonNull(targets, "targets");
        checkSequenceLogits(logits, mask);
        int steps = logits.dim(1);
        checkTargetCount(targets, logits.dim(0) * steps, "B·T", logits);
        boolean[] valid = null;
        if (mask != null) {
            valid = new boolean[targets.length];
            for (int i = 0; i < valid.length; i++) {
                valid[i] = mask.isValid(i / steps, i % steps);
            }
        }
        return rows(logits, targets, valid, i -> "position " + i + " (row " + i / steps + ", step " + i % steps + ")");
    }

    /**
     * The loss on each row's last valid step only (see {@link LastStep}): logits (B, T, V) with B targets. A row
     * without any valid step is left out; the mean is over the other rows.
     *
     * @param mask the valid steps, or {@code null} for step T − 1 of every row
     * @return the loss and dLoss/dLogits (B, T, V), nonzero only at each row's last valid step
     */
    public LossResult lastStep(Tensor logits, int[] targets, SequenceMask mask) {
        Objects.requireNonNull(logits, "logits");
        Objects.requireNonNull(targets, "targets");
        checkSequenceLogits(logits, mask);
        int batch = logits.dim(0);
        int steps = logits.dim(1);
        checkTargetCount(targets, batch, "B", logits);
        int[] last = LastStep.steps(mask, batch, steps);
        boolean[] valid = new boolean[batch];
        for (int b = 0; b < batch; b++) {
            valid[b] = last[b] >= 0;
        }
        LossResult onLast = rows(LastStep.select(logits, mask), targets, valid, b -> "row " + b);
        return new LossResult(onLast.value(), LastStep.scatter(onLast.gradient(), mask, steps));
    }

    /** logits (N, V) or (B, T, V) seen as N = B·T rows, one target per row; {@code valid == null}: every row valid. */
    private LossResult rows(Tensor logits, int[] targets, boolean[] valid, IntFunction<String> where) {
        int n = targets.length;
        int classes = logits.dim(logits.rank() - 1);
        int count = 0;
        for (int i = 0; i < n; i++) {
            if (valid != null && !valid[i]) {
                continue;
            }
            if (targets[i] < 0 || targets[i] >= classes) {
                throw new IllegalArgumentException(this + ": target " + targets[i] + " at " + where.apply(i)
                        + " is outside [0, " + classes + ")");
            }
            count++;
        }
        double scale = reduction == Reduction.SUM ? 1 : count > 0 ? 1.0 / count : 0;
        Tensor gradient = Tensor.zeros(logits.shape());
        // Row by row through float arrays (bulk copies in and out) with the vectorised Softmax.softmax: element
        // access and Math.exp in double were 20x the rest of a character model's loss (docs/performance.md).
        // With two or more threads the rows are split between them.
        int parts = Parallel.partsFor(n);
        double[] partTotals = new double[parts];
        Parallel.runRows(parts, n, (part, from, to) -> partTotals[part] = rowRange(from, to, logits, targets, valid,
                classes, scale, gradient));
        double total = 0;
        for (double t : partTotals) {
            total += t;
        }
        return new LossResult(total * scale, gradient);
    }

    /** The unscaled loss of rows [from, to), writing their gradient. */
    private double rowRange(int from, int to, Tensor logits, int[] targets, boolean[] valid, int classes,
                            double scale, Tensor gradient) {
        double eps = labelSmoothing;
        double uniform = eps / classes;
        float[] row = new float[classes];       // working rows of this part, allocated once for its rows
        float[] p = new float[classes];
        float[] work = new float[classes];
        double total = 0;
        for (int i = from; i < to; i++) {
            if (valid != null && !valid[i]) {
                continue;
            }
            int base = i * classes;
            logits.read(base, row, 0, classes);
            double lse = Softmax.softmax(row, p, work, classes);                 // p = softmax(x)
            int y = targets[i];
            double loss = (1 - eps) * (lse - row[y]);
            if (eps > 0) {
                double logitSum = 0;
                for (int k = 0; k < classes; k++) {
                    logitSum += row[k];
                }
                loss += uniform * (classes * lse - logitSum);
            }
            total += loss;
            float toScaled = (float) scale;
            float smooth = (float) (uniform * scale);
            for (int k = 0; k < classes; k++) {
                p[k] = p[k] * toScaled - smooth; // (p − ε/V)·scale
            }
            p[y] -= (float) ((1 - eps) * scale);
            gradient.write(base, p, 0, classes);
        }
        return total;
    }

    private void checkSequenceLogits(Tensor logits, SequenceMask mask) {
        boolean ok = logits.rank() == 3;
        if (mask != null && ok) {
            ok = logits.dim(0) == mask.batch() && logits.dim(1) == mask.steps();
        }
        if (!ok) {
            throw new ShapeException(this + " logits: expected shape (B, T, V)"
                    + (mask == null ? "" : " with (B, T) = " + Shapes.format(mask.batch(), mask.steps()) + " from the mask")
                    + ", got " + logits.shapeString());
        }
    }

    private void checkTargetCount(int[] targets, int expected, String letters, Tensor logits) {
        if (targets.length != expected) {
            throw new ShapeException(this + " targets: expected " + expected + " (" + letters + " for logits "
                    + logits.shapeString() + "), got " + targets.length);
        }
    }

    @Override
    public String toString() {
        String options = String.join(", ", Arrays.asList(
                labelSmoothing > 0 ? "labelSmoothing=" + labelSmoothing : null,
                reduction == Reduction.SUM ? "sum" : null).stream().filter(Objects::nonNull).toList());
        return "SoftmaxCrossEntropy" + (options.isEmpty() ? "" : "(" + options + ")");
    }
}
