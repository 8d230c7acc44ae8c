package org.rnn4j.serve;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.rnn4j.models.TokenSequenceModel;
import org.rnn4j.nn.recurrent.RecurrentLayer;
import org.rnn4j.nn.recurrent.RecurrentOutput;
import org.rnn4j.nn.recurrent.RecurrentState;
import org.rnn4j.tensor.Tensor;
import org.rnn4j.tensor.Workspace;
import org.rnn4j.text.LanguageModel;

/**
 * Stateful sessions: a client feeds a stream piece by piece (sensor readings, tokens) and the recurrent state is
 * kept here between pieces, so that the outputs are those of one long call over the whole stream. ONNX Runtime and
 * the Python servers have no such thing: a client there must send the state back and forth, or the whole history.
 *
 * <p>Bounded: at most {@code max} sessions (a new one beyond is a 429), each closed after {@code idle} unused; a
 * session holds its state only (L·D·B·H floats, twice for an LSTM), with B at most {@link #MAX_BATCH}.
 */
final class Sessions {
    static final int MAX_BATCH = 64;
    private static final SecureRandom IDS = new SecureRandom();

    /** One stream's state, used by one request at a time (its steps are serialised on the session). */
    static final class Session {
        final String id;
        final ServedModel model;
        final int batch;
        final List<RecurrentState> state;
        volatile long lastUsedNanos = System.nanoTime();
        long steps;

        Session(String id, ServedModel model, int batch, List<RecurrentState> state) {
            this.id = id;
            this.model = model;
            this.batch = batch;
            this.state = state;
        }
    }

    private final Map<String, Session> open = new ConcurrentHashMap<>();
    private final int max;
    private final long idleNanos;

    Sessions(int max, Duration idle) {
        this.max = max;
        this.idleNanos = idle.toNanos();
    }

    int size() {
        return open.size();
    }

    Session open(ServedModel model, JsonNode body) {
        int batch = (int) Json.integer(body, "batch", 1, 1, MAX_BATCH);
        List<RecurrentState> state;
        if (model instanceof RecurrentServedModel r) {
            if (r.layer().config().bidirectional()) {
                throw ApiException.badRequest("model '" + model.name() + "' is bidirectional: its backward"
                        + " direction reads each sequence from its end, which a session fed piece by piece never"
                        + " reaches; use POST /v2/models/" + model.name() + "/infer with the whole sequence");
            }
            state = r.layer().zeroStates(batch);
        } else if (model instanceof LanguageServedModel lm) {
            if (batch != 1) {
                throw ApiException.badRequest("batch: a language model's session is one stream of text, got "
                        + batch);
            }
            state = lm.model().network().zeroStates(1);
        } else {
            throw model.unsupported("sessions");
        }
        sweep();
        if (open.size() >= max) {
            throw new ApiException(429, "too many open sessions (" + max + "); close one with DELETE, or wait for"
                    + " idle ones to expire");
        }
        byte[] bytes = new byte[16];
        IDS.nextBytes(bytes);
        Session session = new Session(HexFormat.of().formatHex(bytes), model, batch, state);
        open.put(session.id, session);
        return session;
    }

    Session get(String modelName, String id) {
        Session s = open.get(id);
        if (s != null && System.nanoTime() - s.lastUsedNanos > idleNanos) {
            open.remove(id); // expired, and the sweeper has not come by yet
            s = null;
        }
        if (s == null || !s.model.name().equals(modelName)) {
            throw ApiException.notFound("no session '" + id + "' of model '" + modelName + "' (closed, expired or"
                    + " never opened)");
        }
        s.lastUsedNanos = System.nanoTime();
        return s;
    }

    void close(String modelName, String id) {
        open.remove(get(modelName, id).id);
    }

    /** Closes the sessions idle for longer than the limit. */
    void sweep() {
        long now = System.nanoTime();
        open.values().removeIf(s -> now - s.lastUsedNanos > idleNanos);
    }

    /** Feeds the next steps to a session and returns what its model outputs for them. */
    ObjectNode step(Session s, JsonNode body) {
        synchronized (s) {
            ObjectNode out = s.model instanceof RecurrentServedModel r ? stepLayer(s, r.layer(), body)
                    : stepLanguage(s, ((LanguageServedModel) s.model).model(), body);
            s.lastUsedNanos = System.nanoTime();
            return out.put("session", s.id).put("steps", s.steps);
        }
    }

