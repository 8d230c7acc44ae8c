package org.rnn4j.serve;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import org.rnn4j.text.LanguageModel;
import org.rnn4j.text.Sampler;
import org.rnn4j.text.UnknownTokenException;

/**
 * One generation request, read and checked before the model runs: the prime, the sampling knobs (defaults as
 * {@code rnn4j generate}'s, so that the same seed gives the same text), and the stop sequences.
 *
 * <p>Without a seed, one is drawn and returned with the text, so that any answer can be reproduced.
 */
final class Generation {
    static final int MAX_TOKENS_LIMIT = 100_000;
    static final int DEFAULT_MAX_TOKENS = 100;

    /** Why a generation ended: OIP's finish_reason values. */
    enum Finish { LENGTH, STOP_SEQUENCE }

    record Result(String text, Finish finish, int tokens) {
    }

    private final String prime;
    private final int maxTokens;
    private final Sampler sampler;
    private final long seed;
    private final List<String> stop;

    private Generation(String prime, int maxTokens, Sampler sampler, long seed, List<String> stop) {
        this.prime = prime;
        this.maxTokens = maxTokens;
        this.sampler = sampler;
        this.seed = seed;
        this.stop = stop;
    }

    /**
     * @param primeField "prime" (/v1) or "text_input" (OIP)
     * @param knobs      the object that holds max_tokens, temperature, ...: the body (/v1) or its "parameters" (OIP)
     */
    static Generation read(JsonNode body, String primeField, JsonNode knobs, String prefix) {
        String prime = Json.string(body, primeField, "");
        if (knobs == null || knobs.isNull()) {
            knobs = Json.MAPPER.createObjectNode();
        } else if (!knobs.isObject()) {
            throw ApiException.badRequest("parameters: expected an object, got " + Json.kind(knobs));
        }
        Fields f = new Fields(knobs, prefix);
        int maxTokens = (int) f.integer("max_tokens", DEFAULT_MAX_TOKENS, 0, MAX_TOKENS_LIMIT);
        double temperature = f.number("temperature", 0.8);
        int topK = (int) f.integer("top_k", 0, 0, Integer.MAX_VALUE);
        double topP = f.number("top_p", 1.0);
        long seed = f.integer("seed", new SplittableRandom().nextLong() >>> 12, Long.MIN_VALUE, Long.MAX_VALUE);
        Sampler sampler;
        try {
            sampler = new Sampler(temperature, topK, topP);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(prefix + e.getMessage().replace("Sampler topK", "top_k")
                    .replace("Sampler topP", "top_p").replace("Sampler temperature", "temperature"));
        }
        List<String> stop = new ArrayList<>();
        JsonNode stops = knobs.get("stop");
        if (stops != null && !stops.isNull()) {
            if (stops.isTextual()) {
                stop.add(stops.asText());
            } else if (stops.isArray()) {
                stop.addAll(Json.strings(knobs, "stop", 16));
            } else {
                throw ApiException.badRequest(prefix + "stop: expected a string or an array of strings, got "
                        + Json.kind(stops));
            }
            if (stop.stream().anyMatch(String::isEmpty)) {
                throw ApiException.badRequest(prefix + "stop: an empty stop sequence would stop at once");
            }
        }
        return new Generation(prime, maxTokens, sampler, seed, stop);
    }

    /** The fields of the knobs object, named with their prefix ("parameters.") in messages. */
    private record Fields(JsonNode node, String prefix) {
        long integer(String field, long fallback, long min, long max) {
            try {
                return Json.integer(node, field, fallback, min, max);
            } catch (ApiException e) {
                throw ApiException.badRequest(prefix + e.getMessage());
            }
        }

        double number(String field, double fallback) {
            try {
                return Json.number(node, field, fallback);
            } catch (ApiException e) {
                throw ApiException.badRequest(prefix + e.getMessage());
            }
        }
    }

    long seed() {
        return seed;
    }

    /** Refuses a prime the model cannot read (a character it never saw, in a model without {@code <unk>}). */
    void check(LanguageModel model, String primeField) {
        try {
            model.encode(prime);
        } catch (UnknownTokenException e) {
            throw ApiException.badRequest(primeField + ": " + e.getMessage());
        }
    }

    /** What makes a generation's pieces: the model itself, or a scheduler that batches generations. */
    @FunctionalInterface
    interface Producer {
        /**
         * Generates {@code maxTokens} tokens after {@code prime}, handing each piece to {@code piece}, which may
         * throw to stop, and running {@code caughtUp} whenever every piece made so far has been handed over (the
         * moment to flush a stream).
         */
        void produce(String prime, int maxTokens, Sampler sampler, long seed, Consumer<String> piece,
                     Runnable caughtUp);
    }

    /** The model generating alone, on the calling thread: caught up after every piece. */
    static Producer alone(LanguageModel model) {
        return (prime, maxTokens, sampler, seed, piece, caughtUp) ->
                model.generate(prime, maxTokens, sampler, new SplittableRandom(seed), p -> {
                    piece.accept(p);
                    caughtUp.run();
                });
    }

    /**
     * Generates, handing each new piece of text to {@code out} as it comes (it may throw to cancel, as a stream
     * whose client has gone does), until max_tokens or a stop sequence. A stop sequence is cut from the text.
     */
    Result run(Producer producer, Consumer<String> out, Runnable caughtUp) {
        StringBuilder text = new StringBuilder();
        int[] tokens = {0};
        try {
            producer.produce(prime, maxTokens, sampler, seed, piece -> {
                tokens[0]++;
                int before = text.length();
                text.append(piece);
                int at = stopAt(text, before);
                if (at >= 0) {
                    String kept = text.substring(before, Math.max(before, at));
                    text.setLength(at);
                    if (!kept.isEmpty()) {
                        out.accept(kept);
                    }
                    throw new Stopped();
                }
                out.accept(piece);
            }, caughtUp);
        } catch (Stopped stopped) {
            return new Result(text.toString(), Finish.STOP_SEQUENCE, tokens[0]);
        }
        return new Result(text.toString(), Finish.LENGTH, tokens[0]);
    }

    /** Where the first stop sequence that the newest piece completes begins, or -1. */
    private int stopAt(StringBuilder text, int newFrom) {
        int best = -1;
        for (String s : stop) {
            int from = Math.max(0, newFrom - s.length() + 1);
            int at = text.indexOf(s, from);
            if (at >= 0 && (best < 0 || at < best)) {
                best = at;
            }
        }
        return best;
    }

    /** Thrown from the piece consumer to end generation at a stop sequence. */
    private static final class Stopped extends RuntimeException {
        Stopped() {
            super(null, null, false, false);
        }
    }

    static String finishReason(Finish finish) {
        return finish == Finish.LENGTH ? "length" : "stop_sequence";
    }

    static ObjectNode details(Result r) {
        ObjectNode d = Json.MAPPER.createObjectNode().put("finish_reason", finishReason(r.finish()));
        d.put("tokens", r.tokens());
        return d;
    }
}
