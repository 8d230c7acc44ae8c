package org.rnn4j.cli;

import java.nio.file.Path;
import org.rnn4j.io.FileFormatException;
import org.rnn4j.io.Npy;
import org.rnn4j.nn.recurrent.RecurrentLayer;
import org.rnn4j.tensor.SequenceMask;
import org.rnn4j.tensor.Shapes;
import org.rnn4j.tensor.Tensor;

/** Reads a batch of sequences and their lengths from .npy files, and checks them against the model. */
final class SequenceInput {
    private SequenceInput() {
    }

    /**
     * The input x (B, T, F), float32. The shape is checked from the header before the data is read, so that a
     * wrong file fails at once and without allocating its size.
     */
    static Tensor readSequence(String option, Path file, RecurrentLayer layer) {
        InputFiles.requireReadableFile(option, file);
        int[] shape = Npy.readHeader(file).shape();
        if (shape.length != 3 || shape[2] != layer.inputSize()) {
            throw new FileFormatException(file, "expected shape (B, T, " + layer.inputSize() + ") for "
                    + layer.describe() + ", got " + Shapes.format(shape));
        }
        if (shape[0] == 0 || shape[1] == 0) {
            throw new FileFormatException(file, "shape " + Shapes.format(shape)
                    + " is empty; expected at least one row (B) and one time step (T)");
        }
        Tensor x = Npy.readFloat32(file);
        rejectNonFinite(file, x);
        return x;
    }

    /**
     * One NaN or infinity would spread through every later step of its row (and, through a shared weight update,
     * everywhere in training), so it is refused with the place of the first one.
     */
    private static void rejectNonFinite(Path file, Tensor x) {
        int first = -1;
        int count = 0;
        for (int i = 0, n = x.size(); i < n; i++) {
            if (!Float.isFinite(x.get(i))) {
                count++;
                first = first < 0 ? i : first;
            }
        }
        if (count > 0) {
            int steps = x.dim(1);
            int features = x.dim(2);
            int b = first / (steps * features);
            int t = first / features % steps;
            int f = first % features;
            throw new FileFormatException(file, "input contains " + count + " NaN or infinite value"
                    + (count == 1 ? "" : "s") + ", the first (" + x.get(first) + ") at [b, t, f] = [" + b + ", " + t
                    + ", " + f + "]; clean or impute the data first");
        }
    }

    /** The mask of a (B,) array of lengths: row b is valid at steps 0..length-1 and padded after. */
    static SequenceMask readLengths(String option, Path file, int batch, int steps) {
        InputFiles.requireReadableFile(option, file);
        int[] lengths = Npy.readInts(file);
        if (lengths.length != batch) {
            throw new FileFormatException(file, "expected " + batch + " lengths, one per input row (B = " + batch
                    + "), got " + lengths.length);
        }
        for (int b = 0; b < batch; b++) {
            if (lengths[b] < 0 || lengths[b] > steps) {
                throw new FileFormatException(file, "length " + lengths[b] + " of row " + b + " is outside 0.." + steps
                        + " (T = " + steps + ")");
            }
        }
        return SequenceMask.fromLengths(lengths, steps);
    }
}