    /** {"input": (T, F) for a batch of 1, or (B, T, F)} -> {"output": the same rank, D·H wide}. */
    private ObjectNode stepLayer(Session s, RecurrentLayer layer, JsonNode body) {
        JsonNode input = body.get("input");
        if (input == null || !input.isArray() || input.isEmpty()) {
            throw ApiException.badRequest("input: expected the next steps, [[f, ...], ...] (T, F) or (B, T, F),"
                    + " got " + Json.kind(input));
        }
        boolean batched = input.get(0).isArray() && input.get(0).size() > 0 && input.get(0).get(0).isArray();
        int[] shape = batched ? new int[] {input.size(), input.get(0).size(), layer.inputSize()}
                : new int[] {1, input.size(), layer.inputSize()};
        if (shape[0] != s.batch) {
            throw ApiException.badRequest("input: " + shape[0] + " rows, but the session was opened with batch "
                    + s.batch);
        }
        ObjectNode tensor = Json.MAPPER.createObjectNode().put("name", "input").put("datatype", "FP32");
        ArrayNode dims = tensor.putArray("shape");
        for (int d : shape) {
            dims.add(d);
        }
        tensor.set("data", input);
        InferTensor x;
        try {
            x = InferTensor.read(tensor, 0);
        } catch (ApiException e) {
            throw ApiException.badRequest(e.getMessage().replace("inputs[0].data", "input") + " (each step has "
                    + layer.inputSize() + " features)");
        }
        int steps = shape[1];
        float[] values;
        try (Workspace.Scope scope = Workspace.scope()) {
            RecurrentOutput result = layer.infer(x.toTensor(), null, s.state);
            values = result.sequence().toArray();
            carry(result.finalStates(), s.state);
        }
        s.steps += steps;
        ObjectNode out = Json.MAPPER.createObjectNode();
        out.set("output", nested(values, batched ? s.batch : 0, steps, layer.outputSize()));
        return out;
    }

    /** {"tokens": [id, ...]} or {"text": "..."} -> the next token's probabilities after them, and the top 5. */
    private ObjectNode stepLanguage(Session s, LanguageModel lm, JsonNode body) {
        int[] ids;
        if (body.has("text")) {
            ids = lm.encode(Json.requiredString(body, "text"));
        } else {
            JsonNode tokens = body.get("tokens");
            if (tokens == null || !tokens.isArray() || tokens.isEmpty()) {
                throw ApiException.badRequest("tokens: expected the next token ids [id, ...] (or \"text\"), got "
                        + Json.kind(tokens));
            }
            ids = new int[tokens.size()];
            for (int i = 0; i < ids.length; i++) {
                JsonNode t = tokens.get(i);
                if (!t.isIntegralNumber() || t.asLong() < 0 || t.asLong() >= lm.vocabulary().size()) {
                    throw ApiException.badRequest("tokens[" + i + "]: expected a token id in 0.."
                            + (lm.vocabulary().size() - 1) + ", got " + Json.kind(t));
                }
                ids[i] = t.asInt();
            }
        }
        if (ids.length == 0) {
            throw ApiException.badRequest("text: encodes to no tokens");
        }
        float[] last;
        try (Workspace.Scope scope = Workspace.scope()) {
            TokenSequenceModel.Trace trace = lm.network().infer(ids, 1, ids.length, null, s.state);
            Tensor logits = trace.logits();
            int v = logits.dim(2);
            float[] all = logits.toArray();
            last = java.util.Arrays.copyOfRange(all, all.length - v, all.length);
            carry(trace.finalStates(), s.state);
        }
        s.steps += ids.length;
        double[] p = softmax(last);
        ObjectNode out = Json.MAPPER.createObjectNode();
        ArrayNode logits = out.putArray("logits");
        for (float x : last) {
            logits.add(x);
        }
        ArrayNode top = out.putArray("top");
        Integer[] order = new Integer[p.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(order, (a, b) -> Double.compare(p[b], p[a]));
        for (int k = 0; k < Math.min(5, order.length); k++) {
            top.addObject().put("id", order[k]).put("token", lm.vocabulary().token(order[k])).put("p", p[order[k]]);
        }
        return out;
    }

    private static double[] softmax(float[] logits) {
        double max = Double.NEGATIVE_INFINITY;
        for (float x : logits) {
            max = Math.max(max, x);
        }
        double[] p = new double[logits.length];
        double sum = 0;
        for (int i = 0; i < p.length; i++) {
            p[i] = Math.exp(logits[i] - max);
            sum += p[i];
        }
        for (int i = 0; i < p.length; i++) {
            p[i] /= sum;
        }
        return p;
    }

    /** Copies the final states of a step into the session's own tensors (the step's are the scope's). */
    private static void carry(List<RecurrentState> from, List<RecurrentState> to) {
        for (int i = 0; i < to.size(); i++) {
            List<Tensor> src = from.get(i).tensors();
            List<Tensor> dst = to.get(i).tensors();
            for (int k = 0; k < dst.size(); k++) {
                dst.get(k).copyFrom(src.get(k));
            }
        }
    }

    /** (T, W) when batch is 0, else (B, T, W), as nested arrays. */
    private static ArrayNode nested(float[] values, int batch, int steps, int width) {
        ArrayNode out = Json.MAPPER.createArrayNode();
        int rows = Math.max(batch, 1);
        for (int b = 0; b < rows; b++) {
            ArrayNode seq = batch == 0 ? out : out.addArray();
            for (int t = 0; t < steps; t++) {
                ArrayNode step = seq.addArray();
                for (int w = 0; w < width; w++) {
                    step.add(values[(b * steps + t) * width + w]);
                }
            }
        }
        return out;
    }
}
