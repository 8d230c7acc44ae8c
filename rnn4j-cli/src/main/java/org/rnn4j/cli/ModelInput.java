package org.rnn4j.cli;

import java.nio.file.Path;
import org.rnn4j.io.ModelFile;

/** Loads the model a command was given: an rnn4j model file, or a plain PyTorch state_dict saved as safetensors. */
final class ModelInput {
    private ModelInput() {
    }

    /**
     * @param relu the state_dict is of {@code nn.RNN(nonlinearity='relu')}: its tensors are the same as for tanh,
     *             so only the user can tell. An rnn4j file states its activation in its spec, so there the
     *             option would contradict or repeat the file; it is refused rather than silently ignored.
     */
    static ModelFile.Loaded load(String option, Path file, boolean relu) {
        InputFiles.requireReadableFile(option, file);
        ModelFile.Loaded loaded = ModelFile.load(file, new ModelFile.ImportOptions(relu));
        if (relu && !loaded.importedFromPyTorch()) {
            throw new IllegalArgumentException(file + ": --relu applies only to a plain PyTorch state_dict; this is"
                    + " an rnn4j model file, whose spec already says " + loaded.layer().describe());
        }
        return loaded;
    }
}
