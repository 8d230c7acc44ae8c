package org.rnn4j.serve;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A model the server holds under a name, loaded before the server reports ready. What it can do depends on its kind:
 * a recurrent model (a layer, a chain, an ONNX graph) answers Open Inference Protocol {@code infer}; a language model
 * {@code generate}; a classifier, translator or forecaster its own route. A route the model cannot serve is a 400 that
 * says which route it can.
 *
 * <p>Models are used by several request threads at once: rnn4j's layers keep nothing of a forward pass in their
 * fields (see DESIGN.md), so inference needs no lock.
 */
public abstract class ServedModel {
    /** An input or output of the model's metadata: -1 in a shape is a size the request chooses. */
    record Port(String name, String datatype, int... shape) {
        ObjectNode toJson() {
            ObjectNode node = Json.MAPPER.createObjectNode().put("name", name).put("datatype", datatype);
            ArrayNode dims = node.putArray("shape");
            for (int d : shape) {
                dims.add(d);
            }
            return node;
        }
    }

    private final String name;
    private final Path file;

    ServedModel(String name, Path file) {
        this.name = name;
        this.file = file;
    }

    public String name() {
        return name;
    }

    public Path file() {
        return file;
    }

    /** "recurrent model", "language model", ...: what messages call it. */
    abstract String kind();

    /** The start-up line after the name, e.g. "Lstm(input 4, hidden 6) from lstm.safetensors". */
    public abstract String describe();

    /** The routes that run this model, for the message of a route that does not. */
    abstract String routes();

    abstract List<Port> inputs();

    abstract List<Port> outputs();

    /** OIP model metadata: name, versions, platform, inputs and outputs. */
    ObjectNode metadata() {
        ObjectNode node = Json.MAPPER.createObjectNode().put("name", name);
        node.putArray("versions").add("1");
        node.put("platform", "rnn4j");
        node.put("kind", kind());
        ArrayNode in = node.putArray("inputs");
        inputs().forEach(p -> in.add(p.toJson()));
        ArrayNode out = node.putArray("outputs");
        outputs().forEach(p -> out.add(p.toJson()));
        return node;
    }

    /** Whether {@link #infer} runs this model (a recurrent layer, a chain or an ONNX graph). */
    boolean infers() {
        return false;
    }

    /**
     * Runs OIP {@code infer} on the tensors of a request, by input name.
     *
     * @return the output tensors, by name, in the order of {@link #outputs()}
     */
    Map<String, org.rnn4j.tensor.Tensor> infer(Map<String, InferTensor> inputs) {
        throw unsupported("infer");
    }

    /** A refusal naming what this model is and the routes it has. */
    ApiException unsupported(String route) {
        return ApiException.badRequest("model '" + name + "' is a " + kind() + ", which " + route + " does not run;"
                + " use " + routes());
    }

    /** Reads the "inputs" of an OIP request by name, refusing names this model does not take and duplicates. */
    Map<String, InferTensor> readInputs(JsonNode request) {
        JsonNode inputs = request.get("inputs");
        if (inputs == null || !inputs.isArray() || inputs.isEmpty()) {
            throw ApiException.badRequest("inputs: expected a non-empty array of tensors, got " + Json.kind(inputs));
        }
        List<String> known = new ArrayList<>();
        inputs().forEach(p -> known.add(p.name()));
        Map<String, InferTensor> byName = new LinkedHashMap<>();
        for (int i = 0; i < inputs.size(); i++) {
            InferTensor t = InferTensor.read(inputs.get(i), i);
            if (!known.contains(t.name())) {
                throw ApiException.badRequest("inputs[" + i + "].name: model '" + name + "' has no input '"
                        + t.name() + "'; it takes " + String.join(", ", known));
            }
            if (byName.put(t.name(), t) != null) {
                throw ApiException.badRequest("inputs[" + i + "].name: '" + t.name() + "' is given twice");
            }
        }
        return byName;
    }

    /** The input named {@code name}, which the model needs. */
    static InferTensor required(Map<String, InferTensor> inputs, String name) {
        InferTensor t = inputs.get(name);
        if (t == null) {
            throw ApiException.badRequest("inputs: no tensor named '" + name + "', which the model needs");
        }
        return t;
    }

    /** Refuses a tensor that is not (B, T, F) with this F, or is empty. */
    static void requireSequence(InferTensor x, int features) {
        int[] s = x.shape();
        if (s.length != 3 || s[2] != features) {
            throw ApiException.badRequest(x.where() + ".shape: expected (B, T, " + features + "), got "
                    + java.util.Arrays.toString(s));
        }
        if (s[0] == 0 || s[1] == 0) {
            throw ApiException.badRequest(x.where() + ".shape: " + java.util.Arrays.toString(s)
                    + " is empty; expected at least one row (B) and one time step (T)");
        }
    }
}
