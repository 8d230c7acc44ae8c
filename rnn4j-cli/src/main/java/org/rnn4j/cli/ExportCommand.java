package org.rnn4j.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.rnn4j.interop.onnx.OnnxExport;
import org.rnn4j.nn.recurrent.RecurrentLayer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Writes a model as an ONNX file that ONNX Runtime runs with the numbers of {@code predict}: a recurrent model (an
 * rnn4j file or a PyTorch state_dict), or a layer chain (a Keras .keras/.h5 file, or what {@code convert} made of
 * one).
 */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = "Write a model as an ONNX model: a recurrent model (an rnn4j file or a PyTorch state_dict),"
                + " or a Keras model (.keras, .h5, or converted by rnn4j convert).",
        footer = {"", "A recurrent model's graph (opset 14): input 'input' (batch, time, F);",
                "outputs 'output' (batch, time, D*H), 'h_n' and for an LSTM 'c_n' (L*D, batch,",
                "H), as predict writes them. Optional inputs: 'h0', 'c0' (L*D, batch, H) carry",
                "state between calls (zeros by default); 'sequence_lens' (batch,) int32",
                "gives row lengths (full rows by default).",
                "", "A Keras model's graph: input 'input' (batch, time, F) float, or (batch, time)",
                "int64 token ids when it starts with an Embedding; output 'output', what",
                "model.predict returns. Every layer rnn4j imports exports: Embedding (with",
                "mask_zero), Masking, SimpleRNN/LSTM/GRU (reset_after True or False),",
                "Bidirectional (concat, sum, mul, ave), go_backwards, return_sequences, Dense",
                "and TimeDistributed(Dense) (linear, relu, tanh, sigmoid, softmax), Dropout.",
                "Masks of any pattern give Keras's numbers (see docs/interop.md, \"Keras to",
                "ONNX\"). A layer ONNX cannot compute exactly is refused, naming it (exit 1).",
                "", "Examples:",
                "  rnn4j export --model lstm.safetensors --format onnx --out lstm.onnx",
                "  rnn4j export --model sentiment.keras --format onnx --out sentiment.onnx"})
public final class ExportCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--model", required = true, paramLabel = "M.safetensors",
            description = "an rnn4j model, a PyTorch RNN, LSTM or GRU state_dict saved as safetensors, or a Keras"
                    + " model (.keras or .h5, told by its content, or an rnn4j layer chain)")
    Path model;

    @Option(names = "--format", required = true, paramLabel = "FORMAT", description = "onnx (the only one)")
    String format;

    @Option(names = "--out", required = true, paramLabel = "M.onnx", description = "the file to write")
    Path out;

    @Option(names = "--relu", description = "the PyTorch state_dict is of nn.RNN(nonlinearity='relu'),"
            + " which its tensors cannot tell from tanh")
    boolean relu;

    @Option(names = "--overwrite", description = "replace --out if it exists")
    boolean overwrite;

    @Option(names = {"-q", "--quiet"}, description = "print nothing when all goes well")
    boolean quiet;

    @Override
    public Integer call() {
        if (!format.equals("onnx")) {
            throw new IllegalArgumentException("--format " + format + " is not supported; the one format is onnx");
        }
        new OutputFiles().input("--model", model).output("--out", out).overwrite(overwrite).check();
        ChainModels.Loaded chain = ChainModels.loadIfChain("--model", model);
        if (chain != null) {
            if (relu) {
                throw new IllegalArgumentException(model + ": --relu applies only to a plain PyTorch state_dict;"
                        + " this is " + chain.source() + ", whose layers say their activations");
            }
            OnnxExport.write(chain.chain(), out);
            if (!quiet) {
                spec.commandLine().getOut().println(chain.chain().stages().size() + " layers (" + chain.source()
                        + "): " + model + " -> " + out + " (ONNX opset 14, " + fileSize(out) + " bytes)");
            }
            return 0;
        }
        RecurrentLayer layer = ModelInput.load("--model", model, relu).layer();
        OnnxExport.write(layer, out);
        if (!quiet) {
            spec.commandLine().getOut().println(layer.describe() + ": " + model + " -> " + out + " (ONNX opset 14, "
                    + fileSize(out) + " bytes)");
        }
        return 0;
    }

    private static long fileSize(Path file) {
        try {
            return Files.size(file);
        } catch (java.io.IOException e) {
            return -1;
        }
    }
}
