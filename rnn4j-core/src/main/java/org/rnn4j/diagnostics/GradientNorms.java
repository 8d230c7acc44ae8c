package org.rnn4j.diagnostics;

import org.rnn4j.loss.LossResult;
import org.rnn4j.loss.MeanSquaredError;
import org.rnn4j.models.ManyToOne;
import org.rnn4j.nn.Parameter;
import org.rnn4j.tensor.Tensor;

/**
 * The vanishing-gradient picture on real numbers: for a loss read at the last step, the norm of dLoss/dh_t for
 * every step t, averaged over the rows of a batch. In a tanh RNN it decays geometrically as t moves away from
 * the end (each step multiplies by W_hhᵀ·diag(1 − h²)); in an LSTM or GRU the additive state update keeps it up.
 */
public final class GradientNorms {
    private GradientNorms() {
    }

    /**
     * @param inputs  (B, T, F)
     * @param targets (B, out), scored with mean squared error
     * @return norms[t] = mean over rows of ‖dLoss/dh_t‖₂; the model's gradients are left zero
     */
    public static double[] perStep(ManyToOne model, Tensor inputs, Tensor targets) {
        int steps = inputs.dim(1);
        double[] norms = new double[steps];
        ManyToOne.Trace trace = model.forward(inputs, null, null);
        LossResult loss = new MeanSquaredError().compute(trace.output(), targets);
        model.backward(trace, loss.gradient(), (t, dh) -> norms[t] = meanRowNorm(dh));
        model.parameters().forEach(Parameter::zeroGrad);
        return norms;
    }

    private static double meanRowNorm(Tensor rows) {
        int batch = rows.dim(0);
        int width = rows.dim(1);
        double total = 0;
        for (int b = 0; b < batch; b++) {
            double sq = 0;
            for (int j = 0; j < width; j++) {
                double v = rows.get(b * width + j);
                sq += v * v;
            }
            total += Math.sqrt(sq);
        }
        return total / batch;
    }

    /**
     * Rescales a square recurrent weight matrix (a simple RNN's weight_hh_l0, (H, H)) so that its spectral radius,
     * estimated by power iteration, becomes {@code radius}: above 1, gradients through time can explode.
     *
     * @return the spectral radius before rescaling
     */
    public static double setSpectralRadius(Parameter recurrentWeight, double radius) {
        Tensor w = recurrentWeight.value();
        if (w.rank() != 2 || w.dim(0) != w.dim(1)) {
            throw new IllegalArgumentException(recurrentWeight.name() + " is " + w.shapeString()
                    + ": the spectral radius needs a square matrix (a simple RNN's weight_hh)");
        }
        double before = spectralRadius(w);
        float scale = (float) (radius / before);
        for (int i = 0; i < w.size(); i++) {
            w.set(i, w.get(i) * scale);
        }
        return before;
    }

    /** |λ_max| by power iteration: the mean growth rate of ‖W^k v‖ per step for large k. */
    static double spectralRadius(Tensor w) {
        int n = w.dim(0);
        double[] v = new double[n];
        java.util.Arrays.fill(v, 1.0 / Math.sqrt(n));
        double logGrowth = 0;
        int iterations = 2000;
        int counted = 0;
        for (int k = 0; k < iterations; k++) {
            double[] next = new double[n];
            for (int i = 0; i < n; i++) {
                double s = 0;
                for (int j = 0; j < n; j++) {
                    s += w.get(i * n + j) * v[j];
                }
                next[i] = s;
            }
            double norm = 0;
            for (double x : next) {
                norm += x * x;
            }
            norm = Math.sqrt(norm);
            if (norm == 0) {
                return 0;
            }
            for (int i = 0; i < n; i++) {
                v[i] = next[i] / norm;
            }
            if (k >= iterations / 2) { // average the growth once the start has washed out (complex pairs rotate)
                logGrowth += Math.log(norm);
                counted++;
            }
        }
        return Math.exp(logGrowth / counted);
    }
}
