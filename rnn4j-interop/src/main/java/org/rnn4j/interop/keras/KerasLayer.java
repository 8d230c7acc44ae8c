package org.rnn4j.interop.keras;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One layer of a Keras model's config, with the two addresses of its weights.
 *
 * @param name       the layer's name ({@code lstm_1}): its group under {@code model_weights/} in a legacy .h5
 * @param className  {@code LSTM}, {@code Dense}, …
 * @param config     the layer's {@code config} object
 * @param objectPath its path in a .keras file's {@code model.weights.h5}: {@code layers/} and the snake_case class
 *                   name, numbered within the model ({@code lstm}, {@code lstm_1}, …), as Keras's saving_lib names
 *                   the saveables of a model's {@code layers} list
 */
record KerasLayer(String name, String className, JsonNode config, String objectPath) {

    /** "layer 'lstm_1' (LSTM)", how every message names it. */
    String label() {
        return "layer '" + name + "' (" + className + ")";
    }
}
