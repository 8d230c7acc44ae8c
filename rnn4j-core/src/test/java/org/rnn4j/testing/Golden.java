package org.rnn4j.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.rnn4j.tensor.Tensor;

/** Reads the PyTorch golden files under src/test/resources/golden and compares tensors with them. */
public final class Golden {
    private static final String REGENERATE =
            "regenerate with: apt-get install -y python3-torch && /usr/bin/python3 tools/golden/generate.py"
                    + " (loss/: generate_losses.py, optim/: generate_optim.py, recurrent/gru_reset_before_*:"
                    + " generate_gru_reset_before.py)";

    private Golden() {
    }

    public static Stream<Path> files(String folder) throws IOException {
        try {
            var url = Golden.class.getResource("/golden/" + folder);
            assertThat(url).as("golden folder %s is missing; %s", folder, REGENERATE).isNotNull();
            Path dir = Path.of(url.toURI());
            try (Stream<Path> list = Files.list(dir)) {
                return list.filter(p -> p.toString().endsWith(".safetensors")).sorted().toList().stream();
            }
        } catch (URISyntaxException e) {
            throw new IOException(e);
        }
    }

    public static Path file(String relative) {
        return file(relative, REGENERATE);
    }

    /** A file under src/test/resources/golden; {@code regenerate} says how to write it again if it is missing. */
    public static Path file(String relative, String regenerate) {
        try {
            return Path.of(Golden.class.getResource("/golden/" + relative).toURI());
        } catch (URISyntaxException | NullPointerException e) {
            throw new AssertionError("golden file " + relative + " is missing; " + regenerate, e);
        }
    }

    /** max |actual − reference| / max |reference| below the tolerance, with a message that says by how much. */
    public static void assertClose(Path file, String name, Tensor actual, Tensor reference, double tolerance) {
        assertClose(file, name, actual, reference, tolerance, REGENERATE);
    }

    /**
     * The one comparison with a golden tensor: max |actual − reference| / max |reference| below the tolerance. The
     * failure names the file, the tensor, the error and {@code regenerate}, the command that writes that folder's files.
     */
    public static void assertClose(Path file, String name, Tensor actual, Tensor reference, double tolerance,
                                   String regenerate) {
        assertThat(reference).as("%s: tensor %s missing; %s", file.getFileName(), name, regenerate).isNotNull();
        assertThat(actual.shape()).as("%s: shape of %s", file.getFileName(), name).containsExactly(reference.shape());
        double error = Tensors.relativeError(actual, reference);
        assertThat(error).as("%s: %s differs from PyTorch: max relative error %.3g (max abs diff %.3g); %s",
                file.getFileName(), name, error, Tensors.maxAbsDiff(actual, reference), regenerate)
                .isLessThan(tolerance);
    }
}
