package org.rnn4j.interop.keras;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.rnn4j.io.FileFormatException;

/**
 * The layers of a Keras model config in the order data flows through them, for a {@code Sequential} model or a
 * {@code Functional} one that is a single line from its input to its output.
 *
 * <p>Each layer gets the path Keras 3's saving_lib gives its weights: the model's {@code layers} list is saved as a
 * container, each element under the snake_case of its class name, numbered from the second of a class on
 * ({@code lstm}, {@code lstm_1}), in the list's order: the config's order (a Sequential's list leaves out its
 * InputLayer, a Functional's keeps it; either way an InputLayer has no weights and shares no name).
 */
final class KerasGraph {
    /** Operations Keras 3 records in a Functional config to compute a mask; rnn4j computes masks itself. */
    private static final Set<String> MASK_OPERATIONS = Set.of("NotEqual", "Any");

    /** The chain: its layers after the input, and the input's shape without the batch axis (null when unknown). */
    record Chain(List<KerasLayer> layers, JsonNode inputShape, String inputDtype) {
    }

    private KerasGraph() {
    }

    static Chain of(Path file, JsonNode model) {
        String className = model.path("class_name").asText("");
        JsonNode config = model.path("config");
        JsonNode layers = config.path("layers");
        if (!layers.isArray()) {
            throw new FileFormatException(file, "model config of class '" + className + "' has no list of layers:"
                    + " rnn4j imports Sequential and Functional models");
        }
        List<KerasLayer> all = named(layers, !className.equals("Sequential"));
        return switch (className) {
            case "Sequential" -> sequential(file, all, config);
            case "Functional", "Model" -> functional(file, all, layers, config);
            default -> throw new FileFormatException(file, "model class '" + className
                    + "' is not supported: rnn4j imports Sequential and Functional models");
        };
    }

    private static List<KerasLayer> named(JsonNode layers, boolean countInputLayers) {
        Map<String, Integer> used = new HashMap<>();
        List<KerasLayer> out = new ArrayList<>();
        for (JsonNode layer : layers) {
            String className = layer.path("class_name").asText("");
            JsonNode config = layer.path("config");
            String name = config.path("name").asText(layer.path("name").asText(""));
            String path = null;
            if (countInputLayers || !className.equals("InputLayer")) {
                String base = snakeCase(className);
                Integer n = used.merge(base, 0, (a, b) -> a + 1);
                path = "layers/" + (n == 0 ? base : base + "_" + n);
            }
            out.add(new KerasLayer(name, className, config, path));
        }
        return out;
    }

