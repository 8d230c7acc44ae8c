package org.rnn4j.models.chain;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.rnn4j.io.ApplicationModelFile;
import org.rnn4j.io.FileFormatException;
import org.rnn4j.io.Provenance;
import org.rnn4j.io.SpecJson;
import org.rnn4j.nn.Parameter;
import org.rnn4j.tensor.ShapeException;
import org.rnn4j.tensor.Tensor;

/**
 * A model that is a straight line of layers, for inference: what a Keras {@code Sequential} model (or a Functional
 * one without branches) of Embedding, Masking, recurrent, Dense, TimeDistributed(Dense) and Dropout layers is.
 *
 * <pre>
 *   LayerChain chain = LayerChain.load(Path.of("model.safetensors")).chain();
 *   Tensor y = chain.predict(x);   // x (B, T, F), or token ids (B, T) when the first stage is an Embedding
 * </pre>
 *
 * <p>Each stage's output feeds the next; a mask made by an Embedding with {@code mask_zero} or by a Masking stage
 * travels with the values to the recurrent stages, as in Keras. The recurrent maths is rnn4j's one time loop.
 * Parameters carry PyTorch's names prefixed with the stage's index, as {@code nn.Sequential}'s state_dict does:
 * {@code 0.weight}, {@code 1.weight_ih_l0}, {@code 2.bias}. The chain is checked when it is built: a stage that
 * cannot read what the one before gives is refused, naming both.
 */
public final class LayerChain {
    /** The spec type of a chain's model file. */
    public static final String TYPE = "layer_chain";
    /** The metadata entry that says where an imported chain came from (format, version, file). */
    public static final String ORIGIN = "origin";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final int inputSize;
    private final List<Stage> stages;
    private final Signature output;

    /**
     * @param inputSize F of a (B, T, F) input, or 0 when the first stage is an Embedding and the input is token ids
     */
    public LayerChain(int inputSize, List<Stage> stages) {
        if (stages.isEmpty()) {
            throw new IllegalArgumentException("a layer chain needs at least one stage");
        }
        if (inputSize < 0) {
            throw new IllegalArgumentException("input size must be at least 1 (0 for token ids), got " + inputSize);
        }
        this.inputSize = inputSize;
        this.stages = List.copyOf(stages);
        Signature at = inputSignature();
        for (int i = 0; i < this.stages.size(); i++) {
            try {
                at = this.stages.get(i).output(at);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("stage " + i + ": " + e.getMessage(), e);
            }
        }
        this.output = at;
    }

    public List<Stage> stages() {
        return stages;
    }

    /** Whether the input is token ids (B, T) for a first Embedding stage. */
    public boolean takesTokens() {
        return inputSize == 0;
    }

    /** F, or 0 for token ids. */
    public int inputSize() {
        return inputSize;
    }

    public Signature inputSignature() {
        return takesTokens() ? Signature.tokenIds() : Signature.sequenceOf(inputSize);
    }

    /** What {@link #predict} returns: (B, T, width) or (B, width). */
    public Signature outputSignature() {
        return output;
    }

    /**
     * Runs the chain.
     *
     * @param x (B, T, F) features, or (B, T) token ids (whole numbers) when {@link #takesTokens()}
     * @return (B, T, out) or (B, out), as the last stage gives it
     */
    public Tensor predict(Tensor x) {
        boolean fits = takesTokens() ? x.rank() == 2 : x.rank() == 3 && x.dim(2) == inputSize;
        if (!fits) {
            throw new ShapeException("the model reads " + inputSignature() + ", got " + x.shapeString());
        }
        Flow flow = new Flow(x, null);
        for (Stage stage : stages) {
            flow = stage.forward(flow);
        }
        return flow.values();
    }

    /** Every parameter, named {@code <stage index>.<PyTorch name>}; the tensors are the stages' own. */
    public List<Parameter> parameters() {
        List<Parameter> all = new ArrayList<>();
        for (int i = 0; i < stages.size(); i++) {
            for (Parameter p : stages.get(i).parameters()) {
                all.add(new Parameter(i + "." + p.name(), p.value(), p.grad()));
            }
        }
        return all;
    }

    public long parameterCount() {
        return parameters().stream().mapToLong(Parameter::size).sum();
    }

