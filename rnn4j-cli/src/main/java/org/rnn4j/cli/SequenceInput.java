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
        return readSequence(option, file, layer.inputSize(), layer.describe());
    }

    /** The input x (B, T, F) of a model described as {@code model} in messages. */
    static Tensor readSequence(String option, Path file, int inputSize, String model) {
        InputFiles.requireReadableFile(option, file);
        int[] shape = Npy.readHeader(file).shape();
        if (shape.length != 3 || shape[2] != inputSize) {
            throw new FileFormatException(file, "expected shape (B, T, " + inputSize + ") for "
                    + model + ", got " + Shapes.format(shape));
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

    /** Token ids (B, T), int32 or int64, for a model whose first layer is an Embedding; as floats (exact below 2^24). */
    static Tensor readTokenIds(String option, Path file) {
        InputFiles.requireReadableFile(option, file);
        int[] shape = Npy.readHeader(file).shape();
        if (shape.length != 2 || shape[0] == 0 || shape[1] == 0) {
            throw new FileFormatException(file, "expected token ids of shape (B, T) for a model whose first layer is"
                    + " an Embedding, got " + Shapes.format(shape));
        }
        Npy.IntArray ids = Npy.readIntArray(file);
        Tensor x = Tensor.zeros(shape);
        for (int i = 0; i < ids.values().length; i++) {
            if (ids.values()[i] < 0) {
                throw new FileFormatException(file, "token id " + ids.values()[i] + " at position " + i
                        + " is negative");
            }
            x.set(i, ids.values()[i]);
        }
        return x;
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