    /** Keras's {@code naming.to_snake_case}: SimpleRNN → simple_rnn, TimeDistributed → time_distributed. */
    static String snakeCase(String name) {
        String s = name.replaceAll("\\W+", "");
        s = s.replaceAll("(.)([A-Z][a-z]+)", "$1_$2");
        return s.replaceAll("([a-z])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
    }

    private static Chain sequential(Path file, List<KerasLayer> all, JsonNode config) {
        JsonNode shape = config.path("build_input_shape");
        String dtype = null;
        List<KerasLayer> chain = new ArrayList<>();
        for (KerasLayer layer : all) {
            if (layer.className().equals("InputLayer")) {
                if (!chain.isEmpty()) {
                    throw new FileFormatException(file, layer.label() + " is not the first layer");
                }
                shape = batchShape(layer.config());
                dtype = layer.config().path("dtype").asText(null);
                continue;
            }
            if (chain.isEmpty() && batchShape(layer.config()) != null) {
                shape = batchShape(layer.config()); // tf.keras 2: the first layer's batch_input_shape
            }
            chain.add(layer);
        }
        return new Chain(chain, withoutBatch(shape), dtype);
    }

    private static JsonNode batchShape(JsonNode config) {
        for (String key : List.of("batch_shape", "batch_input_shape")) {
            if (config.path(key).isArray()) {
                return config.get(key);
            }
        }
        return null;
    }

    private static JsonNode withoutBatch(JsonNode shape) {
        if (shape == null || !shape.isArray() || shape.isEmpty()) {
            return null;
        }
        com.fasterxml.jackson.databind.node.ArrayNode rest = com.fasterxml.jackson.databind.node.JsonNodeFactory
                .instance.arrayNode();
        for (int i = 1; i < shape.size(); i++) {
            rest.add(shape.get(i));
        }
        return rest;
    }

    /** Walks back from the single output through each layer's first input to the single InputLayer. */
    private static Chain functional(Path file, List<KerasLayer> all, JsonNode layers, JsonNode config) {
        Map<String, KerasLayer> byName = new LinkedHashMap<>();
        Map<String, JsonNode> nodesByName = new HashMap<>();
        for (int i = 0; i < all.size(); i++) {
            byName.put(all.get(i).name(), all.get(i));
            nodesByName.put(all.get(i).name(), layers.get(i).path("inbound_nodes"));
        }
        String output = endpoint(file, config.path("output_layers"), "output");
        String input = endpoint(file, config.path("input_layers"), "input");
        List<KerasLayer> chain = new ArrayList<>();
        String at = output;
        while (!at.equals(input)) {
            KerasLayer layer = byName.get(at);
            if (layer == null) {
                throw new FileFormatException(file, "model config names a layer '" + at + "' that it does not define");
            }
            if (chain.size() > all.size()) {
                throw new FileFormatException(file, "model config has a cycle through " + layer.label());
            }
            chain.add(0, layer);
            at = mainInput(file, layer, nodesByName.get(at));
        }
        KerasLayer inputLayer = byName.get(input);
        if (inputLayer == null || !inputLayer.className().equals("InputLayer")) {
            throw new FileFormatException(file, "model input '" + input + "' is not an InputLayer");
        }
        for (KerasLayer layer : all) {
            if (layer != inputLayer && !chain.contains(layer) && !MASK_OPERATIONS.contains(layer.className())) {
                throw new FileFormatException(file, layer.label() + " is off the model's line from input to output:"
                        + " rnn4j imports models that are a single chain of layers");
            }
        }
        return new Chain(chain, withoutBatch(batchShape(inputLayer.config())),
                inputLayer.config().path("dtype").asText(null));
    }

    /** The one layer of {@code input_layers} / {@code output_layers}: [name, 0, 0] or [[name, 0, 0]]. */
    private static String endpoint(Path file, JsonNode list, String what) {
        JsonNode one = list;
        if (list.isArray() && list.size() == 1 && list.get(0).isArray()) {
            one = list.get(0);
        }
        if (!one.isArray() || one.isEmpty() || !one.get(0).isTextual() || (list.size() > 1 && list.get(0).isArray())) {
            throw new FileFormatException(file, "model has more than one " + what + " (or none): rnn4j imports"
                    + " models with one input and one output");
        }
        return one.get(0).asText();
    }

    /**
     * The layer feeding this one: the only Keras tensor among its call's positional arguments (Keras 3:
     * {@code {"args": [{"class_name": "__keras_tensor__", "config": {"keras_history": [name, 0, 0]}}]}}; tf.keras 2:
     * {@code [[[name, 0, 0, {}]]]}). A mask passed as a keyword argument is not followed: rnn4j computes masks itself.
     */
    private static String mainInput(Path file, KerasLayer layer, JsonNode inbound) {
        if (inbound == null || !inbound.isArray() || inbound.size() != 1) {
            throw new FileFormatException(file, layer.label() + " is called " + (inbound == null ? 0 : inbound.size())
                    + " times in the model: rnn4j imports models whose layers are each used once");
        }
        JsonNode node = inbound.get(0);
        List<String> sources = new ArrayList<>();
        if (node.isObject()) {
            for (JsonNode arg : node.path("args")) {
                collectTensors(arg, sources);
            }
        } else if (node.isArray()) {
            for (JsonNode tensor : node) {
                if (tensor.isArray() && !tensor.isEmpty() && tensor.get(0).isTextual()) {
                    sources.add(tensor.get(0).asText());
                }
            }
        }
        if (sources.size() != 1) {
            throw new FileFormatException(file, layer.label() + " reads " + sources.size() + " inputs: rnn4j imports"
                    + " models that are a single chain of layers");
        }
        return sources.get(0);
    }

    private static void collectTensors(JsonNode arg, List<String> sources) {
        if (arg.isObject() && "__keras_tensor__".equals(arg.path("class_name").asText())) {
            sources.add(arg.path("config").path("keras_history").path(0).asText());
        } else if (arg.isArray()) {
            arg.forEach(a -> collectTensors(a, sources));
        }
    }
}
