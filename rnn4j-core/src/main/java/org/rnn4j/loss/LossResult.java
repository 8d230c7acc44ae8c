package org.rnn4j.loss;

import java.util.Objects;
import org.rnn4j.tensor.Tensor;

/**
 * What a loss returns.
 *
 * @param value    the loss, reduced as asked (the mean over valid steps or elements by default)
 * @param gradient dLoss/dInput, of the input's shape; zero at padded steps and masked elements
 */
public record LossResult(double value, Tensor gradient) {
    public LossResult {
        Objects.requireNonNull(gradient, "gradient");
    }
}
