package org.rnn4j.serve;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * One request and its answer: the route it matched, its path parameters, its body (read with the size limit), and
 * what was sent (status, bytes), for the access log and the metrics.
 */
final class Call {
    private final HttpExchange exchange;
    private final long maxBody;
    final long startNanos = System.nanoTime();
    String route = "unmatched";
    Map<String, String> params = Map.of();
    private int status;
    private long bytesSent;
    private boolean streaming;

    Call(HttpExchange exchange, long maxBody) {
        this.exchange = exchange;
        this.maxBody = maxBody;
    }

    HttpExchange exchange() {
        return exchange;
    }

    String method() {
        return exchange.getRequestMethod();
    }

    String path() {
        return exchange.getRequestURI().getRawPath();
    }

    String param(String name) {
        return params.get(name);
    }

    int status() {
        return status;
    }

    long bytesSent() {
        return bytesSent;
    }

    boolean responded() {
        return status != 0;
    }

    double elapsedSeconds() {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    /**
     * The body, refused with 413 as soon as it is known to exceed the limit: from its Content-Length before a byte
     * is read, or (for a chunked body) while reading, at the first byte past the limit.
     */
    byte[] body() {
        String declared = exchange.getRequestHeaders().getFirst("Content-Length");
        if (declared != null) {
            long length;
            try {
                length = Long.parseLong(declared.trim());
            } catch (NumberFormatException e) {
                throw ApiException.badRequest("Content-Length: '" + declared + "' is not a number");
            }
            if (length > maxBody) {
                throw tooLarge("Content-Length " + length);
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[16384];
        // Not closed when too large: closing reads the rest of the body first (the JDK's server drains it, up to
        // 64 kB, then closes the connection), and the 413 must go out while the client is still sending.
        InputStream in = exchange.getRequestBody();
        try {
            long total = 0;
            for (int n; (n = in.read(buffer)) > 0; ) {
                total += n;
                if (total > maxBody) {
                    throw tooLarge("more than " + maxBody + " bytes");
                }
                out.write(buffer, 0, n);
            }
            in.close();
        } catch (IOException e) {
            throw ApiException.badRequest("request body could not be read: " + e.getMessage());
        }
        return out.toByteArray();
    }

    private ApiException tooLarge(String what) {
        exchange.getResponseHeaders().set("Connection", "close"); // the rest of the body is not read
        return new ApiException(413, "request body: " + what + " is over the server's limit of " + maxBody
                + " bytes (--max-body)");
    }

    ObjectNode json() {
        return Json.parseObject(body());
    }

    void json(int code, JsonNode body) {
        send(code, "application/json", (body.toString() + "\n").getBytes(StandardCharsets.UTF_8));
    }

    void error(int code, String message) {
        json(code, Json.error(message));
    }

    void send(int code, String contentType, byte[] body) {
        if (responded()) {
            return; // a stream already under way: its own error event says what went wrong
        }
        status = code;
        exchange.getResponseHeaders().set("Content-Type", contentType);
        try {
            exchange.sendResponseHeaders(code, body.length == 0 ? -1 : body.length);
            if (body.length > 0) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            }
            bytesSent = body.length;
        } catch (IOException clientGone) {
            // the client closed the connection: nothing left to tell it
        }
    }

    /** Starts a server-sent event stream: 200, text/event-stream, chunked, each event flushed as it is written. */
    EventStream events() throws IOException {
        status = 200;
        streaming = true;
        exchange.getResponseHeaders().set("Content-Type", "text/event-stream; charset=utf-8");
        exchange.getResponseHeaders().set("Cache-Control", "no-cache");
        exchange.getResponseHeaders().set("X-Accel-Buffering", "no"); // nginx: do not hold the events back
        exchange.sendResponseHeaders(200, 0);
        return new EventStream(exchange.getResponseBody(), n -> bytesSent += n);
    }

    boolean streaming() {
        return streaming;
    }
}
