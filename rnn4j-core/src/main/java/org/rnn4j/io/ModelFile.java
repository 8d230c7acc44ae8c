package org.rnn4j.io;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.rnn4j.nn.Parameter;
import org.rnn4j.nn.recurrent.CellType;
import org.rnn4j.nn.recurrent.RecurrentConfig;
import org.rnn4j.nn.recurrent.RecurrentLayer;
import org.rnn4j.tensor.Tensor;

/**
 * A recurrent model on disk: one {@code .safetensors} file whose tensors carry PyTorch's names and whose metadata
 * holds the architecture ({@code spec}), the provenance and a format version. Writing is atomic (temporary file,
 * then rename); reading checks every name, dtype and shape against the spec before it reads any data, and runs
 * no code from the file.
 *
 * <p>A plain PyTorch state_dict of one {@code nn.RNN}, {@code nn.LSTM} or {@code nn.GRU}, saved with
 * {@code safetensors.torch.save_file}, loads too: its architecture is inferred from the tensors.
 */
public final class ModelFile {
    public static final String FORMAT = "rnn4j";
    public static final String FORMAT_VERSION = "1";
    private static final ObjectMapper JSON = new ObjectMapper();

    private ModelFile() {
    }

    /** A model read from a file. */
    public record Loaded(RecurrentLayer layer, boolean importedFromPyTorch, Map<String, String> provenance) {
    }

    /** Options for files without an rnn4j spec. */
    public record ImportOptions(boolean relu) {
        public static final ImportOptions DEFAULT = new ImportOptions(false);
    }

    public static void save(Path file, RecurrentLayer layer, Provenance provenance) {
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        for (Parameter p : layer.parameters()) {
            tensors.put(p.name(), p.value());
        }
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put("format", FORMAT);
        metadata.put("format_version", FORMAT_VERSION);
        metadata.put("spec", specJson(layer.config()));
        metadata.put("provenance", provenanceJson(provenance));
        Safetensors.write(file, tensors, metadata);
    }

    public static Loaded load(Path file) {
        return load(file, ImportOptions.DEFAULT);
    }

    public static Loaded load(Path file, ImportOptions options) {
        SafetensorsHeader header = Safetensors.readHeader(file);
        Map<String, String> meta = header.metadata();
        RecurrentConfig config;
        String prefix = "";
        boolean biases = true;
        boolean imported = !FORMAT.equals(meta.get("format"));
        if (imported) {
            PyTorchStateDict.Inferred inferred = PyTorchStateDict.infer(file, header.tensors(), options.relu());
            config = inferred.config();
            prefix = inferred.prefix();
            biases = inferred.hasBiases();
        } else {
            if (!FORMAT_VERSION.equals(meta.get("format_version"))) {
                throw new FileFormatException(file, "format version " + meta.get("format_version")
                        + " is not supported by this rnn4j (which reads version " + FORMAT_VERSION + ")");
            }
            config = parseSpec(file, meta.get("spec"));
        }
        RecurrentLayer layer = new RecurrentLayer(config, new SplittableRandom(0));
        int expected = 0;
        for (Parameter p : layer.parameters()) {
            boolean isBias = p.name().startsWith("bias");
            SafetensorsHeader.Entry entry = header.tensors().get(prefix + p.name());
            if (entry == null && isBias && !biases) {
                p.value().zero(); // nn.RNN(bias=False): the same function with zero biases
                continue;
            }
            if (entry == null) {
                throw new FileFormatException(file, "tensor '" + prefix + p.name() + "' is missing for "
                        + layer.describe());
            }
            if (!Arrays.equals(entry.shape(), p.value().shape())) {
                throw FileFormatException.forTensor(file, prefix + p.name(), "has shape "
                        + org.rnn4j.tensor.Shapes.format(entry.shape()) + ", expected " + p.value().shapeString()
                        + " for " + layer.describe());
            }
            expected++;
        }
        if (header.tensors().size() != expected) {
            java.util.Set<String> extra = new java.util.TreeSet<>(header.tensors().keySet());
            for (Parameter p : layer.parameters()) {
                extra.remove(prefix + p.name());
            }
            throw new FileFormatException(file, "holds tensors that " + layer.describe() + " does not have: "
                    + String.join(", ", extra));
        }
        Map<String, Tensor> tensors = Safetensors.read(file).tensors();
        for (Parameter p : layer.parameters()) {
            Tensor value = tensors.get(prefix + p.name());
            if (value != null) {
                if (value.hasNonFinite()) {
                    throw FileFormatException.forTensor(file, prefix + p.name(), "contains NaN or infinite values");
                }
                p.value().copyFrom(value);
            }
        }
        Map<String, String> provenance = new LinkedHashMap<>();
        if (!imported && meta.get("provenance") != null) {
            try {
                JSON.readTree(meta.get("provenance")).fields()
                        .forEachRemaining(e -> provenance.put(e.getKey(), e.getValue().asText()));
            } catch (JsonProcessingException e) {
                throw new FileFormatException(file, "provenance metadata is not valid JSON: " + e.getOriginalMessage());
            }
        }
        return new Loaded(layer, imported, provenance);
    }

