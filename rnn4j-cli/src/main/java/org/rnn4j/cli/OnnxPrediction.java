package org.rnn4j.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import org.rnn4j.interop.onnx.OnnxModel;
import org.rnn4j.io.FileFormatException;
import org.rnn4j.io.Npy;
import org.rnn4j.tensor.Shapes;
import org.rnn4j.tensor.Tensor;

/**
 * {@code predict} for an ONNX file: X fed to the graph's first input as the graph declares it (a bare recurrent node
 * is time-major, (T, B, F)), the lengths to its sequence_lens input, and Y the graph's first output exactly as ONNX
 * Runtime returns it.
 */
final class OnnxPrediction {
    private OnnxPrediction() {
    }

    record Files(Path model, Path input, Path output, Path lengths, boolean overwrite) {
    }

    /**
     * @param stateOptions the options an ONNX graph has no meaning for (--state-output and friends), by name, null
     *                     where not given
     */
    static int run(Files files, Map<String, Object> stateOptions, boolean quiet, PrintWriter out) {
        stateOptions.forEach((option, value) -> {
            if (value != null && !Boolean.FALSE.equals(value)) {
                throw new IllegalArgumentException(files.model() + ": " + option + " does not apply to an ONNX"
                        + " model, whose first output is what --output gets");
            }
        });
        OutputFiles outputs = new OutputFiles().input("--model", files.model()).input("--input", files.input())
                .input("--lengths", files.lengths()).output("--output", files.output()).overwrite(files.overwrite());
        outputs.check();
        OnnxModel model = OnnxModel.load(files.model());
        InputFiles.requireReadableFile("--input", files.input());
        Tensor x = model.inputs().get(0).isFloat() ? Npy.readFloat32(files.input()) : readIntegers(files.input());
        int[] lengths = null;
        if (files.lengths() != null) {
            InputFiles.requireReadableFile("--lengths", files.lengths());
            if (model.sequenceLengthsInput() == null) {
                throw new IllegalArgumentException(files.model() + ": --lengths needs a graph input that feeds"
                        + " sequence_lens, and this graph has none");
            }
            lengths = Npy.readInts(files.lengths());
        }
        for (int i = 0; i < x.size(); i++) {
            if (!Float.isFinite(x.get(i))) {
                throw new FileFormatException(files.input(), "input contains NaN or infinite values; clean or"
                        + " impute the data first");
            }
        }
        long start = System.nanoTime();
        Tensor y = model.predict(x, lengths);
        double seconds = (System.nanoTime() - start) / 1e9;
        outputs.writeAll(Map.of("--output", y));
        if (!quiet) {
            out.println("ONNX " + String.join(" ", model.opTypes().stream().distinct()
                    .filter(op -> op.equals("RNN") || op.equals("LSTM") || op.equals("GRU")).toList())
                    + " graph: " + files.input() + " " + x.shapeString() + " -> " + files.output() + " "
                    + Shapes.format(y.shape()) + String.format(java.util.Locale.ROOT, " in %.3f s", seconds));
        }
        return 0;
    }

    /**
     * An integer first input (token ids of an exported Keras model with an Embedding): an int32 or int64 .npy, as
     * whole numbers in a tensor, which the reader feeds as integers.
     */
    private static Tensor readIntegers(java.nio.file.Path file) {
        Npy.IntArray ids = Npy.readIntArray(file);
        Tensor x = Tensor.zeros(ids.shape());
        for (int i = 0; i < ids.values().length; i++) {
            x.set(i, ids.values()[i]);
        }
        return x;
    }
}
