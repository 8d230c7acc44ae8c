package org.rnn4j.serve;

/**
 * A request the server refuses, with the HTTP status to answer and a message for the client that says what is wrong
 * and where (e.g. {@code inputs[0].shape: expected (B, T, 4), got [2, 3]}). It is answered as
 * {@code {"error": message}}; no stack trace ever reaches the client.
 */
class ApiException extends RuntimeException {
    private final int status;

    ApiException(int status, String message) {
        super(message, null, false, false); // a client's mistake: no stack trace to fill
        this.status = status;
    }

    static ApiException badRequest(String message) {
        return new ApiException(400, message);
    }

    static ApiException notFound(String message) {
        return new ApiException(404, message);
    }

    int status() {
        return status;
    }
}
