package org.rnn4j.nn.recurrent;

import org.rnn4j.tensor.Tensor;

/** The arithmetic of the cell tests that step a cell's equations by hand, in double, from the parameter tensors. */
final class ByHand {
    private ByHand() {
    }

    static double sigmoid(double x) {
        return 1 / (1 + Math.exp(-x));
    }

    /** x[b, t, :] of a (B, T, F) input, in double. */
    static double[] step(Tensor x, int b, int t) {
        double[] xt = new double[x.dim(2)];
        for (int k = 0; k < xt.length; k++) {
            xt[k] = x.at(b, t, k);
        }
        return xt;
    }

    /** Σ_k W[row, k] · v[k], straight from the parameter tensor. */
    static double affine(Tensor w, int row, double[] v) {
        double s = 0;
        for (int k = 0; k < v.length; k++) {
            s += w.get(row * v.length + k) * v[k];
        }
        return s;
    }
}
