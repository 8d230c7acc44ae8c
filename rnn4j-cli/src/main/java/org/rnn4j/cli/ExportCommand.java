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

/** Writes a recurrent model as an ONNX file that ONNX Runtime runs with the numbers of {@code predict}. */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = "Write a recurrent model (an rnn4j file or a PyTorch state_dict) as an ONNX model.",
        footer = {"", "The ONNX graph (opset 14): input 'input' (batch, time, F); outputs",
                "'output' (batch, time, D*H), 'h_n' and for an LSTM 'c_n' (L*D, batch, H),",
                "as predict writes them. Optional inputs: 'h0', 'c0' (L*D, batch, H) carry",
                "state between calls (zeros by default); 'sequence_lens' (batch,) int32",
                "gives row lengths (full rows by default). See docs/interop.md.",
                "", "Example:",
                "  rnn4j export --model lstm.safetensors --format onnx --out lstm.onnx"})
public final class ExportCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--model", required = true, paramLabel = "M.safetensors",
            description = "an rnn4j model, or a PyTorch RNN, LSTM or GRU state_dict saved as safetensors")
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
