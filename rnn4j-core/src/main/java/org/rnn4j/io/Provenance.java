package org.rnn4j.io;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import org.rnn4j.Version;

/**
 * Where a model came from, stored in its file so that a result can be traced and repeated.
 *
 * @param rnn4jVersion the library version that wrote the file
 * @param created      ISO-8601 time of writing
 * @param seed         the random seed of initialisation and training, or null
 * @param dataSha256   SHA-256 of the training data (of the files' bytes one after another), or null
 * @param command      the command line or program that made the model, or null
 */
public record Provenance(String rnn4jVersion, String created, Long seed, String dataSha256, String command) {

    /** Provenance of a model trained now from {@code dataFiles}, which are hashed here. */
    public static Provenance of(String command, Long seed, List<Path> dataFiles) {
        return now(seed, sha256(dataFiles), command);
    }

    public static Provenance now(Long seed, String dataSha256, String command) {
        return new Provenance(Version.VERSION, Instant.now().toString(), seed, dataSha256, command);
    }

    /** SHA-256 of the files' bytes in order, hex; null for no files. */
    public static String sha256(List<Path> files) {
        if (files.isEmpty()) {
            return null;
        }
        MessageDigest digest = newDigest();
        for (Path file : files) {
            try (InputStream in = Files.newInputStream(file)) {
                update(digest, in);
            } catch (IOException e) {
                throw new UncheckedIOException("could not read " + file + " to hash it: " + e.getMessage(), e);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    /** SHA-256 of a stream's bytes (e.g. a resource bundled in the jar), hex. */
    public static String sha256(InputStream in) throws IOException {
        MessageDigest digest = newDigest();
        update(digest, in);
        return HexFormat.of().formatHex(digest.digest());
    }

    private static void update(MessageDigest digest, InputStream in) throws IOException {
        byte[] chunk = new byte[1 << 16];
        for (int n; (n = in.read(chunk)) >= 0; ) {
            digest.update(chunk, 0, n);
        }
    }

    private static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError("every JVM has SHA-256", e);
        }
    }
}
