package org.rnn4j.nn;

import static org.rnn4j.nn.PoolingSteps.valid;

import java.util.Arrays;
import org.rnn4j.tensor.SequenceMask;
import org.rnn4j.tensor.Tensor;

/** The mean over the valid steps: y = Σ_valid h_t / n (see {@link SequencePooling}). */
record MeanPooling(int width) implements SequencePooling {

    @Override
    public Pooling kind() {
        return Pooling.MEAN;
    }

    @Override
    public Trace forward(Tensor sequence, SequenceMask mask) {
        PoolingSteps.checkForward(width(), sequence, mask);
        int batch = sequence.dim(0);
        int steps = sequence.dim(1);
        int width = width();
        float[] h = sequence.toArray();
        float[] y = new float[batch * width];
        double[] sum = new double[width];
        for (int b = 0; b < batch; b++) {
            Arrays.fill(sum, 0);
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
        return new Trace(sequence, mask, Tensor.of(y, batch, width), null, null, null);
    }

    @Override
    public Tensor backward(Trace trace, Tensor dOutput) {
        PoolingSteps.checkBackward(width(), trace, dOutput);
        Tensor sequence = trace.sequence();
        int batch = sequence.dim(0);
        int steps = sequence.dim(1);
        int width = width();
        SequenceMask mask = trace.mask();
        float[] dy = dOutput.toArray();
        Tensor dSequence = Tensor.zeros(batch, steps, width);
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
        return dSequence;
    }
}
