package org.rnn4j.cli;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.rnn4j.interop.ModelFormat;
import org.rnn4j.nn.recurrent.CellType;
import org.rnn4j.nn.recurrent.PyTorchStates;
import org.rnn4j.nn.recurrent.RecurrentLayer;
import org.rnn4j.nn.recurrent.RecurrentOutput;
import org.rnn4j.tensor.SequenceMask;
import org.rnn4j.tensor.Tensor;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Runs a recurrent model over a batch of sequences: .npy in, .npy out, in PyTorch's shapes and order, so that the
 * results can be compared with {@code nn.LSTM(batch_first=True)} directly.
 *
 * <p>Everything that can fail is checked, and the model is run, before the first byte is written; then all outputs
 * are written together (see {@link OutputFiles}). A failed run leaves no new output file behind.
 */
@Command(name = "predict", mixinStandardHelpOptions = true,
        description = "Runs a recurrent model over a batch of sequences: .npy files in, .npy files out.",
        footer = {"", "Shapes (B batch, T steps, F features, H hidden, D directions, L layers):",
                "  --input (B, T, F) float32     --output (B, T, D*H)",
                "  --state-output h_n and --cell-state-output c_n (L*D, B, H), ordered as in",
                "  PyTorch: layer 0 forward, layer 0 backward, layer 1 forward, ...",
                "  A Keras model: --output is model.predict(x), in its own shape.",
                "", "Example:",
                "  rnn4j predict --model lstm.safetensors --input x.npy --output y.npy \\",
                "                --state-output h.npy --cell-state-output c.npy"})
