package org.rnn4j.nn;

import java.util.List;
import java.util.Objects;
import java.util.random.RandomGenerator;
import org.rnn4j.nn.recurrent.SequenceMask;
import org.rnn4j.tensor.Blas;
import org.rnn4j.tensor.FastMath;
import org.rnn4j.tensor.ShapeException;
import org.rnn4j.tensor.Softmax;
import org.rnn4j.tensor.Tensor;

/**
 * Pools the output sequence of a recurrent layer over time, one vector per row: (B, T, W) → (B, W) with
 * W = D·H (D directions of H units, concatenated as {@link org.rnn4j.nn.recurrent.RecurrentLayer} writes them).
 * Only valid steps are read: a padded step never contributes, and its gradient is zero. A row without any valid
 * step pools to zeros.
 *
 * <pre>
 * last:      y = [h→_{last valid}, h←_{first valid}]              (each direction's final h)
 *            dh→_{last} += dy→,  dh←_{first} += dy←
 * mean:      y = Σ_valid h_t / n                                    dh_t = dy / n
 * max:       y_j = max_valid h_tj   (first of equal maxima)         dh_{t*j} = dy_j at the arg max t*
 * attention: u_t = tanh(W h_t + b)  (A)     s_t = vᵀ u_t     α = softmax(s) over the valid steps
 *            y = Σ_t α_t h_t
 *            dα_t = dy·h_t,  ds_t = α_t (dα_t − Σ_t' α_t' dα_t'),  dz_t = ds_t v ⊙ (1 − u_t²)
 *            dv += Σ ds_t u_t,  dW += Σ dz_t h_tᵀ,  db += Σ dz_t,  dh_t = α_t dy + Wᵀ dz_t
 * </pre>
 * Attention parameters: {@code <prefix>weight} (A, W), {@code <prefix>bias} (A), {@code <prefix>context} (A) = v,
 * initialised U(−1/√W, 1/√W) for W and b and U(−1/√A, 1/√A) for v, as PyTorch's {@code nn.Linear}. The other
 * poolings have no parameters.
 *
 * <p>Nothing of a call is kept in the layer: forward returns a {@link Trace}, so one layer serves several threads.
 */
public final class SequencePooling {
    private final Pooling kind;
    private final int directions;
    private final int hiddenSize;
    private final int width;
    private final int attentionSize;
    private final Parameter weight;
    private final Parameter bias;
    private final Parameter context;

    /**
     * @param directions    D, 1 or 2
     * @param hiddenSize    H of each direction
     * @param attentionSize A, the width of the attention's hidden layer (read for {@link Pooling#ATTENTION} only)
     * @param prefix        the parameter names' prefix, e.g. {@code pooling.}
     */
    public SequencePooling(Pooling kind, int directions, int hiddenSize, int attentionSize, String prefix,
                           RandomGenerator rng) {
        this.kind = Objects.requireNonNull(kind, "kind");
        if (directions != 1 && directions != 2) {
            throw new IllegalArgumentException("pooling: directions must be 1 or 2, got " + directions);
        }
        if (hiddenSize < 1) {
            throw new IllegalArgumentException("pooling: hidden size must be at least 1, got " + hiddenSize);
        }
        this.directions = directions;
        this.hiddenSize = hiddenSize;
        this.width = directions * hiddenSize;
        if (kind == Pooling.ATTENTION) {
            if (attentionSize < 1) {
                throw new IllegalArgumentException("--attention-size must be at least 1, got " + attentionSize);
            }
            this.attentionSize = attentionSize;
            float bound = (float) (1 / Math.sqrt(width));
            this.weight = new Parameter(prefix + "weight", attentionSize, width).initUniform(bound, rng);
            this.bias = new Parameter(prefix + "bias", attentionSize).initUniform(bound, rng);
            this.context = new Parameter(prefix + "context", attentionSize)
                    .initUniform((float) (1 / Math.sqrt(attentionSize)), rng);
        } else {
            this.attentionSize = 0;
            this.weight = null;
            this.bias = null;
            this.context = null;
        }
    }

