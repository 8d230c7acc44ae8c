package org.rnn4j.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnn4j.io.Npy;
import org.rnn4j.tensor.Tensor;

class OutputFilesTest {
    @TempDir
    Path dir;

    private long filesInDir() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.count();
        }
    }

    @Test
    void writesEveryOutput() {
        OutputFiles outputs = new OutputFiles().output("--a", dir.resolve("a.npy")).output("--b", dir.resolve("b.npy"));
        outputs.check();
        outputs.writeAll(Map.of("--a", Tensor.full(1f, 2, 3), "--b", Tensor.full(2f, 4)));
        assertThat(Npy.readFloat32(dir.resolve("a.npy")).toArray()).containsOnly(1f).hasSize(6);
        assertThat(Npy.readFloat32(dir.resolve("b.npy")).toArray()).containsOnly(2f).hasSize(4);
    }

    @Test
    void aFailureWhileWritingLeavesNoOutputAndNoHiddenFile() throws IOException {
        OutputFiles outputs = new OutputFiles().output("--a", dir.resolve("a.npy")).output("--b", dir.resolve("b.npy"));
        outputs.check();
        // --a is staged, then --b fails: --a must not appear on its own.
        assertThatThrownBy(() -> outputs.writeAll(Map.of("--a", Tensor.full(1f, 2, 3))))
                .isInstanceOf(IllegalStateException.class);
        assertThat(filesInDir()).isZero();
    }

    @Test
    void anOutputMayNotBeAnInputUnderAnotherName() throws IOException {
        Path input = dir.resolve("x.npy");
        Files.writeString(input, "x");
        Path link;
        try {
            link = Files.createSymbolicLink(dir.resolve("link.npy"), input);
        } catch (IOException | UnsupportedOperationException e) {
            Assumptions.abort("this file system cannot make symbolic links: " + e);
            return;
        }
        OutputFiles outputs = new OutputFiles().input("--input", input).output("--output", link);
        assertThatThrownBy(outputs::check).hasMessageContaining("--output is the same file as --input");
    }
}
