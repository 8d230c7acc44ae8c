package org.rnn4j.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnn4j.io.Npy;
import org.rnn4j.tensor.Tensor;

/**
 * Model files written by an earlier rnn4j keep loading and computing what they computed then. The files under
 * {@code compat/} were written by rnn4j at commit 3cafe54, before the redesign of the recurrent loop; the expected
 * outputs are what that version's {@code rnn4j predict} wrote for the same input.
 */
class CompatibilityTest {
    @TempDir
    Path dir;

    private Path resource(String name) throws IOException {
        Path file = dir.resolve(name);
        try (InputStream in = CompatibilityTest.class.getResourceAsStream("/compat/" + name)) {
            Files.copy(in, file);
        }
        return file;
    }

    @Test
    void aTwoLayerBidirectionalGruFileFromBeforeTheRedesignPredictsWhatItPredictedThen() throws IOException {
        Path model = resource("gru-2layer-bidirectional-v1.safetensors");
        Path input = resource("input.npy");
        Path output = dir.resolve("y.npy");
        Path states = dir.resolve("h.npy");

        CliTesting.Result result = CliTesting.run("predict", "--model", model, "--input", input, "--output", output,
                "--state-output", states);

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertSameValues(Npy.readFloat32(output), Npy.readFloat32(resource("output.npy")));
        assertSameValues(Npy.readFloat32(states), Npy.readFloat32(resource("state.npy")));
    }

    private static void assertSameValues(Tensor actual, Tensor expected) {
        assertThat(actual.shape()).containsExactly(expected.shape());
        for (int i = 0; i < expected.size(); i++) {
            assertThat(actual.get(i)).as("element %d", i).isCloseTo(expected.get(i), within(1e-6f));
        }
    }
}
