package org.rnn4j.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A file written through AtomicFiles is either entirely the new content or untouched. */
class AtomicFilesTest {
    @TempDir
    Path dir;

    @Test
    void writesTheContentAndLeavesNoTemporaryFile() throws IOException {
        Path target = dir.resolve("model.safetensors");

        AtomicFiles.write(target, out -> out.write("hello".getBytes(StandardCharsets.UTF_8)));

        assertThat(target).hasContent("hello");
        assertThat(filesIn(dir)).containsExactly("model.safetensors");
    }

    @Test
    void theNextWriteRemovesWhatAKilledWriteOfTheSameFileLeftBehind() throws IOException {
        Path target = dir.resolve("model.safetensors");
        Path killedWrite = Files.writeString(dir.resolve(".model.safetensors.tmp-0123456789abcdef"), "half");
        Path killedStaging = Files.writeString(dir.resolve(".model.safetensors.rnn4j-staged-fedcba9876543210"), "x");
        Path otherFiles = Files.writeString(dir.resolve(".other.npy.tmp-0123456789abcdef"), "another target's");
        Path userFile = Files.writeString(dir.resolve(".model.safetensors.tmp-notes"), "not ours");

        AtomicFiles.write(target, out -> out.write("new".getBytes(StandardCharsets.UTF_8)));

        assertThat(killedWrite).doesNotExist();
        assertThat(killedStaging).doesNotExist();
        assertThat(otherFiles).as("another file's leftover waits for that file's next write").exists();
        assertThat(userFile).as("a name rnn4j never makes").exists();
    }

    @Test
    void replacesAnExistingFile() throws IOException {
        Path target = Files.writeString(dir.resolve("model.safetensors"), "old content, longer than the new");

        AtomicFiles.write(target, out -> out.write("new".getBytes(StandardCharsets.UTF_8)));

        assertThat(target).hasContent("new");
        assertThat(filesIn(dir)).containsExactly("model.safetensors");
    }

    @Test
    void failedWriteLeavesTheTargetUnchangedAndNoTemporaryFile() throws IOException {
        Path target = Files.writeString(dir.resolve("model.safetensors"), "the previous model");

        assertThatThrownBy(() -> AtomicFiles.write(target, out -> {
            out.write("half a model".getBytes(StandardCharsets.UTF_8));
            throw new IOException("No space left on device");
        })).isInstanceOf(UncheckedIOException.class)
                .hasMessage("could not write " + target + ": No space left on device");

        assertThat(target).hasContent("the previous model");
        assertThat(filesIn(dir)).containsExactly("model.safetensors");
    }

    @Test
    void anUncheckedExceptionFromTheBodyPropagatesUnchangedAndCleansUp() throws IOException {
        Path target = Files.writeString(dir.resolve("model.safetensors"), "the previous model");
        IllegalStateException failure = new IllegalStateException("a tensor was NaN");

        assertThatThrownBy(() -> AtomicFiles.write(target, out -> {
            out.write(1);
            throw failure;
        })).isSameAs(failure);

        assertThat(target).hasContent("the previous model");
        assertThat(filesIn(dir)).containsExactly("model.safetensors");
    }

    @Test
    void failedFirstWriteCreatesNoFile() throws IOException {
        Path target = dir.resolve("new.npy");

        assertThatThrownBy(() -> AtomicFiles.write(target, out -> {
            throw new IOException("Input/output error");
        })).isInstanceOf(UncheckedIOException.class).hasMessageContaining("Input/output error");

        assertThat(filesIn(dir)).isEmpty();
    }

    @Test
    void missingFolderIsNamedInTheMessage() {
        Path folder = dir.resolve("no-such-folder");
        Path target = folder.resolve("model.safetensors");

        assertThatThrownBy(() -> AtomicFiles.write(target, out -> out.write(1)))
                .isInstanceOf(UncheckedIOException.class)
                .hasMessage("could not write " + target + ": folder " + folder + " does not exist");
    }

    @Test
    void targetThatIsAFolderIsRefused() throws IOException {
        Path target = Files.createDirectory(dir.resolve("model.safetensors"));

        assertThatThrownBy(() -> AtomicFiles.write(target, out -> out.write(1)))
                .isInstanceOf(UncheckedIOException.class)
                .hasMessage("could not write " + target + ": it is a folder");
    }

    @Test
    void theBodyMayCloseTheStreamItWasGiven() throws IOException {
        Path target = dir.resolve("closed.txt");

        AtomicFiles.write(target, out -> {
            out.write("done".getBytes(StandardCharsets.UTF_8));
            out.close();
        });

        assertThat(target).hasContent("done");
    }

    @Test
    void aRelativePathInTheWorkingFolderHasAParent() {
        // Path.of("x").getParent() is null; the folder must come from the absolute path.
        assertThatThrownBy(() -> AtomicFiles.write(Path.of("no-such-folder-" + System.nanoTime(), "x"), out -> { }))
                .isInstanceOf(UncheckedIOException.class).hasMessageContaining("does not exist");
    }

    private static String[] filesIn(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(p -> p.getFileName().toString()).sorted().toArray(String[]::new);
        }
    }
}
