package org.rnn4j.cli;

import java.nio.file.Path;
import java.util.regex.Pattern;
import org.rnn4j.forecast.Forecaster;
import org.rnn4j.interop.ModelFormat;
import org.rnn4j.interop.onnx.OnnxModel;
import org.rnn4j.io.ApplicationModelFile;
import org.rnn4j.io.FileFormatException;
import org.rnn4j.seq2seq.Translator;
import org.rnn4j.serve.ChainServedModel;
import org.rnn4j.serve.ClassifierServedModel;
import org.rnn4j.serve.ForecasterServedModel;
import org.rnn4j.serve.LanguageServedModel;
import org.rnn4j.serve.OnnxServedModel;
import org.rnn4j.serve.RecurrentServedModel;
import org.rnn4j.serve.ServedModel;
import org.rnn4j.serve.TranslatorServedModel;
import org.rnn4j.text.LanguageModel;
import org.rnn4j.text.TextClassifier;

/**
 * Loads a model for {@code serve}, told by its content as {@code predict} and the application commands tell it: an
 * ONNX graph, a Keras model or layer chain, a language model, classifier, translator or forecaster, else a recurrent
 * model file or a PyTorch state_dict.
 */
final class ServedModels {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    private ServedModels() {
    }

    /** {@code NAME=FILE}, as --model gives it. */
    static ServedModel load(String nameAndFile) {
        int eq = nameAndFile.indexOf('=');
        if (eq < 0) {
            throw new IllegalArgumentException("--model: expected NAME=FILE (e.g. lstm=lstm.safetensors), got '"
                    + nameAndFile + "'");
        }
        String name = nameAndFile.substring(0, eq);
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("--model: the name '" + name + "' must be 1 to 64 letters, digits,"
                    + " '.', '_' or '-' (it goes into URLs), starting with a letter or digit");
        }
        return load(name, Path.of(nameAndFile.substring(eq + 1)));
    }

    static ServedModel load(String name, Path file) {
        InputFiles.requireReadableFile("--model", file);
        if (ModelFormat.detect(file) == ModelFormat.ONNX) {
            return new OnnxServedModel(name, file, OnnxModel.load(file));
        }
        ChainModels.Loaded chain = ChainModels.loadIfChain("--model", file);
        if (chain != null) {
            return new ChainServedModel(name, file, chain.chain(), chain.source());
        }
        String type;
        try {
            type = ApplicationModelFile.open(file).type();
        } catch (FileFormatException notAnApplicationFile) {
            type = ""; // a bare recurrent layer, a PyTorch state_dict or a bad file: ModelInput says which
        }
        return switch (type) {
            case LanguageModel.TYPE -> new LanguageServedModel(name, file, LanguageModel.load(file));
            case TextClassifier.TYPE -> new ClassifierServedModel(name, file, TextClassifier.load(file));
            case Translator.TYPE -> new TranslatorServedModel(name, file, Translator.load(file).translator());
            case Forecaster.TYPE -> new ForecasterServedModel(name, file, Forecaster.load(file));
            default -> new RecurrentServedModel(name, file, ModelInput.load("--model", file, false).layer());
        };
    }
}
