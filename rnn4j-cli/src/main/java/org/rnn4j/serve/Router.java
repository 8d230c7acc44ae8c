package org.rnn4j.serve;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The route table: a method and a path template ({@code /v2/models/{name}/infer}) per handler. A path no template
 * matches is a 404; one that matches with another method a 405 that lists the allowed ones.
 */
final class Router {
    interface Handler {
        void handle(Call call) throws Exception;
    }

    /** @param compute runs a model: it waits for one of the --threads, and is refused (429) when the queue is full */
    record Route(String method, String template, boolean compute, Handler handler) {
        Map<String, String> match(String[] segments) {
            String[] parts = template.equals("/") ? new String[0] : template.substring(1).split("/");
            if (parts.length != segments.length) {
                return null;
            }
            Map<String, String> params = new LinkedHashMap<>();
            for (int i = 0; i < parts.length; i++) {
                if (parts[i].startsWith("{")) {
                    params.put(parts[i].substring(1, parts[i].length() - 1), segments[i]);
                } else if (!parts[i].equals(segments[i])) {
                    return null;
                }
            }
            return params;
        }
    }

    record Match(Route route, Map<String, String> params) {
    }

    private final List<Route> routes = new ArrayList<>();

    Router add(String method, String template, Handler handler) {
        routes.add(new Route(method, template, false, handler));
        return this;
    }

    Router compute(String method, String template, Handler handler) {
        routes.add(new Route(method, template, true, handler));
        return this;
    }

    /** The route of a request, with its parameters (URL-decoded), or a 404/405 refusal. */
    Match match(String method, String rawPath) {
        String path = rawPath.length() > 1 && rawPath.endsWith("/") ? rawPath.substring(0, rawPath.length() - 1)
                : rawPath;
        String[] segments = path.equals("/") || path.isEmpty() ? new String[0] : path.substring(1).split("/", -1);
        for (int i = 0; i < segments.length; i++) {
            segments[i] = java.net.URLDecoder.decode(segments[i], java.nio.charset.StandardCharsets.UTF_8);
        }
        TreeSet<String> allowed = new TreeSet<>();
        String template = null;
        for (Route route : routes) {
            Map<String, String> params = route.match(segments);
            if (params != null) {
                if (route.method().equals(method)) {
                    return new Match(route, params);
                }
                allowed.add(route.method());
                template = route.template();
            }
        }
        if (!allowed.isEmpty()) {
            throw new MethodNotAllowed(template, allowed);
        }
        throw ApiException.notFound("no route " + method + " " + rawPath + "; see GET /v2 and docs/serving.md");
    }

    /** 405, with the methods the path takes (for the Allow header). */
    static final class MethodNotAllowed extends ApiException {
        final String template;
        final String allow;

        MethodNotAllowed(String template, TreeSet<String> allowed) {
            super(405, "method not allowed here; " + template + " takes " + String.join(", ", allowed));
            this.template = template;
            this.allow = String.join(", ", allowed);
        }
    }
}
