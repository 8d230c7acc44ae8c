package org.rnn4j.serve.load;

import java.io.IOException;

/** One request of a load and its answer, as one client sends it again and again. */
@FunctionalInterface
public interface Exchange {
    /**
     * Sends one request and waits for the whole answer.
     *
     * @param round which request of this client it is (0, 1, …), e.g. to vary a generation's seed
     */
    Sample send(long round) throws IOException, InterruptedException;

    /**
     * What one request took: its HTTP status, the time to its last byte, and for a streamed generation the time to
     * its first token and the number of tokens (-1 and 0 otherwise).
     */
    record Sample(int status, long latencyNanos, long firstTokenNanos, int tokens) {
        /** The status recorded for a 200 event stream that ended without {@code [DONE]} (an error event). */
        static final int BROKEN_STREAM = -1;

        static Sample of(int status, long latencyNanos) {
            return new Sample(status, latencyNanos, -1, 0);
        }
    }
}
