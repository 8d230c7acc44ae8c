package org.rnn4j.tensor;

/** A tensor of the wrong shape was handed to a layer or function; the message says expected vs got. */
public class ShapeException extends IllegalArgumentException {
    public ShapeException(String message) {
        super(message);
    }
}
