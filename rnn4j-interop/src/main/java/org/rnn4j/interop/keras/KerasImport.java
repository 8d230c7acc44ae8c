package org.rnn4j.interop.keras;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jhdf.HdfFile;
import io.jhdf.api.Attribute;
import io.jhdf.api.Group;
import io.jhdf.api.Node;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import org.rnn4j.interop.ModelFormat;
import org.rnn4j.io.FileFormatException;
import org.rnn4j.models.chain.LayerChain;
import org.rnn4j.models.chain.RecurrentStage;
import org.rnn4j.models.chain.Signature;
import org.rnn4j.models.chain.Stage;
import org.rnn4j.nn.recurrent.CellType;

/**
 * Reads a Keras model, a Keras 3 {@code .keras} archive or a legacy {@code .h5} file, as an rnn4j
 * {@link LayerChain} that gives {@code model.predict(x)}'s numbers.
 *
 * <pre>
 *   KerasImport.Imported model = KerasImport.read(Path.of("model.keras"));
 *   Tensor y = model.chain().predict(x);
 * </pre>
 *
 * <p>The model's config is walked layer by layer, each layer's weights found where Keras's own saving code puts
 * them (see {@link KerasWeights}) and checked against the shapes its config implies; a layer or option whose
 * numbers rnn4j cannot reproduce exactly ends the import with one line naming it.
 */
public final class KerasImport {
    private static final ObjectMapper JSON = new ObjectMapper();

    private KerasImport() {
    }

    /**
     * An imported model.
     *
     * @param origin where it came from, for the provenance of a converted file: {@code source_format}
     *               (keras or keras_h5), {@code source_file}, {@code keras_version}, {@code backend} when recorded,
     *               and {@code gru_variant} (reset_after or reset_before) when it has a GRU
     */
    public record Imported(LayerChain chain, Map<String, String> origin) {
    }

