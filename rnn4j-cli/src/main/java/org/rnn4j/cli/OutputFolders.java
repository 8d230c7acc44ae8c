package org.rnn4j.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Checks, before a long run, that its outputs can be written: by writing (and removing) a small file where they
 * will go, since only a real write answers for permissions, read-only mounts and full quotas alike.
 */
final class OutputFolders {
    private OutputFolders() {
    }

    /** {@code file}'s folder exists and takes a new file, and {@code file} is not a folder. */
    static void checkFileCanBeWritten(String option, Path file) {
        if (Files.isDirectory(file)) {
            throw new IllegalArgumentException(option + " " + file + ": is a folder, not a file");
        }
        Path folder = file.toAbsolutePath().getParent();
        if (folder != null) {
            checkWritableFolder(option + " " + file, folder);
        }
    }

    /** {@code folder} exists and takes a new file, or it does not exist yet and its parent does. */
    static void checkFolderCanBeWritten(String option, Path folder) {
        Path absolute = folder.toAbsolutePath();
        if (Files.exists(absolute) && !Files.isDirectory(absolute)) {
            throw new IllegalArgumentException(option + " " + folder + ": is a file, not a folder");
        }
        Path existing = Files.isDirectory(absolute) ? absolute : absolute.getParent();
        if (existing != null) {
            checkWritableFolder(option + " " + folder, existing);
        }
    }

    private static void checkWritableFolder(String what, Path folder) {
        if (!Files.isDirectory(folder)) {
            throw new IllegalArgumentException(what + ": folder " + folder + " does not exist");
        }
        try {
            Path probe = Files.createTempFile(folder, ".rnn4j-write-check", ".tmp");
            Files.delete(probe);
        } catch (java.nio.file.AccessDeniedException e) {
            throw new IllegalArgumentException(what + ": cannot write in folder " + folder + " (permission denied)");
        } catch (java.nio.file.FileSystemException e) {
            throw new IllegalArgumentException(what + ": cannot write in folder " + folder + " ("
                    + (e.getReason() != null ? e.getReason() : "refused") + ")");
        } catch (IOException | SecurityException e) {
            throw new IllegalArgumentException(what + ": cannot write in folder " + folder);
        }
    }
}
