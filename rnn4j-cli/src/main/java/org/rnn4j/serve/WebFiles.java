package org.rnn4j.serve;

import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The web app's files, served from the jar ({@code org/rnn4j/serve/web/}): {@code /} is its page, {@code /web/NAME}
 * the rest. Nothing is fetched from elsewhere at run time (no CDN), and nothing is built (no Node toolchain).
 *
 * <p>Only flat names of known types are served: a name is checked against a pattern that has no '/' and no "..", so
 * a request such as {@code /web/..%2FModelServer.class} (which the router decodes into one segment) cannot reach
 * anything outside the folder; it is a 404 like any unknown file.
 */
final class WebFiles {
    private static final String FOLDER = "web/";
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]*\\.([a-z0-9]+)");
    private static final Map<String, String> TYPES = Map.of(
            "html", "text/html; charset=utf-8",
            "js", "text/javascript; charset=utf-8",
            "css", "text/css; charset=utf-8",
            "svg", "image/svg+xml",
            "png", "image/png",
            "ico", "image/x-icon",
            "json", "application/json",
            "txt", "text/plain; charset=utf-8");

    private WebFiles() {
    }

    static void index(Call call) throws IOException {
        send(call, "index.html");
    }

    static void file(Call call) throws IOException {
        send(call, call.param("file"));
    }

    private static void send(Call call, String name) throws IOException {
        var matcher = NAME.matcher(name);
        String type = matcher.matches() ? TYPES.get(matcher.group(1)) : null;
        byte[] body = null;
        if (type != null) {
            try (InputStream in = WebFiles.class.getResourceAsStream(FOLDER + name)) {
                body = in == null ? null : in.readAllBytes();
            }
        }
        if (body == null) {
            throw ApiException.notFound("no file '" + name + "' in the web app; its page is GET /");
        }
        // The files change with the jar, not while it runs; no-cache makes a browser ask again after an upgrade.
        call.exchange().getResponseHeaders().set("Cache-Control", "no-cache");
        call.exchange().getResponseHeaders().set("X-Content-Type-Options", "nosniff");
        call.send(200, type, body);
    }
}
