package org.rnn4j.spark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;
import java.util.function.Function;

/** A model file as bytes, so that it travels to the workers in a broadcast; read back there through a temporary file. */
final class ModelBytes {
    private ModelBytes() {
    }

    /** The bytes that {@code save} writes to a file. */
    static byte[] of(Consumer<Path> save) {
        Path dir = null;
        try {
            dir = Files.createTempDirectory("rnn4j-spark-");
            Path file = dir.resolve("model.safetensors");
            save.accept(file);
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the model for the workers: " + e.getMessage(), e);
        } finally {
            deleteQuietly(dir);
        }
    }

    /** What {@code load} reads from a file holding {@code bytes}. */
    static <T> T read(byte[] bytes, Function<Path, T> load) {
        Path dir = null;
        try {
            dir = Files.createTempDirectory("rnn4j-spark-");
            Path file = dir.resolve("model.safetensors");
            Files.write(file, bytes);
            return load.apply(file);
        } catch (IOException e) {
            throw new UncheckedIOException("could not read the model sent to this worker: " + e.getMessage(), e);
        } finally {
            deleteQuietly(dir);
        }
    }

    private static void deleteQuietly(Path dir) {
        if (dir == null) {
            return;
        }
        try (var files = Files.list(dir)) {
            for (Path f : files.toList()) {
                Files.deleteIfExists(f);
            }
            Files.deleteIfExists(dir);
        } catch (IOException e) {
            // a temporary folder left behind is harmless
        }
    }
}
