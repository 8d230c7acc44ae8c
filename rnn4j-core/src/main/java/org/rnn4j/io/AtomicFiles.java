package org.rnn4j.io;

import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * Writes a file so that readers see either the old content or the complete new content, never a half-written
 * file, even if the process or the machine dies in the middle.
 *
 * <p>The content goes to a temporary file in the target's folder ({@code .model.safetensors.tmp-3f9a...}; the
 * same folder, because a rename is only atomic within one file system), which is flushed to disk and then
 * renamed over the target.
 */
public final class AtomicFiles {
    private static final int BUFFER_BYTES = 1 << 16;
    private static final SecureRandom RANDOM = new SecureRandom();

    private AtomicFiles() {
    }

    /** Like {@link java.util.function.Consumer}, but may throw {@link IOException}. */
    @FunctionalInterface
    public interface IoConsumer<T> {
        void accept(T value) throws IOException;
    }

    /**
     * Replaces (or creates) {@code target} with what {@code body} writes to the stream it is given.
     *
     * <p>The stream is buffered; {@code body} need not close it. If anything fails, the temporary file is deleted
     * and {@code target} is left as it was. An exception thrown by {@code body} that is not an {@link IOException}
     * is rethrown unchanged.
     *
     * @throws UncheckedIOException whose message names {@code target} and the reason, e.g.
     *     {@code could not write out/model.safetensors: No space left on device}
     */
    public static void write(Path target, IoConsumer<OutputStream> body) {
        Path folder = folderOf(target);
        if (!Files.isDirectory(folder)) {
            throw failure(target, "folder " + folder + " does not exist", new NoSuchFileException(folder.toString()));
        }
        if (Files.isDirectory(target)) {
            throw failure(target, "it is a folder", new FileSystemException(target.toString()));
        }
        removeLeftovers(target);
        Path temp = folder.resolve("." + target.getFileName() + ".tmp-" + randomSuffix());
        try {
            writeAndSync(temp, body);
            moveIntoPlace(temp, target);
        } catch (IOException e) {
            deleteQuietly(temp, e);
            throw failure(target, reason(e), e);
        } catch (RuntimeException | Error e) {
            deleteQuietly(temp, e);
            throw e;
        }
        syncFolderQuietly(folder);
    }

    /**
     * Deletes what an interrupted write of {@code target} left beside it (killed between writing its temporary
     * file and the rename: {@code .NAME.tmp-…}, or a command's staged output {@code .NAME.rnn4j-staged-…}), so that
     * the next write of the same file cleans up after it. Best effort: a leftover that cannot be deleted stays.
     */
    public static void removeLeftovers(Path target) {
        Path folder = target.toAbsolutePath().getParent();
        if (folder == null || !Files.isDirectory(folder)) {
            return;
        }
        Pattern leftover = Pattern.compile("\\." + Pattern.quote(
                target.getFileName().toString()) + "\\.(tmp|rnn4j-staged)-[0-9a-f]{16}");
        try (var files = Files.list(folder)) {
            files.filter(f -> leftover.matcher(f.getFileName().toString()).matches()).forEach(f -> {
                try {
                    Files.deleteIfExists(f);
                } catch (IOException ignored) {
                    // someone else's file, or no permission: harmless to leave
                }
            });
        } catch (IOException | UncheckedIOException ignored) {
            // the folder cannot be listed: the write itself will say what is wrong
        }
    }

    private static Path folderOf(Path target) {
        Path parent = target.toAbsolutePath().getParent();
        if (parent == null) {
            throw new IllegalArgumentException("cannot write " + target + ": it has no parent folder");
        }
        return parent;
    }

    private static String randomSuffix() {
        byte[] bytes = new byte[8];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    private static void writeAndSync(Path temp, IoConsumer<OutputStream> body) throws IOException {
        // CREATE_NEW (not Files.createTempFile) so the file gets the usual permissions from the umask
        // rather than owner-only ones, and so that we never write through a file someone else created.
        try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            OutputStream out = new BufferedOutputStream(Channels.newOutputStream(channel), BUFFER_BYTES);
            body.accept(new CloseShield(out));
            out.flush();
            channel.force(true); // the data must be on disk before the rename makes it visible
        }
    }

    private static void moveIntoPlace(Path temp, Path target) throws IOException {
        try {
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            // Only on unusual file systems; a plain replace still never exposes a partial file.
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** Makes the rename itself durable; not possible on every platform (e.g. Windows), hence best effort. */
    private static void syncFolderQuietly(Path folder) {
        try (FileChannel dir = FileChannel.open(folder, StandardOpenOption.READ)) {
            dir.force(true);
        } catch (IOException | RuntimeException ignored) {
            // The file is complete and in place; only its survival of a power cut right now is less certain.
        }
    }

    private static void deleteQuietly(Path temp, Throwable failure) {
        try {
            Files.deleteIfExists(temp);
        } catch (IOException e) {
            failure.addSuppressed(e);
        }
    }

    private static UncheckedIOException failure(Path target, String reason, IOException cause) {
        return new UncheckedIOException("could not write " + target + ": " + reason, cause);
    }

    /** The operating system's words, e.g. "No space left on device", without repeating the temp file's name. */
    static String reason(IOException e) {
        if (e instanceof AccessDeniedException a) {
            return "permission denied (" + a.getFile() + ")";
        }
        if (e instanceof NoSuchFileException n) {
            return "no such file or folder (" + n.getFile() + ")";
        }
        if (e instanceof FileSystemException f && f.getReason() != null) {
            return f.getReason();
        }
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }

    /** Lets the body close the stream it was given without closing the file before it is synced. */
    private static final class CloseShield extends FilterOutputStream {
        CloseShield(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len); // FilterOutputStream would write byte by byte
        }

        @Override
        public void close() throws IOException {
            out.flush();
        }
    }
}
