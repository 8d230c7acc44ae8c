package org.rnn4j.models.chain;

import java.util.List;
import org.rnn4j.nn.Parameter;

/** Dropout, which at inference passes its input (and its mask) through unchanged: kept so the chain reads as the model. */
public record DropoutStage(Spec spec) implements Stage {

    /** @param rate the training rate, for the record */
    public record Spec(float rate) {
        public Spec {
            if (!(rate >= 0f && rate < 1f)) {
                throw new IllegalArgumentException("dropout rate must be in [0, 1), got " + rate);
            }
        }
    }

    @Override
    public String type() {
        return "dropout";
    }

    @Override
    public List<Parameter> parameters() {
        return List.of();
    }

    @Override
    public Signature output(Signature input) {
        return input;
    }

    @Override
    public Flow forward(Flow input) {
        return input;
    }

    @Override
    public String describe() {
        return "Dropout(" + spec.rate() + ", none at inference)";
    }
}
