package org.rnn4j.serve;

import java.nio.file.Path;
import java.util.List;
import org.rnn4j.text.LanguageModel;

/** A language model from {@code train-lm}: generate (OIP's generate extension and /v1), and sessions of tokens. */
public final class LanguageServedModel extends ServedModel {
    private final LanguageModel model;

    public LanguageServedModel(String name, Path file, LanguageModel model) {
        super(name, file);
        this.model = model;
    }

    LanguageModel model() {
        return model;
    }

    @Override
    String kind() {
        return "language model";
    }

    @Override
    public String describe() {
        return "language model, " + model.describe();
    }

    @Override
    String routes() {
        return "POST /v1/models/" + name() + "/generate, /v2/models/" + name() + "/generate or /generate_stream";
    }

    @Override
    List<Port> inputs() {
        return List.of(new Port("text_input", "BYTES", 1));
    }

    @Override
    List<Port> outputs() {
        return List.of(new Port("text_output", "BYTES", 1));
    }
}
