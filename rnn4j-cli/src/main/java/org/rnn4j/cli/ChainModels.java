package org.rnn4j.cli;

import java.nio.file.Path;
import java.util.Map;
import org.rnn4j.interop.ModelFormat;
import org.rnn4j.interop.keras.KerasImport;
import org.rnn4j.io.ApplicationModelFile;
import org.rnn4j.io.FileFormatException;
import org.rnn4j.models.chain.LayerChain;

/**
 * Loads a model that is a chain of layers: a Keras .keras or .h5 file (told by its content, not its name), or an
 * rnn4j file of type layer_chain (what {@code rnn4j convert} writes). Any other file is left to the recurrent-model
 * reader.
 */
final class ChainModels {
    private ChainModels() {
    }

    /**
     * @param source     "a Keras 3 .keras archive" or "an rnn4j layer chain", for summaries
     * @param origin     where the chain came from (format, Keras version, file)
     * @param provenance the rnn4j file's provenance; empty for a Keras file
     */
    record Loaded(LayerChain chain, String source, Map<String, String> origin, Map<String, String> provenance) {
    }

    /** The chain in {@code file}, or null when the file is not one (a recurrent model or a state_dict). */
    static Loaded loadIfChain(String option, Path file) {
        InputFiles.requireReadableFile(option, file);
        ModelFormat format = ModelFormat.detect(file);
        if (format == ModelFormat.KERAS_ZIP || format == ModelFormat.KERAS_H5) {
            KerasImport.Imported imported = KerasImport.read(file);
            return new Loaded(imported.chain(), format.description(), imported.origin(), Map.of());
        }
        if (format != ModelFormat.SAFETENSORS) {
            return null;
        }
        ApplicationModelFile.Header header;
        try {
            header = ApplicationModelFile.open(file);
        } catch (FileFormatException notAnRnn4jApplicationFile) {
            return null; // a bare recurrent layer, a PyTorch state_dict or a bad file: ModelInput says which
        }
        if (!header.type().equals(LayerChain.TYPE)) {
            return null;
        }
        LayerChain.Loaded loaded = LayerChain.read(header);
        return new Loaded(loaded.chain(), "an rnn4j layer chain", loaded.origin(), loaded.provenance());
    }
}
