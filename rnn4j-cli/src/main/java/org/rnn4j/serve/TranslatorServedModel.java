package org.rnn4j.serve;

import java.nio.file.Path;
import java.util.List;
import org.rnn4j.seq2seq.Translator;

/** A translator from {@code train-translator}: POST /v1/models/{name}/translate. */
public final class TranslatorServedModel extends ServedModel {
    private final Translator translator;

    public TranslatorServedModel(String name, Path file, Translator translator) {
        super(name, file);
        this.translator = translator;
    }

    Translator translator() {
        return translator;
    }

    @Override
    String kind() {
        return "translator";
    }

    @Override
    public String describe() {
        return "translator, " + translator.sourceVocabulary().size() + " source and "
                + translator.targetVocabulary().size() + " target words";
    }

    @Override
    String routes() {
        return "POST /v1/models/" + name() + "/translate";
    }

    @Override
    List<Port> inputs() {
        return List.of(new Port("texts", "BYTES", -1));
    }

    @Override
    List<Port> outputs() {
        return List.of(new Port("translations", "BYTES", -1));
    }
}
