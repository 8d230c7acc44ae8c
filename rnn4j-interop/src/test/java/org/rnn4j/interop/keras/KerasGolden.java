package org.rnn4j.interop.keras;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.rnn4j.io.Safetensors;
import org.rnn4j.io.SafetensorsFile;
import org.rnn4j.tensor.Tensor;

/** The Keras golden files under src/test/resources/golden/keras, written by tools/golden/generate_keras.py. */
final class KerasGolden {
    static final String REGENERATE =
            "regenerate with: KERAS_BACKEND=jax /work/venv-peers/bin/python tools/golden/generate_keras.py";
    /** Agreement with Keras: max |rnn4j − keras| / max |keras| per output. */
    static final double TOLERANCE = 1e-5;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One case: the input, Keras's output and the case's config. */
    record Case(String name, Tensor input, Tensor output, JsonNode config) {
        boolean hasH5() {
            return config.path("h5").asBoolean();
        }

        @Override
        public String toString() {
            return name;
        }
    }

    private KerasGolden() {
    }

    static Path folder() {
        return folder("keras");
    }

    /** golden/keras, or golden/keras_tf2 (tools/golden/generate_keras_tf2_layout.py). */
    static Path folder(String name) {
        try {
            var url = KerasGolden.class.getResource("/golden/" + name);
            assertThat(url).as("golden/%s is missing; %s", name, REGENERATE).isNotNull();
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static List<String> names() {
        try (Stream<Path> files = Files.list(folder())) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".safetensors"))
                    .map(n -> n.substring(0, n.length() - ".safetensors".length())).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Case load(String name) {
        Path file = folder().resolve(name + ".safetensors");
        SafetensorsFile read = Safetensors.read(file);
        try {
            JsonNode config = JSON.readTree(read.metadata().get("config"));
            return new Case(name, read.tensors().get("input"), read.tensors().get("output"), config);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Path keras(String name) {
        return folder().resolve(name + ".keras");
    }

    /** The legacy .h5, unpacked from its committed .h5.gz into {@code dir}. */
    static Path h5(String name, Path dir) {
        return gunzip(folder().resolve(name + ".h5.gz"), dir);
    }

    /** {@code <name>.h5.gz} unpacked into {@code dir} as {@code <name>.h5}. */
    static Path gunzip(Path gz, Path dir) {
        String name = gz.getFileName().toString();
        Path out = dir.resolve(name.substring(0, name.length() - ".gz".length()));
        try (InputStream in = new GZIPInputStream(Files.newInputStream(gz))) {
            Files.copy(in, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    /** max |actual − expected| / max |expected|, below {@link #TOLERANCE}, with a message that says by how much. */
    static void assertMatchesKeras(String what, Tensor actual, Tensor expected) {
        assertThat(actual.shape()).as("%s: shape of the output", what).containsExactly(expected.shape());
        double maxDiff = 0;
        double maxRef = 0;
        for (int i = 0; i < expected.size(); i++) {
            maxDiff = Math.max(maxDiff, Math.abs(actual.get(i) - expected.get(i)));
            maxRef = Math.max(maxRef, Math.abs(expected.get(i)));
        }
        double error = maxDiff / Math.max(maxRef, Double.MIN_NORMAL);
        assertThat(error).as("%s differs from Keras's model.predict: max relative error %.3g (max abs diff %.3g); %s",
                what, error, maxDiff, REGENERATE).isLessThan(TOLERANCE);
    }
}
