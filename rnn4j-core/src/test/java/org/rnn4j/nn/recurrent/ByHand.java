package org.rnn4j.nn.recurrent;

import org.rnn4j.tensor.Tensor;

/** The arithmetic of the cell tests that step a cell's equations by hand, in double, from the parameter tensors. */
final class ByHand {
    private ByHand() {
    }

    static double sigmoid(double x) {
        return 1 / (1 + Math.exp(-x));
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