    public static Imported read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new FileFormatException(file, Files.isDirectory(file) ? "is a folder, not a model file"
                    : "no such model file");
        }
        ModelFormat format = ModelFormat.detect(file);
        return switch (format) {
            case KERAS_ZIP -> readArchive(file);
            case KERAS_H5 -> readH5(file);
            default -> throw new FileFormatException(file, "is " + format.description() + ", not a Keras model");
        };
    }

    /** A .keras zip: {@code config.json}, {@code metadata.json} and the weights in {@code model.weights.h5}. */
    private static Imported readArchive(Path file) {
        byte[] config;
        byte[] metadata;
        byte[] weights;
        try (ZipFile zip = new ZipFile(file.toFile())) {
            config = entry(file, zip, "config.json");
            metadata = entry(file, zip, "metadata.json");
            weights = entry(file, zip, "model.weights.h5");
        } catch (ZipException e) {
            throw new FileFormatException(file, "is not a readable .keras archive (" + e.getMessage()
                    + "): the file may be cut short", e);
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": " + e.getMessage(), e);
        }
        JsonNode model = json(file, "config.json", config);
        JsonNode meta = json(file, "metadata.json", metadata);
        Map<String, String> origin = new LinkedHashMap<>();
        origin.put("source_format", "keras");
        origin.put("source_file", file.getFileName().toString());
        origin.put("keras_version", meta.path("keras_version").asText("unknown"));
        try (HdfFile hdf = HdfFile.fromBytes(weights)) {
            return build(file, model, new KerasWeights.ObjectStore(file, hdf), origin);
        } catch (io.jhdf.exceptions.HdfException e) {
            throw new FileFormatException(file, "model.weights.h5 is not a readable HDF5 file: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            throw damagedHdf5(file, "model.weights.h5 is not a readable HDF5 file", e);
        }
    }

    private static byte[] entry(Path file, ZipFile zip, String name) throws IOException {
        ZipEntry entry = zip.getEntry(name);
        if (entry == null) {
            throw new FileFormatException(file, "the .keras archive has no " + name);
        }
        try (InputStream in = zip.getInputStream(entry)) {
            return in.readAllBytes();
        } catch (ZipException e) {
            throw new FileFormatException(file, "the .keras archive's " + name + " is damaged (" + e.getMessage() + ")", e);
        }
    }

    /** A legacy .h5: root attributes {@code model_config} (JSON) and {@code keras_version}, weights in {@code model_weights}. */
    private static Imported readH5(Path file) {
        try (HdfFile hdf = new HdfFile(file)) {
            String config = textAttribute(hdf, "model_config");
            if (config == null) {
                throw new FileFormatException(file, "holds no model_config: it has weights only (save the whole model"
                        + " with model.save(...))");
            }
            Node weights = hdf.getChildren().get("model_weights");
            if (!(weights instanceof Group group)) {
                throw new FileFormatException(file, "has no model_weights group");
            }
            Map<String, String> origin = new LinkedHashMap<>();
            origin.put("source_format", "keras_h5");
            origin.put("source_file", file.getFileName().toString());
            String version = textAttribute(hdf, "keras_version");
            origin.put("keras_version", version == null ? "unknown" : version);
            String backend = textAttribute(hdf, "backend");
            if (backend != null) {
                origin.put("backend", backend);
            }
            return build(file, json(file, "model_config", config.getBytes(java.nio.charset.StandardCharsets.UTF_8)),
                    new KerasWeights.NamedStore(file, group), origin);
        } catch (io.jhdf.exceptions.HdfException e) {
            throw new FileFormatException(file, "is not a readable HDF5 file (" + e.getMessage()
                    + "): the file may be cut short", e);
        } catch (UncheckedIOException e) {
            if (e.getCause() instanceof NoSuchFileException) {
                throw new FileFormatException(file, "no such model file");
            }
            throw e;
        } catch (RuntimeException e) {
            throw damagedHdf5(file, "is not a readable HDF5 file", e);
        }
    }

    /**
     * jhdf meets damaged bytes with whatever its arithmetic throws (found by the fuzz suite: an
     * {@code ArithmeticException} from an address with its top bit set), not only with its own
     * {@code HdfException}. Such a failure inside jhdf is the file's fault and is said so; one from rnn4j's own code
     * is a defect and passes on unchanged.
     */
    private static RuntimeException damagedHdf5(Path file, String problem, RuntimeException e) {
        if (e instanceof FileFormatException || !thrownInside(e, "io.jhdf.")) {
            return e;
        }
        String detail = e.getMessage() == null ? "" : ": " + e.getMessage();
        return new FileFormatException(file, problem + " (damaged data" + detail + ")", e);
    }

    /** Whether the first frame outside the JDK that threw {@code e} belongs to {@code packagePrefix}. */
    private static boolean thrownInside(Throwable e, String packagePrefix) {
        for (StackTraceElement frame : e.getStackTrace()) {
            String name = frame.getClassName();
            if (!name.startsWith("java.") && !name.startsWith("jdk.") && !name.startsWith("sun.")) {
                return name.startsWith(packagePrefix);
            }
        }
        return false;
    }

    private static String textAttribute(Group group, String name) {
        Attribute attribute = group.getAttribute(name);
        if (attribute == null) {
            return null;
        }
        Object data = attribute.getData();
        if (data instanceof String text) {
            return text;
        }
        if (data instanceof String[] array && array.length == 1) {
            return array[0];
        }
        return null;
    }

    private static JsonNode json(Path file, String what, byte[] bytes) {
        try {
            return JSON.readTree(bytes);
        } catch (JsonProcessingException e) {
            throw new FileFormatException(file, what + " is not valid JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Imported build(Path file, JsonNode model, KerasWeights weights, Map<String, String> origin) {
        KerasGraph.Chain graph = KerasGraph.of(file, model);
        if (graph.layers().isEmpty()) {
            throw new FileFormatException(file, "the model has no layers");
        }
        boolean tokens = graph.layers().get(0).className().equals("Embedding");
        int inputSize = 0;
        if (!tokens) {
            JsonNode shape = graph.inputShape();
            if (shape == null || shape.size() != 2 || !shape.get(1).isInt()) {
                throw new FileFormatException(file, "the model's input shape " + shape + " is not (T, F): rnn4j"
                        + " imports models over sequences of feature vectors or token ids");
            }
            inputSize = shape.get(1).asInt();
        }
        KerasLayerMapper mapper = new KerasLayerMapper(file, weights, origin.get("keras_version"));
        List<Stage> stages = new ArrayList<>();
        Signature at = tokens ? Signature.tokenIds() : Signature.sequenceOf(inputSize);
        for (KerasLayer layer : graph.layers()) {
            Stage stage = mapper.map(layer, at);
            at = stage.output(at);
            stages.add(stage);
        }
        for (Stage stage : stages) {
            if (stage instanceof RecurrentStage r && r.spec().cell() == CellType.GRU) {
                origin.put("gru_variant", "reset_after");
            } else if (stage instanceof RecurrentStage r && r.spec().cell() == CellType.GRU_RESET_BEFORE) {
                origin.put("gru_variant", "reset_before");
            }
        }
        return new Imported(new LayerChain(inputSize, stages), origin);
    }
}
