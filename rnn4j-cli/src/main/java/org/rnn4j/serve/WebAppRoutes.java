package org.rnn4j.serve;

import java.util.function.Function;

/**
 * The web app of {@code rnn4j serve}, on the server's own port: its files ({@link WebFiles}) and the JSON routes
 * only it needs, the Inside view of a language model ({@link InsideView}), the words that moved a classifier
 * ({@link Occlusion}) and the gradient picture ({@link GradientPicture}). Generation streams from the server's
 * ordinary {@code /v1/models/{name}/generate}.
 */
final class WebAppRoutes {
    private WebAppRoutes() {
    }

    /** @param model the served model a call names in its {name}, or a 404 that lists the server's models */
    static void register(Router router, Function<Call, ServedModel> model) {
        router.add("GET", "/", WebFiles::index)
                .add("GET", "/web/{file}", WebFiles::file)
                .add("GET", "/v1/models/{name}/inside", c -> c.json(200, InsideView.describe(language(model.apply(c),
                        c))))
                .compute("POST", "/v1/models/{name}/inside", c -> c.json(200, InsideView.run(language(model.apply(c),
                        c), c.json())))
                .compute("POST", "/v1/models/{name}/explain-classify", c -> c.json(200,
                        Occlusion.explain(classifier(model.apply(c), c), c.json())))
                .compute("POST", "/v1/explain/gradients", c -> c.json(200, GradientPicture.compute(c.json())));
    }

    private static LanguageServedModel language(ServedModel served, Call call) {
        if (served instanceof LanguageServedModel lm) {
            return lm;
        }
        throw served.unsupported(call.route);
    }

    private static ClassifierServedModel classifier(ServedModel served, Call call) {
        if (served instanceof ClassifierServedModel c) {
            return c;
        }
        throw served.unsupported(call.route);
    }
}
