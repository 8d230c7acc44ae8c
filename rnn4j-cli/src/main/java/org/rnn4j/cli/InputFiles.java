package org.rnn4j.cli;

import java.nio.file.Files;
import java.nio.file.Path;

/** Checks that a file named on the command line can be read, so that the message says which option named it. */
final class InputFiles {
    private InputFiles() {
    }

    /** @throws IllegalArgumentException e.g. {@code m.safetensors: no such file (--model)} */
    static void requireReadableFile(String option, Path file) {
        if (Files.isDirectory(file)) {
            throw new IllegalArgumentException(file + ": is a folder, expected a file (" + option + ")");
        }
        if (!Files.exists(file)) {
            throw new IllegalArgumentException(file + ": no such file (" + option + ")");
        }
        if (!Files.isReadable(file)) {
            throw new IllegalArgumentException(file + ": permission denied (" + option + ")");
        }
    }
}