    public Pooling kind() {
        return kind;
    }

    /** W = D·H, the width of the input steps and of the output. */
    public int width() {
        return width;
    }

    /** A for attention, 0 otherwise. */
    public int attentionSize() {
        return attentionSize;
    }

    /** The attention's weight, bias and context vector; empty for the other poolings. */
    public List<Parameter> parameters() {
        return kind == Pooling.ATTENTION ? List.of(weight, bias, context) : List.of();
    }

    /**
     * What forward computed.
     *
     * @param sequence the input (B, T, W)
     * @param mask     the valid steps, or null
     * @param output   (B, W)
     * @param selected last: the step read per (row, direction); max: the arg max step per (row, feature); −1 where
     *                 a row has no valid step; null for the others
     * @param weights  attention: α (B·T), 0 at padded steps; null for the others
     * @param hidden   attention: u = tanh(W h + b) (B·T·A); null for the others
     */
    public record Trace(Tensor sequence, SequenceMask mask, Tensor output, int[] selected, float[] weights,
                        float[] hidden) {
        /** The attention weights as (B, T); for attention pooling only. */
        public Tensor attentionWeights() {
            if (weights == null) {
                throw new IllegalStateException("only attention pooling has weights");
            }
            return Tensor.of(weights, sequence.dim(0), sequence.dim(1));
        }
    }

    /** @param sequence (B, T, W); @param mask the valid steps, or null when all are */
    public Trace forward(Tensor sequence, SequenceMask mask) {
        if (sequence.rank() != 3 || sequence.dim(2) != width) {
            throw new ShapeException("pooling: expected a sequence of shape (B, T, " + width + "), got "
                    + sequence.shapeString());
        }
        int batch = sequence.dim(0);
        int steps = sequence.dim(1);
        if (mask != null && (mask.batch() != batch || mask.steps() != steps)) {
            throw new ShapeException("pooling: mask of shape (" + mask.batch() + ", " + mask.steps()
                    + ") does not match the sequence " + sequence.shapeString());
        }
        float[] h = sequence.toArray();
        float[] y = new float[batch * width];
        Trace trace = switch (kind) {
            case LAST -> {
                int[] selected = new int[batch * directions];
                for (int b = 0; b < batch; b++) {
                    int first = -1;
                    int last = -1;
                    for (int t = 0; t < steps; t++) {
                        if (valid(mask, b, t)) {
                            first = first < 0 ? t : first;
                            last = t;
                        }
                    }
                    for (int d = 0; d < directions; d++) {
                        int t = d == 0 ? last : first;
                        selected[b * directions + d] = t;
                        if (t >= 0) {
                            System.arraycopy(h, (b * steps + t) * width + d * hiddenSize, y, b * width + d * hiddenSize,
                                    hiddenSize);
                        }
                    }
                }
                yield new Trace(sequence, mask, null, selected, null, null);
            }
            case MEAN -> {
                double[] sum = new double[width];
                for (int b = 0; b < batch; b++) {
                    java.util.Arrays.fill(sum, 0);
                    int n = 0;
                    for (int t = 0; t < steps; t++) {
                        if (valid(mask, b, t)) {
                            n++;
                            int base = (b * steps + t) * width;
                            for (int j = 0; j < width; j++) {
                                sum[j] += h[base + j];
                            }
                        }
                    }
                    for (int j = 0; n > 0 && j < width; j++) {
                        y[b * width + j] = (float) (sum[j] / n);
                    }
                }
                yield new Trace(sequence, mask, null, null, null, null);
            }
            case MAX -> {
                int[] selected = new int[batch * width];
                java.util.Arrays.fill(selected, -1);
                for (int b = 0; b < batch; b++) {
                    for (int t = 0; t < steps; t++) {
                        if (!valid(mask, b, t)) {
                            continue;
                        }
                        int base = (b * steps + t) * width;
                        for (int j = 0; j < width; j++) {
                            int k = b * width + j;
                            if (selected[k] < 0 || h[base + j] > y[k]) {
                                y[k] = h[base + j];
                                selected[k] = t;
                            }
                        }
                    }
                }
                yield new Trace(sequence, mask, null, selected, null, null);
            }
            case ATTENTION -> attentionForward(sequence, mask, h, y);
        };
        return new Trace(sequence, mask, Tensor.of(y, batch, width), trace.selected(), trace.weights(),
                trace.hidden());
    }

