package org.rnn4j.serve;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import org.rnn4j.models.TokenSequenceModel;
import org.rnn4j.nn.recurrent.CellType;
import org.rnn4j.nn.recurrent.StepActivations;
import org.rnn4j.tensor.Tensor;
import org.rnn4j.text.LanguageModel;
import org.rnn4j.text.UnknownTokenException;
import org.rnn4j.text.Vocabulary;

/**
 * The web app's Inside view of a language model: for a text, every layer's states and gates at every token, and the
 * model's five best guesses for the token after each one. Activations and guesses come from one forward pass
 * ({@link StepActivations}): the logits are computed from the very output whose gates are shown.
 *
 * <p>The answer holds T × H floats per state and gate (six of them per LSTM layer), so the text is bounded by
 * {@link #MAX_TOKENS}: 300 tokens of a 2-layer, 256-unit LSTM are about 10 MB of JSON.
 */
final class InsideView {
    static final int MAX_TOKENS = 300;
    static final int GUESSES = 5;

    private InsideView() {
    }

    /** The names of a cell's state tensors, in the order of its state's tensors. */
    static List<String> stateNames(CellType cell) {
        return cell == CellType.LSTM ? List.of("h", "c") : List.of("h");
    }

    /** The names of a cell's gate blocks, in PyTorch's order; none for a simple RNN, whose one block is h. */
    static List<String> gateNames(CellType cell) {
        return switch (cell) {
            case LSTM -> List.of("i", "f", "g", "o");
            case GRU, GRU_RESET_BEFORE -> List.of("r", "z", "n");
            case RNN_TANH, RNN_RELU -> List.of();
        };
    }

    /** What the view can show of this model: its layers, their states and gates, and the longest text. */
    static ObjectNode describe(LanguageServedModel served) {
        ObjectNode node = Json.MAPPER.createObjectNode().put("model_name", served.name()).put("max_tokens",
                MAX_TOKENS).put("next_guesses", GUESSES);
        var config = served.model().network().recurrent().config();
        ArrayNode layers = node.putArray("layers");
        for (int l = 0; l < config.numLayers(); l++) {
            ObjectNode layer = layers.addObject().put("layer", l).put("cell", config.cell().id())
                    .put("hidden", config.hiddenSize());
            stateNames(config.cell()).forEach(layer.putArray("states")::add);
            gateNames(config.cell()).forEach(layer.putArray("gates")::add);
        }
        return node;
    }

    /** {"text": ...} → tokens, layers[l].values[name] (T × width), next[t] (the guesses after token t). */
    static ObjectNode run(LanguageServedModel served, ObjectNode request) {
        LanguageModel model = served.model();
        String text = Json.requiredString(request, "text");
        List<String> tokens = model.tokenizer().split(text);
        if (tokens.isEmpty()) {
            throw ApiException.badRequest("text: empty; type at least one " + model.vocabulary().unit().noun());
        }
        if (tokens.size() > MAX_TOKENS) {
            throw ApiException.badRequest("text: " + tokens.size() + " " + model.vocabulary().unit().noun()
                    + "s; the Inside view reads at most " + MAX_TOKENS);
        }
        int[] ids;
        try {
            ids = model.encode(text);
        } catch (UnknownTokenException e) {
            throw ApiException.badRequest("text: " + e.getMessage());
        }
        TokenSequenceModel network = model.network();
        int steps = ids.length;
        Tensor x = network.embedding().forward(ids, 1, steps);                          // (1, T, E)
        StepActivations.Recorded recorded = StepActivations.record(network.recurrent(), x, null);
        Tensor logits = network.head().forward(recorded.output().sequence());          // (1, T, V)

        ObjectNode node = Json.MAPPER.createObjectNode().put("model_name", served.name());
        ArrayNode tokenList = node.putArray("tokens");
        if (tokens.size() == steps) {
            tokens.forEach(tokenList::add);
        } else {
            for (int id : ids) { // a tokenizer that merges or splits what split() gave: show what the model read
                tokenList.add(model.vocabulary().token(id));
            }
        }
        ArrayNode layers = node.putArray("layers");
        for (int l = 0; l < recorded.layers().size(); l++) {
            StepActivations.Layer layer = recorded.layers().get(l);
            ObjectNode layerNode = layers.addObject().put("layer", l).put("cell", layer.cell().id())
                    .put("hidden", layer.hiddenSize());
            ObjectNode values = layerNode.putObject("values");
            List<String> states = stateNames(layer.cell());
            for (int k = 0; k < states.size(); k++) {
                values.set(states.get(k), matrix(layer.states().get(k), 0, layer.states().get(k).dim(1)));
            }
            List<String> gates = gateNames(layer.cell());
            for (int g = 0; g < gates.size(); g++) {
                values.set(gates.get(g), matrix(layer.gates(), g * layer.hiddenSize(), layer.hiddenSize()));
            }
        }
        ArrayNode next = node.putArray("next");
        int vocabulary = logits.dim(2);
        float[] all = logits.toArray();
        for (int t = 0; t < steps; t++) {
            next.add(guesses(model.vocabulary(), all, t * vocabulary, vocabulary));
        }
        return node;
    }

    /** Columns [from, from + width) of a (T, ·) tensor, as T arrays. */
    private static ArrayNode matrix(Tensor rows, int from, int width) {
        ArrayNode out = Json.MAPPER.createArrayNode();
        int stride = rows.dim(1);
        for (int t = 0; t < rows.dim(0); t++) {
            ArrayNode row = out.addArray();
            for (int j = 0; j < width; j++) {
                row.add(rows.get(t * stride + from + j));
            }
        }
        return out;
    }

    /**
     * The {@link #GUESSES} most probable next tokens: softmax over the ordinary tokens (padding, start, end and
     * unknown are masked, as in generation), p_k = exp(z_k − max z) / Σ_j exp(z_j − max z).
     */
    private static ArrayNode guesses(Vocabulary vocabulary, float[] logits, int offset, int size) {
        double max = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < size; k++) {
            if (!vocabulary.isSpecial(k)) {
                max = Math.max(max, logits[offset + k]);
            }
        }
        double[] p = new double[size];
        double sum = 0;
        for (int k = 0; k < size; k++) {
            p[k] = vocabulary.isSpecial(k) ? 0 : Math.exp(logits[offset + k] - max);
            sum += p[k];
        }
        List<Integer> order = new ArrayList<>();
        for (int k = 0; k < size; k++) {
            order.add(k);
        }
        order.sort((a, b) -> Double.compare(p[b], p[a]));
        ArrayNode out = Json.MAPPER.createArrayNode();
        for (int k : order.subList(0, Math.min(GUESSES, size))) {
            out.addObject().put("token", vocabulary.token(k)).put("probability", (float) (p[k] / sum));
        }
        return out;
    }
}
