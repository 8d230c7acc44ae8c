package org.rnn4j.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.rnn4j.io.ApplicationModelFile;
import org.rnn4j.io.ModelFile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Prints what a model file holds, like Keras's {@code model.summary()}, without running it. */
@Command(name = "inspect", mixinStandardHelpOptions = true,
        description = "Shows a model's architecture, parameters, input, output and state shapes, and provenance:"
                + " a recurrent layer, a Keras model (.keras, .h5) or the layer chain converted from one, or any"
                + " application model (language model, classifier, translator, forecaster).")
public final class InspectCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "MODEL.safetensors",
            description = "an rnn4j model, a Keras .keras or .h5 model, or a PyTorch RNN, LSTM or GRU state_dict"
                    + " saved as safetensors")
    Path model;

    @Option(names = "--relu", description = "the PyTorch state_dict is of nn.RNN(nonlinearity='relu'),"
            + " which its tensors cannot tell from tanh")
    boolean relu;

    @Override
    public Integer call() {
        ChainModels.Loaded chain = ChainModels.loadIfChain("MODEL", model);
        if (chain != null) {
            if (relu) {
                throw new IllegalArgumentException(model + ": --relu applies only to a plain PyTorch state_dict");
            }
            ChainSummary.lines(model, chain).forEach(spec.commandLine().getOut()::println);
            return 0;
        }
        if (isApplicationModel()) {
            ApplicationSummary.lines(ApplicationModelFile.open(model)).forEach(spec.commandLine().getOut()::println);
            return 0;
        }
        ModelFile.Loaded loaded = ModelInput.load("MODEL", model, relu);
        ModelSummary.lines(model, loaded).forEach(spec.commandLine().getOut()::println);
        return 0;
    }

    /** An rnn4j file whose spec is not a bare recurrent layer: a language model, a classifier, … */
    private boolean isApplicationModel() {
        try {
            return !ApplicationModelFile.open(model).type().equals("recurrent");
        } catch (RuntimeException notOne) {
            return false; // a bare layer, a PyTorch state_dict or a bad file: ModelInput says which
        }
    }
}