    private Trace attentionForward(Tensor sequence, SequenceMask mask, float[] h, float[] y) {
        int batch = sequence.dim(0);
        int steps = sequence.dim(1);
        int a = attentionSize;
        Tensor z = Tensor.zeros(batch * steps, a);
        for (int r = 0; r < batch * steps; r++) {
            z.row(r).copyFrom(bias.value());
        }
        Blas.gemm(false, true, 1f, sequence.reshape(batch * steps, width), weight.value(), 1f, z); // (B·T, A)
        float[] u = z.toArray();
        FastMath.tanh(u, 0, u.length);                                           // u = tanh(W h + b)  (B·T, A)
        float[] v = context.value().toArray();
        float[] scores = new float[batch * steps];                               // s = vᵀ u  (B, T)
        boolean[] valid = new boolean[batch * steps];
        for (int r = 0; r < batch * steps; r++) {
            valid[r] = valid(mask, r / steps, r % steps);
            if (valid[r]) {
                double s = 0;
                for (int k = 0; k < a; k++) {
                    s += v[k] * u[r * a + k];
                }
                scores[r] = (float) s;
            }
        }
        float[] alpha = new float[batch * steps];                                // α = softmax(s) over valid t
        Softmax.maskedRows(scores, valid, alpha, batch, steps);
        for (int b = 0; b < batch; b++) {                                        // y = Σ_t α_t h_t  (B, W)
            double[] pooled = new double[width];
            for (int t = 0; t < steps; t++) {
                double w = alpha[b * steps + t];
                if (w != 0) {
                    int base = (b * steps + t) * width;
                    for (int j = 0; j < width; j++) {
                        pooled[j] += w * h[base + j];
                    }
                }
            }
            for (int j = 0; j < width; j++) {
                y[b * width + j] = (float) pooled[j];
            }
        }
        return new Trace(sequence, mask, null, null, alpha, u);
    }

    /**
     * Backpropagation: adds into the attention's parameter gradients and returns dLoss/dSequence (B, T, W), zero at
     * padded steps. The returned tensor is an ordinary new one (inside a training step, recycled when the step ends).
     */
    public Tensor backward(Trace trace, Tensor dOutput) {
        Tensor sequence = trace.sequence();
        int batch = sequence.dim(0);
        int steps = sequence.dim(1);
        if (dOutput.size() != batch * width) {
            throw new ShapeException("pooling backward: expected a gradient of shape (" + batch + ", " + width
                    + "), got " + dOutput.shapeString());
        }
        SequenceMask mask = trace.mask();
        float[] dy = dOutput.toArray();
        Tensor dSequence = Tensor.zeros(batch, steps, width);
        switch (kind) {
            case LAST -> {
                for (int b = 0; b < batch; b++) {
                    for (int d = 0; d < directions; d++) {
                        int t = trace.selected()[b * directions + d];
                        if (t >= 0) {
                            dSequence.write((b * steps + t) * width + d * hiddenSize, dy,
                                    b * width + d * hiddenSize, hiddenSize);
                        }
                    }
                }
            }
            case MEAN -> {
                float[] dh = new float[width];
                for (int b = 0; b < batch; b++) {
                    int n = 0;
                    for (int t = 0; t < steps; t++) {
                        n += valid(mask, b, t) ? 1 : 0;
                    }
                    for (int j = 0; j < width; j++) {
                        dh[j] = n == 0 ? 0f : dy[b * width + j] / n;
                    }
                    for (int t = 0; t < steps; t++) {
                        if (valid(mask, b, t)) {
                            dSequence.write((b * steps + t) * width, dh, 0, width);
                        }
                    }
                }
            }
            case MAX -> {
                for (int b = 0; b < batch; b++) {
                    for (int j = 0; j < width; j++) {
                        int t = trace.selected()[b * width + j];
                        if (t >= 0) {
                            dSequence.set((b * steps + t) * width + j, dy[b * width + j]);
                        }
                    }
                }
            }
            case ATTENTION -> attentionBackward(trace, dy, dSequence);
        }
        return dSequence;
    }

