package org.rnn4j.nn;

import static org.rnn4j.nn.PoolingSteps.valid;

import org.rnn4j.tensor.SequenceMask;
import org.rnn4j.tensor.Tensor;

/** Each direction's final output: y = [h→_{last valid}, h←_{first valid}] (see {@link SequencePooling}). */
record LastPooling(int directions, int hiddenSize) implements SequencePooling {

    @Override
    public Pooling kind() {
        return Pooling.LAST;
    }

    @Override
    public int width() {
        return directions * hiddenSize;
    }

    @Override
    public Trace forward(Tensor sequence, SequenceMask mask) {
        PoolingSteps.checkForward(width(), sequence, mask);
        int batch = sequence.dim(0);
        int steps = sequence.dim(1);
        int width = width();
        float[] h = sequence.toArray();
        float[] y = new float[batch * width];
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
            for (int d = 0; d < directions; d++) {
                int t = trace.selected()[b * directions + d];
                if (t >= 0) {
                    dSequence.write((b * steps + t) * width + d * hiddenSize, dy,
                            b * width + d * hiddenSize, hiddenSize);
                }
            }
        }
        return dSequence;
    }
}
