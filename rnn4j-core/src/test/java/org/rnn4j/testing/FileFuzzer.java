package org.rnn4j.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.rnn4j.io.FileFormatException;

/**
 * Feeds a reader mutations of a real file (truncation, bit flips, a huge number written over a length field,
 * inserted and repeated bytes) and checks that each read ends in a result or rnn4j's own one-line error (a
 * {@link FileFormatException}, an {@link IllegalArgumentException} or an {@link UncheckedIOException} naming the
 * file), never another exception, an {@link Error} or a hang.
 *
 * <p>Mutations come from a seeded generator, so a failure names the case that reproduces it: system properties
 * {@code rnn4j.fuzz.cases} (default 250 per reader) and {@code rnn4j.fuzz.seed} (default 2026). Shared by the fuzz
 * suites of every module (rnn4j-core's test jar).
 */
public final class FileFuzzer implements AutoCloseable {
    private static final Duration LIMIT = Duration.ofSeconds(10);
    public static final int CASES = Integer.getInteger("rnn4j.fuzz.cases", 250);
    public static final long SEED = Long.getLong("rnn4j.fuzz.seed", 2026);

    /** What the fuzzer reads a mutated file with. */
    public interface Reader {
        Object read(Path file) throws Exception;
    }

    private final Path dir;
    private final ExecutorService runner;

    public FileFuzzer() throws IOException {
        dir = Files.createTempDirectory("rnn4j-fuzz");
        runner = Executors.newSingleThreadExecutor(r -> {
            Thread thread = new Thread(r, "fuzz-reader");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** A folder for seed files, removed by {@link #close}. */
    public Path dir() {
        return dir;
    }

    /** One change to a file's bytes, at a position given as a fraction of its length. */
    public record Mutation(int kind, double where, long value, int count) {
        public byte[] apply(byte[] original) {
            int at = (int) Math.min(original.length - 1L, (long) (where * original.length));
            byte[] b = original.clone();
            switch (kind) {
                case 0 -> {                                             // truncated
                    return Arrays.copyOf(original, at);
                }
                case 1 -> {                                             // bit flips near `at`
                    SplittableRandom rng = new SplittableRandom(value);
                    for (int i = 0; i < count; i++) {
                        int p = Math.floorMod(at + rng.nextInt(-16, 17), b.length);
                        b[p] ^= (byte) (1 << rng.nextInt(8));
                    }
                    return b;
                }
                case 2 -> {                                             // a huge or negative number, little-endian
                    for (int i = 0; i < 8 && at + i < b.length; i++) {
                        b[at + i] = (byte) (value >>> (8 * i));
                    }
                    return b;
                }
                case 3 -> {                                             // the 8-byte length of safetensors/npy headers
                    for (int i = 0; i < 8 && i < b.length; i++) {
                        b[i] = (byte) (value >>> (8 * i));
                    }
                    return b;
                }
                case 4 -> {                                             // bytes inserted
                    byte[] out = new byte[original.length + count];
                    System.arraycopy(original, 0, out, 0, at);
                    for (int i = 0; i < count; i++) {
                        out[at + i] = (byte) (value >>> (i % 8 * 8));
                    }
                    System.arraycopy(original, at, out, at + count, original.length - at);
                    return out;
                }
                default -> {                                            // a chunk repeated (deep nesting, long lines)
                    int length = Math.min(64, original.length - at);
                    byte[] out = new byte[original.length + length * count];
                    System.arraycopy(original, 0, out, 0, at);
                    for (int i = 0; i < count; i++) {
                        System.arraycopy(original, at, out, at + i * length, length);
                    }
                    System.arraycopy(original, at, out, at + length * count, original.length - at);
                    return out;
                }
            }
        }
    }

    /** The i-th mutation of a reader's run: reproducible from the seed, the reader's salt and i alone. */
    public static Mutation mutation(long salt, int i) {
        SplittableRandom rng = new SplittableRandom(SEED * 1_000_003L + salt * 7919L + i);
        long[] special = {-1L, 0L, Long.MAX_VALUE, Long.MIN_VALUE, 1L << 31, (1L << 31) - 1, 1L << 40, 0xFFFF_FFFFL};
        long value = rng.nextBoolean() ? rng.nextLong() : special[rng.nextInt(special.length)];
        return new Mutation(rng.nextInt(6), rng.nextDouble(), value, rng.nextInt(1, 41));
    }

    /**
     * Runs {@link #CASES} mutations of {@code seed} through the reader, each written to a file named {@code name};
     * fails listing the cases that broke it (five at most).
     */
    public void fuzz(byte[] seed, long salt, String name, Reader reader) throws Exception {
        List<String> broken = new ArrayList<>();
        for (int i = 0; i < CASES && broken.size() < 5; i++) {
            Mutation m = mutation(salt, i);
            try {
                readsOrSaysWhy(m.apply(seed), name, reader);
            } catch (AssertionError e) {
                broken.add("case " + i + " " + m + ": " + e.getMessage().strip().replace("\n", " "));
            }
        }
        assertThat(broken).as("%s: %d cases (seed %d)", name, CASES, SEED).isEmpty();
    }

    /** Writes the bytes to a file named {@code name}, reads it, and checks how the reader ended. */
    private void readsOrSaysWhy(byte[] bytes, String name, Reader reader) throws Exception {
        Path file = dir.resolve(name);
        Files.write(file, bytes);
        Future<Object> result = runner.submit(() -> reader.read(file));
        try {
            result.get(LIMIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            result.cancel(true);
            throw new AssertionError(name + ": the reader did not end within " + LIMIT + " (" + bytes.length
                    + " bytes)");
        } catch (ExecutionException e) {
            Throwable error = e.getCause();
            assertThat(error).as("%s (%d bytes) ended in an exception of rnn4j's own", name, bytes.length)
                    .isInstanceOfAny(FileFormatException.class, IllegalArgumentException.class,
                            UncheckedIOException.class);
            assertThat(error.getMessage()).as("its message").isNotBlank().doesNotContain("\n")
                    .doesNotContain("Exception").contains(name);
        }
    }

    @Override
    public void close() throws IOException {
        runner.shutdownNow();
        try (var files = Files.list(dir)) {
            for (Path f : files.toList()) {
                Files.deleteIfExists(f);
            }
        }
        Files.deleteIfExists(dir);
    }
}
