package org.rnn4j.interop.onnx;

/**
 * A problem found inside an ONNX graph, said without the file's name, which the caller that knows it adds (as a
 * {@link org.rnn4j.io.FileFormatException}): "node 'LSTM_3' (LSTM): attribute clip is not supported".
 */
final class OnnxException extends RuntimeException {
    OnnxException(String message) {
        super(message);
    }
}
