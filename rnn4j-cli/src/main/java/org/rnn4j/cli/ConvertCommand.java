package org.rnn4j.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.rnn4j.io.ModelFile;
import org.rnn4j.io.Provenance;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * Writes a model from elsewhere as an rnn4j model file, which {@code predict} and {@code inspect} (and any program
 * with rnn4j-core alone) then read: a Keras model becomes a layer chain, a PyTorch state_dict a recurrent model. The
 * provenance records the command and the source file's SHA-256; a Keras model's origin its format, Keras version,
 * file name and GRU variant.
 */
@Command(name = "convert", mixinStandardHelpOptions = true,
        description = "Write a Keras model (.keras or .h5) or a PyTorch RNN/LSTM/GRU state_dict as an rnn4j model file.",
        footer = {"", "Example:", "  rnn4j convert sentiment.keras --out sentiment.safetensors",
                "  rnn4j inspect sentiment.safetensors"})
public final class ConvertCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "MODEL", description = "a Keras .keras or .h5 model (told by its content),"
            + " or a PyTorch state_dict saved as safetensors")
    Path source;

    @Option(names = "--out", required = true, paramLabel = "M.safetensors", description = "the rnn4j model file to write")
    Path out;

    @Option(names = "--relu", description = "the PyTorch state_dict is of nn.RNN(nonlinearity='relu'),"
            + " which its tensors cannot tell from tanh")
    boolean relu;

    @Option(names = "--overwrite", description = "replace the output file if it exists")
    boolean overwrite;

    @Option(names = {"-q", "--quiet"}, description = "print nothing when all goes well")
    boolean quiet;

    @Override
    public Integer call() {
        new OutputFiles().input("MODEL", source).output("--out", out).overwrite(overwrite).check();
        Provenance provenance = Provenance.now(null, Provenance.sha256(List.of(source)), RecordedCommand.of(spec));
        ChainModels.Loaded chain = ChainModels.loadIfChain("MODEL", source);
        String written;
        if (chain != null) {
            if (relu) {
                throw new IllegalArgumentException(source + ": --relu applies only to a plain PyTorch state_dict");
            }
            chain.chain().save(out, provenance, chain.origin());
            written = "a layer chain of " + chain.chain().stages().size() + " stages, "
                    + chain.chain().parameterCount() + " parameters";
        } else {
            ModelFile.Loaded loaded = ModelInput.load("MODEL", source, relu);
            ModelFile.save(out, loaded.layer(), provenance);
            written = loaded.layer().describe();
        }
        if (!quiet) {
            spec.commandLine().getOut().println(source + " -> " + out + ": " + written);
        }
        return 0;
    }
}