    private void attentionBackward(Trace trace, float[] dy, Tensor dSequence) {
        Tensor sequence = trace.sequence();
        SequenceMask mask = trace.mask();
        int batch = sequence.dim(0);
        int steps = sequence.dim(1);
        int a = attentionSize;
        float[] h = sequence.toArray();
        float[] alpha = trace.weights();
        float[] u = trace.hidden();
        float[] v = context.value().toArray();
        float[] dz = new float[batch * steps * a];
        double[] dv = new double[a];
        float[] dAlpha = new float[batch * steps];                               // dα_t = dyᵀ h_t  (B, T)
        for (int r = 0; r < batch * steps; r++) {
            if (valid(mask, r / steps, r % steps)) {
                double s = 0;
                for (int j = 0; j < width; j++) {
                    s += (double) dy[(r / steps) * width + j] * h[r * width + j];
                }
                dAlpha[r] = (float) s;
            }
        }
        float[] dScores = new float[batch * steps];                              // ds = α (dα − Σ α dα)
        Softmax.backwardRows(alpha, dAlpha, dScores, batch, steps);
        for (int r = 0; r < batch * steps; r++) {                                // dz = ds v (1 − u²)
            if (!valid(mask, r / steps, r % steps)) {
                continue;
            }
            double ds = dScores[r];
            int base = r * a;
            for (int k = 0; k < a; k++) {
                float uk = u[base + k];
                dv[k] += ds * uk;
                dz[base + k] = (float) (ds * v[k] * (1 - uk * uk));
            }
        }
        Tensor dZ = Tensor.of(dz, batch * steps, a);
        Blas.gemm(true, false, 1f, dZ, sequence.reshape(batch * steps, width), 1f, weight.grad()); // (A, W)
        double[] db = new double[a];
        for (int r = 0; r < batch * steps; r++) {
            for (int k = 0; k < a; k++) {
                db[k] += dz[r * a + k];
            }
        }
        for (int k = 0; k < a; k++) {
            bias.grad().set(k, (float) (bias.grad().get(k) + db[k]));
            context.grad().set(k, (float) (context.grad().get(k) + dv[k]));
        }
        Blas.gemm(false, false, 1f, dZ, weight.value(), 0f, dSequence.reshape(batch * steps, width)); // Wᵀ dz
        float[] ds = dSequence.toArray();
        for (int b = 0; b < batch; b++) {
            for (int t = 0; t < steps; t++) {
                float w = alpha[b * steps + t];
                if (w != 0f) {
                    int base = (b * steps + t) * width;
                    for (int j = 0; j < width; j++) {
                        ds[base + j] += w * dy[b * width + j];
                    }
                }
            }
        }
        dSequence.write(0, ds, 0, ds.length);
    }

    private static boolean valid(SequenceMask mask, int b, int t) {
        return mask == null || mask.isValid(b, t);
    }

    /** "attention pooling (A 64)", "mean pooling". */
    public String describe() {
        return kind.id() + " pooling" + (kind == Pooling.ATTENTION ? " (attention size " + attentionSize + ")" : "");
    }
}