    /** The spec a model file holds: {@code type}, {@code input_size} and the stages' specs in order. */
    public ObjectNode spec() {
        ObjectNode spec = ApplicationModelFile.newSpec(TYPE);
        spec.put("input_size", inputSize);
        ArrayNode list = spec.putArray("stages");
        for (Stage stage : stages) {
            list.add(SpecJson.write(stage.type(), stage.spec()));
        }
        return spec;
    }

    /** A chain of this spec with placeholder weights, for a reader to fill. */
    public static LayerChain fromSpec(JsonNode spec) {
        JsonNode list = spec.get("stages");
        if (list == null || !list.isArray()) {
            throw new IllegalArgumentException("spec field 'stages' must be a list of stages");
        }
        List<Stage> stages = new ArrayList<>();
        for (JsonNode node : list) {
            String type = node.path("type").asText("");
            stages.add(switch (type) {
                case "embedding" -> new EmbeddingStage(SpecJson.read(node, EmbeddingStage.Spec.class));
                case "masking" -> new MaskingStage(SpecJson.read(node, MaskingStage.Spec.class));
                case "recurrent" -> new RecurrentStage(SpecJson.read(node, RecurrentStage.Spec.class));
                case "dense" -> new DenseStage(SpecJson.read(node, DenseStage.Spec.class));
                case "dropout" -> new DropoutStage(SpecJson.read(node, DropoutStage.Spec.class));
                default -> throw new IllegalArgumentException("stage " + stages.size() + " has an unknown type '"
                        + type + "': expected embedding, masking, recurrent, dense or dropout");
            });
        }
        JsonNode input = spec.get("input_size");
        if (input == null || !input.isInt()) {
            throw new IllegalArgumentException("spec field 'input_size' must be a whole number, got " + input);
        }
        return new LayerChain(input.asInt(), stages);
    }

    /**
     * Writes the chain atomically as an rnn4j model file.
     *
     * @param origin where an imported chain came from (e.g. {@code source_format}, {@code keras_version},
     *               {@code source_file}), stored as the {@value #ORIGIN} metadata entry; empty for none
     */
    public void save(Path file, Provenance provenance, Map<String, String> origin) {
        Map<String, String> entries = new LinkedHashMap<>();
        if (!origin.isEmpty()) {
            entries.put(ORIGIN, JSON.valueToTree(origin).toString());
        }
        ApplicationModelFile.save(file, spec(), entries, parameters(), provenance);
    }

    /** A chain read from its file, with the file's provenance and origin. */
    public record Loaded(LayerChain chain, Map<String, String> provenance, Map<String, String> origin) {
    }

    /** Reads a chain written by {@link #save}, checking every stage, name and shape before the weights. */
    public static Loaded load(Path file) {
        return read(ApplicationModelFile.open(file, TYPE));
    }

    /** Reads a chain from a header {@link ApplicationModelFile#open} has checked. */
    public static Loaded read(ApplicationModelFile.Header header) {
        LayerChain chain;
        try {
            chain = fromSpec(header.spec());
        } catch (IllegalArgumentException e) {
            throw new FileFormatException(header.file(), "invalid layer chain: " + e.getMessage(), e);
        }
        header.loadInto(chain.parameters());
        Map<String, String> origin = new LinkedHashMap<>();
        String text = header.metadata().get(ORIGIN);
        if (text != null) {
            try {
                JSON.readTree(text).fields().forEachRemaining(e -> origin.put(e.getKey(), e.getValue().asText()));
            } catch (JsonProcessingException e) {
                throw new FileFormatException(header.file(), "origin metadata is not valid JSON: "
                        + e.getOriginalMessage());
            }
        }
        return new Loaded(chain, header.provenance(), origin);
    }

    /** One line per stage: "1  LSTM(5), sequences  (B, T, 5)  220 parameters". */
    public List<String> describe() {
        List<String> lines = new ArrayList<>();
        Signature at = inputSignature();
        lines.add("input  " + at);
        for (int i = 0; i < stages.size(); i++) {
            Stage stage = stages.get(i);
            at = stage.output(at);
            long count = stage.parameters().stream().mapToLong(Parameter::size).sum();
            lines.add(i + "  " + stage.describe() + "  -> " + at + (count == 0 ? "" : "  " + count + " parameters"));
        }
        return lines;
    }
}