public final class PredictCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--model", required = true, paramLabel = "M.safetensors",
            description = "an rnn4j model, a Keras model (.keras or .h5), an ONNX model (each told by its content),"
                    + " or a PyTorch RNN, LSTM or GRU state_dict saved as safetensors")
    Path model;

    @Option(names = "--input", required = true, paramLabel = "X.npy",
            description = "float32 input, (B, T, F); for a model whose first layer is an Embedding, int32 or int64"
                    + " token ids, (B, T)")
    Path input;

    @Option(names = "--output", required = true, paramLabel = "Y.npy",
            description = "the output sequence, (B, T, D*H); zeros at padded steps")
    Path output;

    @Option(names = "--state-output", paramLabel = "S.npy",
            description = "the final hidden state h_n, (L*D, B, H)")
    Path stateOutput;

    @Option(names = "--cell-state-output", paramLabel = "C.npy",
            description = "an LSTM's final cell state c_n, (L*D, B, H)")
    Path cellStateOutput;

    @Option(names = "--lengths", paramLabel = "L.npy",
            description = "(B,) integer lengths: row b is padded after its first L[b] steps;"
                    + " its final state is the one at its own last step (like PyTorch's packed sequences)")
    Path lengths;

    @Option(names = "--relu", description = "the PyTorch state_dict is of nn.RNN(nonlinearity='relu'),"
            + " which its tensors cannot tell from tanh")
    boolean relu;

    @Option(names = "--overwrite", description = "replace output files that exist (otherwise an existing file is"
            + " an error)")
    boolean overwrite;

    @Option(names = {"-q", "--quiet"}, description = "print nothing when all goes well")
    boolean quiet;

    @Override
    public Integer call() {
        InputFiles.requireReadableFile("--model", model);
        if (ModelFormat.detect(model) == ModelFormat.ONNX) {
            Map<String, Object> notForOnnx = new java.util.LinkedHashMap<>();
            notForOnnx.put("--state-output", stateOutput);
            notForOnnx.put("--cell-state-output", cellStateOutput);
            notForOnnx.put("--relu", relu);
            return OnnxPrediction.run(new OnnxPrediction.Files(model, input, output, lengths, overwrite), notForOnnx,
                    quiet, spec.commandLine().getOut());
        }
        OutputFiles outputs = new OutputFiles()
                .input("--model", model).input("--input", input).input("--lengths", lengths)
                .output("--output", output).output("--state-output", stateOutput)
                .output("--cell-state-output", cellStateOutput).overwrite(overwrite);
        outputs.check();
        ChainModels.Loaded chain = ChainModels.loadIfChain("--model", model);
        if (chain != null) {
            return predictChain(chain, outputs);
        }

        RecurrentLayer layer = ModelInput.load("--model", model, relu).layer();
        if (cellStateOutput != null && layer.cellType() != CellType.LSTM) {
            throw new IllegalArgumentException(model + ": --cell-state-output needs an LSTM, but the model is "
                    + layer.describe() + ", whose state is h alone (only an LSTM also carries a cell state c)");
        }
        Tensor x = SequenceInput.readSequence("--input", input, layer);                 // (B, T, F)
        SequenceMask mask = lengths == null ? null
                : SequenceInput.readLengths("--lengths", lengths, x.dim(0), x.dim(1));

        long start = System.nanoTime();
        RecurrentOutput result = layer.infer(x, mask, null);
        double seconds = (System.nanoTime() - start) / 1e9;

        Map<String, Tensor> tensors = new HashMap<>();
        tensors.put("--output", result.sequence());                                     // (B, T, D·H)
        if (stateOutput != null) {
            tensors.put("--state-output", PyTorchStates.stack(result.finalStates(), 0));  // h_n (L·D, B, H)
        }
        if (cellStateOutput != null) {
            tensors.put("--cell-state-output", PyTorchStates.stack(result.finalStates(), 1)); // c_n (L·D, B, H)
        }
        outputs.writeAll(tensors);

        if (!quiet) {
            spec.commandLine().getOut().println(summary(layer, x, tensors, seconds));
        }
        return 0;
    }

    /**
     * A Keras model or a layer chain: the output is {@code model.predict(x)}'s, (B, T, ·) or (B, ·); the options
     * of a bare recurrent layer's states and lengths do not apply (a Keras model masks with its own layers).
     */
    private int predictChain(ChainModels.Loaded loaded, OutputFiles outputs) {
        String what = model + " is " + loaded.source() + ", whose one output is model.predict's";
        for (Map.Entry<String, Boolean> option : Map.of("--state-output", stateOutput != null,
                "--cell-state-output", cellStateOutput != null, "--lengths", lengths != null, "--relu", relu).entrySet()) {
            if (option.getValue()) {
                throw new IllegalArgumentException(option.getKey() + " applies to a bare recurrent model; " + what
                        + (option.getKey().equals("--lengths") ? " (it masks with its own Masking or Embedding layer)"
                        : ""));
            }
        }
        var chain = loaded.chain();
        Tensor x = chain.takesTokens() ? SequenceInput.readTokenIds("--input", input)
                : SequenceInput.readSequence("--input", input, chain.inputSize(), "this model");
        long start = System.nanoTime();
        Tensor y;
        try {
            y = chain.predict(x);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(input + ": " + e.getMessage(), e);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        outputs.writeAll(Map.of("--output", y));
        if (!quiet) {
            spec.commandLine().getOut().println(String.format(java.util.Locale.ROOT, "%s (%d stages): %s %s -> %s %s"
                    + " in %.3f s", model.getFileName(), chain.stages().size(), input, x.shapeString(), output,
                    y.shapeString(), seconds));
        }
        return 0;
    }

    /** e.g. "Lstm(input 64, hidden 128): x.npy (32, 10, 64) -> y.npy (32, 10, 128), h.npy (1, 32, 128) in 0.004 s" */
    private String summary(RecurrentLayer layer, Tensor x, Map<String, Tensor> tensors, double seconds) {
        StringBuilder line = new StringBuilder(layer.describe()).append(": ").append(input).append(' ')
                .append(x.shapeString()).append(lengths == null ? "" : " with lengths " + lengths).append(" -> ")
                .append(output).append(' ').append(tensors.get("--output").shapeString());
        if (stateOutput != null) {
            line.append(", ").append(stateOutput).append(' ').append(tensors.get("--state-output").shapeString());
        }
        if (cellStateOutput != null) {
            line.append(", ").append(cellStateOutput).append(' ')
                    .append(tensors.get("--cell-state-output").shapeString());
        }
        return line.append(String.format(java.util.Locale.ROOT, " in %.3f s", seconds)).toString();
    }
}
