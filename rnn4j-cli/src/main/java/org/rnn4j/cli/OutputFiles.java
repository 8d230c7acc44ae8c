package org.rnn4j.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.rnn4j.io.AtomicFiles;
import org.rnn4j.io.Npy;
import org.rnn4j.tensor.Tensor;

/**
 * The .npy files a command writes: checked before any work is done, then written all together or not at all.
 *
 * <p>Existing outputs are replaced only with {@link #overwrite} (the command's {@code --overwrite}), never one of the
 * command's own inputs, and no two outputs may be the same file. Each output is first written in full to a hidden file beside its target; only when every one is
 * complete are they renamed into place. So a failure while writing (a full disk, say) leaves every old output as it
 * was, rather than a new Y.npy next to a stale S.npy from another run.
 */
final class OutputFiles {
    private static final SecureRandom RANDOM = new SecureRandom();

    private record Named(String option, Path path) {
    }

    private final List<Named> inputs = new ArrayList<>();
    private final List<Named> outputs = new ArrayList<>();
    private boolean overwrite;

    /** Whether an existing output may be replaced (the command's {@code --overwrite}); by default it may not. */
    OutputFiles overwrite(boolean value) {
        overwrite = value;
        return this;
    }

    /** An input that no output may replace; null (an option not given) is ignored. */
    OutputFiles input(String option, Path path) {
        if (path != null) {
            inputs.add(new Named(option, path));
        }
        return this;
    }

    /** An output to write; null (an option not given) is ignored. */
    OutputFiles output(String option, Path path) {
        if (path != null) {
            outputs.add(new Named(option, path));
        }
        return this;
    }

    /** Everything that can be known before writing: each output's folder exists, and no output is an input. */
    void check() {
        for (int i = 0; i < outputs.size(); i++) {
            Named out = outputs.get(i);
            Path folder = out.path().toAbsolutePath().getParent();
            if (folder == null || !Files.isDirectory(folder)) {
                throw new IllegalArgumentException(out.path() + ": cannot write " + out.option() + ", folder "
                        + folder + " does not exist");
            }
            if (Files.isDirectory(out.path())) {
                throw new IllegalArgumentException(out.path() + ": cannot write " + out.option() + ", it is a folder");
            }
            for (Named in : inputs) {
                if (sameFile(out.path(), in.path())) {
                    throw new IllegalArgumentException(out.path() + ": " + out.option() + " is the same file as "
                            + in.option() + "; refusing to overwrite an input");
                }
            }
            for (Named other : outputs.subList(0, i)) {
                if (sameFile(out.path(), other.path())) {
                    throw new IllegalArgumentException(out.path() + ": " + other.option() + " and " + out.option()
                            + " are the same file; give each output its own file");
                }
            }
            if (!overwrite && Files.exists(out.path())) {
                throw new IllegalArgumentException(out.path() + " exists: pass --overwrite to replace it, or choose"
                        + " another " + out.option());
            }
        }
    }

    /** Writes each output's tensor, keyed by option name; all outputs or none. */
    void writeAll(Map<String, Tensor> tensorsByOption) {
        List<Path> staged = new ArrayList<>();
        try {
            for (Named out : outputs) {
                Tensor tensor = tensorsByOption.get(out.option());
                if (tensor == null) {
                    throw new IllegalStateException("no tensor was given for " + out.option());
                }
                AtomicFiles.removeLeftovers(out.path()); // an earlier run's, killed before its rename
                Path temp = stagingPath(out.path());
                staged.add(temp);
                writeStaged(temp, out.path(), tensor);
            }
            for (int i = 0; i < outputs.size(); i++) {
                moveIntoPlace(staged.get(i), outputs.get(i).path());
            }
        } finally {
            staged.forEach(OutputFiles::deleteIfLeft);
        }
    }

    private static void writeStaged(Path temp, Path target, Tensor tensor) {
        try {
            Npy.write(temp, tensor);
        } catch (UncheckedIOException e) {
            // The user named the target, not our hidden file: say "could not write Y.npy: No space left on device".
            String message = String.valueOf(e.getMessage()).replace(temp.toString(), target.toString());
            throw new UncheckedIOException(message, e.getCause());
        }
    }

    private static Path stagingPath(Path target) {
        byte[] suffix = new byte[8];
        RANDOM.nextBytes(suffix);
        Path absolute = target.toAbsolutePath();
        return absolute.resolveSibling("." + absolute.getFileName() + ".rnn4j-staged-" + HexFormat.of().formatHex(suffix));
    }

    private static void moveIntoPlace(Path temp, Path target) {
        try {
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not write " + target + ": " + e.getMessage(), e);
        }
    }

    private static void deleteIfLeft(Path temp) {
        try {
            Files.deleteIfExists(temp);
        } catch (IOException ignored) {
            // Only a hidden leftover in the output folder; the error that brought us here matters more.
        }
    }

    /** Equal paths, or two names (a link, "./x" and "x") of one existing file. */
    static boolean sameFile(Path a, Path b) {
        if (a.toAbsolutePath().normalize().equals(b.toAbsolutePath().normalize())) {
            return true;
        }
        try {
            return Files.exists(a) && Files.exists(b) && Files.isSameFile(a, b);
        } catch (IOException e) {
            return false;
        }
    }
}
