package org.rnn4j.serve;

import java.nio.file.Path;
import java.util.List;
import org.rnn4j.text.TextClassifier;

/** A text classifier from {@code train-classifier}: POST /v1/models/{name}/classify. */
public final class ClassifierServedModel extends ServedModel {
    private final TextClassifier classifier;

    public ClassifierServedModel(String name, Path file, TextClassifier classifier) {
        super(name, file);
        this.classifier = classifier;
    }

    TextClassifier classifier() {
        return classifier;
    }

    @Override
    String kind() {
        return "text classifier";
    }

    @Override
    public String describe() {
        return "text classifier, " + classifier.describe();
    }

    @Override
    String routes() {
        return "POST /v1/models/" + name() + "/classify";
    }

    @Override
    List<Port> inputs() {
        return List.of(new Port("texts", "BYTES", -1));
    }

    @Override
    List<Port> outputs() {
        return List.of(new Port("probabilities", "FP32", -1, classifier.labels().size()));
    }
}
