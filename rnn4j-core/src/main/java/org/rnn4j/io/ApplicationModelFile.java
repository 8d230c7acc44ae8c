package org.rnn4j.io;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.rnn4j.nn.Parameter;
import org.rnn4j.tensor.Shapes;
import org.rnn4j.tensor.Tensor;

/**
 * The file of an application model (a language model, a text classifier, a translator, a forecaster): one
 * safetensors file with the parameters under their names and, in the metadata, {@code format = rnn4j},
 * {@code format_version}, a JSON {@code spec} whose {@code type} says which application it is, the application's
 * own entries (its vocabulary, its scaler) and the provenance.
 *
 * <p>Reading is in two steps so that nothing is allocated for a file that does not fit: {@link #open} reads and
 * checks the header (format, version, type) and hands back the spec; the caller builds the model from the spec; then
 * {@link Header#loadInto} checks every parameter's name and shape against the file before it reads the data, and
 * refuses NaN or infinite weights. Nothing in the file is executed.
 */
public final class ApplicationModelFile {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ApplicationModelFile() {
    }

    /** A new, empty spec object of the given type, for the caller to fill. */
    public static ObjectNode newSpec(String type) {
        ObjectNode spec = JSON.createObjectNode();
        spec.put("type", type);
        return spec;
    }

    /**
     * Writes the model atomically.
     *
     * @param entries the application's own metadata (e.g. {@code vocabulary}), as strings
     */
    public static void save(Path file, ObjectNode spec, Map<String, String> entries, List<Parameter> parameters,
                            Provenance provenance) {
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        for (Parameter p : parameters) {
            if (tensors.put(p.name(), p.value()) != null) {
                throw new IllegalArgumentException("two parameters are named '" + p.name() + "'");
            }
        }
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put("format", ModelFile.FORMAT);
        metadata.put("format_version", ModelFile.FORMAT_VERSION);
        metadata.put("spec", spec.toString());
        metadata.putAll(entries);
        metadata.put("provenance", ModelFile.provenanceJson(provenance));
        Safetensors.write(file, tensors, metadata);
    }

    /** A checked header: the spec and the metadata, before any tensor data is read. */
    public record Header(Path file, String type, JsonNode spec, Map<String, String> metadata,
                         SafetensorsHeader safetensors) {

        /** The application entry {@code key} of the metadata, or an error naming the file and the key. */
        public String entry(String key) {
            String value = metadata.get(key);
            if (value == null) {
                throw new FileFormatException(file, "metadata has no '" + key + "', which a " + type
                        + " model needs");
            }
            return value;
        }

        /** The provenance, as written. */
        public Map<String, String> provenance() {
            Map<String, String> out = new LinkedHashMap<>();
            String text = metadata.get("provenance");
            if (text != null) {
                try {
                    JSON.readTree(text).fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asText()));
                } catch (JsonProcessingException e) {
                    throw new FileFormatException(file, "provenance metadata is not valid JSON: "
                            + e.getOriginalMessage());
                }
            }
            return out;
        }

        /** An int field of the spec, or an error naming the file and the field. */
        public int intField(String name) {
            JsonNode n = spec.get(name);
            if (n == null || !n.isInt()) {
                throw new FileFormatException(file, "spec field '" + name + "' must be a whole number, got " + n);
            }
            return n.asInt();
        }

        /** A text field of the spec, or an error naming the file and the field. */
        public String textField(String name) {
            JsonNode n = spec.get(name);
            if (n == null || !n.isTextual()) {
                throw new FileFormatException(file, "spec field '" + name + "' must be text, got " + n);
            }
            return n.asText();
        }

        /**
         * Copies the file's tensors into {@code parameters}, after checking that the file holds exactly these
         * names with these shapes.
         */
        public void loadInto(List<Parameter> parameters) {
            Set<String> extra = new TreeSet<>(safetensors.tensors().keySet());
            for (Parameter p : parameters) {
                SafetensorsHeader.Entry entry = safetensors.tensors().get(p.name());
                if (entry == null) {
                    throw new FileFormatException(file, "tensor '" + p.name() + "' is missing for this " + type
                            + " model");
                }
                if (!Arrays.equals(entry.shape(), p.value().shape())) {
                    throw FileFormatException.forTensor(file, p.name(), "has shape " + Shapes.format(entry.shape())
                            + ", expected " + p.value().shapeString() + " from the spec");
                }
                extra.remove(p.name());
            }
            if (!extra.isEmpty()) {
                throw new FileFormatException(file, "holds tensors this " + type + " model does not have: "
                        + String.join(", ", extra));
            }
            Map<String, Tensor> tensors = Safetensors.read(file).tensors();
            for (Parameter p : parameters) {
                Tensor value = tensors.get(p.name());
                if (value.hasNonFinite()) {
                    throw FileFormatException.forTensor(file, p.name(), "contains NaN or infinite values");
                }
                p.value().copyFrom(value);
            }
        }
    }

    /**
     * Reads and checks the header of an application model file.
     *
     * @param expectedType the application the caller can run (e.g. {@code language_model}); a file of another type
     *                     is refused with a message that names both
     */
    public static Header open(Path file, String expectedType) {
        Header header = open(file);
        if (!header.type().equals(expectedType)) {
            throw new FileFormatException(file, "is a " + label(header.type()) + ", not a " + label(expectedType));
        }
        return header;
    }

    /** "language model", "recurrent model", "translator model". */
    private static String label(String type) {
        return type.replace('_', ' ') + (type.endsWith("_model") ? "" : " model");
    }

    /** Reads and checks the header of any rnn4j model file. */
    public static Header open(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new FileFormatException(file, Files.isDirectory(file) ? "is a folder, not a model file"
                    : "no such model file");
        }
        SafetensorsHeader header = Safetensors.readHeader(file);
        Map<String, String> meta = header.metadata();
        if (!ModelFile.FORMAT.equals(meta.get("format"))) {
            throw new FileFormatException(file, "is not an rnn4j model (its metadata has no format 'rnn4j')");
        }
        if (!ModelFile.FORMAT_VERSION.equals(meta.get("format_version"))) {
            throw new FileFormatException(file, "format version " + meta.get("format_version")
                    + " is not supported by this rnn4j (which reads version " + ModelFile.FORMAT_VERSION + ")");
        }
        String text = meta.get("spec");
        if (text == null) {
            throw new FileFormatException(file, "metadata has no 'spec': the architecture is unknown");
        }
        JsonNode spec;
        try {
            spec = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new FileFormatException(file, "spec metadata is not valid JSON: " + e.getOriginalMessage());
        }
        String type = spec.path("type").asText("");
        if (type.isEmpty()) {
            throw new FileFormatException(file, "spec has no 'type'");
        }
        return new Header(file, type, spec, meta, header);
    }
}