    static String specJson(RecurrentConfig c) {
        ObjectNode spec = JSON.createObjectNode();
        spec.put("type", "recurrent");
        spec.put("cell", c.cell().id());
        spec.put("input_size", c.inputSize());
        spec.put("hidden_size", c.hiddenSize());
        spec.put("num_layers", c.numLayers());
        spec.put("bidirectional", c.bidirectional());
        spec.put("dropout", c.dropout());
        if (c.projSize() > 0) { // only then: the files of every other model keep their bytes
            spec.put("proj_size", c.projSize());
        }
        return spec.toString();
    }

    static String provenanceJson(Provenance p) {
        ObjectNode node = JSON.createObjectNode();
        if (p.rnn4jVersion() != null) {
            node.put("rnn4j_version", p.rnn4jVersion());
        }
        if (p.created() != null) {
            node.put("created", p.created());
        }
        if (p.seed() != null) {
            node.put("seed", p.seed());
        }
        if (p.dataSha256() != null) {
            node.put("data_sha256", p.dataSha256());
        }
        if (p.command() != null) {
            node.put("command", p.command());
        }
        return node.toString();
    }

    static RecurrentConfig parseSpec(Path file, String text) {
        if (text == null) {
            throw new FileFormatException(file, "metadata has no 'spec': the architecture is unknown");
        }
        try {
            JsonNode spec = JSON.readTree(text);
            if (!"recurrent".equals(spec.path("type").asText())) {
                throw new FileFormatException(file, "spec type '" + spec.path("type").asText()
                        + "' is not a recurrent model");
            }
            return new RecurrentConfig(CellType.fromId(field(file, spec, "cell").asText()),
                    intField(file, spec, "input_size"), intField(file, spec, "hidden_size"),
                    intField(file, spec, "num_layers"), booleanField(file, spec, "bidirectional"),
                    (float) spec.path("dropout").asDouble(0), projSize(file, spec));
        } catch (JsonProcessingException e) {
            throw new FileFormatException(file, "spec metadata is not valid JSON: " + e.getOriginalMessage());
        } catch (IllegalArgumentException e) {
            throw new FileFormatException(file, "spec is invalid: " + e.getMessage());
        }
    }

    /** {@code proj_size}: 0 (none, PyTorch's default) when the spec has none, as every file written before it. */
    private static int projSize(Path file, JsonNode spec) {
        JsonNode n = spec.get("proj_size");
        return n == null || n.isNull() ? 0 : intField(file, spec, "proj_size");
    }

    private static int intField(Path file, JsonNode spec, String name) {
        JsonNode n = field(file, spec, name);
        if (!n.isInt()) {
            throw new FileFormatException(file, "spec field '" + name + "' must be a whole number, got " + n);
        }
        return n.asInt();
    }

    private static boolean booleanField(Path file, JsonNode spec, String name) {
        JsonNode n = field(file, spec, name);
        if (!n.isBoolean()) {
            throw new FileFormatException(file, "spec field '" + name + "' must be true or false, got " + n);
        }
        return n.asBoolean();
    }

    private static JsonNode field(Path file, JsonNode spec, String name) {
        JsonNode n = spec.get(name);
        if (n == null || n.isNull()) {
            throw new FileFormatException(file, "spec has no '" + name + "'");
        }
        return n;
    }
}
