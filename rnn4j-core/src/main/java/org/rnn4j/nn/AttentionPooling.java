package org.rnn4j.nn;

import java.util.List;
import java.util.random.RandomGenerator;
import org.rnn4j.tensor.Blas;
import org.rnn4j.tensor.FastMath;
import org.rnn4j.tensor.SequenceMask;
import org.rnn4j.tensor.Softmax;
import org.rnn4j.tensor.Tensor;

/**
 * Attention over the valid steps (see {@link SequencePooling} for the equations): u_t = tanh(W h_t + b),
 * s_t = vᵀ u_t, α = masked softmax of s ({@link Softmax}), y = Σ_t α_t h_t. Parameters {@code <prefix>weight}
 * (A, W), {@code <prefix>bias} (A), {@code <prefix>context} (A) = v.
 */
final class AttentionPooling implements SequencePooling {
    private final int width;
    private final int attentionSize;
    private final Parameter weight;
    private final Parameter bias;
    private final Parameter context;

    AttentionPooling(int width, int attentionSize, String prefix, RandomGenerator rng) {
        if (attentionSize < 1) {
            throw new IllegalArgumentException("AttentionPooling.attentionSize must be at least 1, got " + attentionSize);
        }
        this.width = width;
        this.attentionSize = attentionSize;
        float bound = (float) (1 / Math.sqrt(width));
        this.weight = new Parameter(prefix + "weight", attentionSize, width).initUniform(bound, rng);
        this.bias = new Parameter(prefix + "bias", attentionSize).initUniform(bound, rng);
        this.context = new Parameter(prefix + "context", attentionSize)
                .initUniform((float) (1 / Math.sqrt(attentionSize)), rng);
    }

    @Override
    public Pooling kind() {
        return Pooling.ATTENTION;
    }

    @Override
    public int width() {
        return width;
    }

    @Override
    public int attentionSize() {
        return attentionSize;
    }

    @Override
    public List<Parameter> parameters() {
        return List.of(weight, bias, context);
    }

    @Override
    public Trace forward(Tensor sequence, SequenceMask mask) {
        PoolingSteps.checkForward(width, sequence, mask);
        int batch = sequence.dim(0);
        float[] y = new float[batch * width];
        Trace trace = attend(sequence, mask, sequence.toArray(), y);
        return new Trace(sequence, mask, Tensor.of(y, batch, width), null, trace.weights(), trace.hidden());
    }

    private Trace attend(Tensor sequence, SequenceMask mask, float[] h, float[] y) {
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
            valid[r] = PoolingSteps.valid(mask, r / steps, r % steps);
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

    @Override
    public Tensor backward(Trace trace, Tensor dOutput) {
        PoolingSteps.checkBackward(width, trace, dOutput);
        Tensor sequence = trace.sequence();
        Tensor dSequence = Tensor.zeros(sequence.dim(0), sequence.dim(1), width);
        attentionBackward(trace, dOutput.toArray(), dSequence);
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
            if (PoolingSteps.valid(mask, r / steps, r % steps)) {
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
            if (!PoolingSteps.valid(mask, r / steps, r % steps)) {
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

    @Override
    public String describe() {
        return kind().id() + " pooling (attention size " + attentionSize + ")";
    }
}
