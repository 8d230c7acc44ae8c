package org.rnn4j.serve;

import java.nio.file.Path;
import java.util.List;
import org.rnn4j.forecast.Forecaster;

/** A forecaster from {@code train-forecaster}: POST /v1/models/{name}/forecast. */
public final class ForecasterServedModel extends ServedModel {
    private final Forecaster forecaster;

    public ForecasterServedModel(String name, Path file, Forecaster forecaster) {
        super(name, file);
        this.forecaster = forecaster;
    }

    Forecaster forecaster() {
        return forecaster;
    }

    @Override
    String kind() {
        return "forecaster";
    }

    @Override
    public String describe() {
        return "forecaster, " + forecaster.describe();
    }

    @Override
    String routes() {
        return "POST /v1/models/" + name() + "/forecast";
    }

    @Override
    List<Port> inputs() {
        return List.of(new Port("series", "FP64", -1));
    }

    @Override
    List<Port> outputs() {
        return List.of(new Port("forecast", "FP64", forecaster.horizon()));
    }
}
