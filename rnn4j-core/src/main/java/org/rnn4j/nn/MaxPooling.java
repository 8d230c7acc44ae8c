package org.rnn4j.nn;

import static org.rnn4j.nn.PoolingSteps.valid;

import java.util.Arrays;
import org.rnn4j.tensor.SequenceMask;
import org.rnn4j.tensor.Tensor;

/** The largest value of each feature over the valid steps, y_j = max_valid h_tj (see {@link SequencePooling}). */
record MaxPooling(int width) implements SequencePooling {

    @Override
    public Pooling kind() {
        return Pooling.MAX;
    }

    @Override
    public Trace forward(Tensor sequence, SequenceMask mask) {
        PoolingSteps.checkForward(width(), sequence, mask);
        int batch = sequence.dim(0);
        int steps = sequence.dim(1);
        int width = width();
        float[] h = sequence.toArray();
        float[] y = new float[batch * width];
        int[] selected = new int[batch * width];
        Arrays.fill(selected, -1);
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
        return new Trace(sequence, mask, Tensor.of(y, batch, width), selected, null, null);
    }

    @Override
    public Tensor backward(Trace trace, Tensor dOutput) {
        PoolingSteps.checkBackward(width(), trace, dOutput);
        Tensor sequence = trace.sequence();
        int batch = sequence.dim(0);
        int steps = sequence.dim(1);
        int width = width();
        float[] dy = dOutput.toArray();
        Tensor dSequence = Tensor.zeros(batch, steps, width);
        for (int b = 0; b < batch; b++) {
            for (int j = 0; j < width; j++) {
                int t = trace.selected()[b * width + j];
                if (t >= 0) {
                    dSequence.set((b * steps + t) * width + j, dy[b * width + j]);
                }
            }
        }
        return dSequence;
    }
}
