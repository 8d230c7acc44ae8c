package org.rnn4j.serve;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.function.LongConsumer;

/**
 * Server-sent events (the WHATWG {@code text/event-stream} format): {@code data: <json>} and a blank line per event,
 * flushed at once so that a client sees each token as it is generated, and {@code data: [DONE]} at the end, as
 * OpenAI-style clients expect.
 *
 * <p>A write to a client that has gone away fails: {@link #send} then throws {@link ClientGone}, which stops the
 * generation that was feeding the stream.
 */
final class EventStream implements AutoCloseable {
    /** The client closed the connection; whatever was producing events should stop. */
    static final class ClientGone extends UncheckedIOException {
        ClientGone(IOException cause) {
            super("the client closed the connection", cause);
        }
    }

    private final OutputStream out;
    private final LongConsumer sent;

    EventStream(OutputStream out, LongConsumer sent) {
        this.out = out;
        this.sent = sent;
    }

    void send(JsonNode data) {
        write("data: " + data + "\n\n");
    }

    /**
     * An event written but not yet flushed: while a client reads more slowly than tokens come, the events that
     * piled up go out in one chunk at the next {@link #flush}, instead of one write each.
     */
    void queue(JsonNode data) {
        write("data: " + data + "\n\n", false);
    }

    void flush() {
        try {
            out.flush();
        } catch (IOException e) {
            throw new ClientGone(e);
        }
    }

    /** An error after the stream began (its status line is long gone): an {@code error} event. */
    void error(String message) {
        write("event: error\ndata: " + Json.error(message) + "\n\n");
    }

    void done() {
        write("data: [DONE]\n\n");
    }

    private void write(String text) {
        write(text, true);
    }

    private void write(String text, boolean flush) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        try {
            out.write(bytes);
            if (flush) {
                out.flush();
            }
            sent.accept(bytes.length);
        } catch (IOException e) {
            throw new ClientGone(e);
        }
    }

    @Override
    public void close() {
        try {
            out.close();
        } catch (IOException clientGone) {
            // nothing left to say to it
        }
    }
}
