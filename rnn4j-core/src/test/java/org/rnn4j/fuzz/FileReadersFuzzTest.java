package org.rnn4j.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.rnn4j.forecast.SeriesCsv;
import org.rnn4j.io.FileFormatException;
import org.rnn4j.io.ModelFile;
import org.rnn4j.io.Npy;
import org.rnn4j.io.Provenance;
import org.rnn4j.io.Safetensors;
import org.rnn4j.io.TextFiles;
import org.rnn4j.nn.recurrent.CellType;
import org.rnn4j.nn.recurrent.RecurrentConfig;
import org.rnn4j.nn.recurrent.RecurrentLayer;
import org.rnn4j.tensor.Tensor;
import org.rnn4j.text.LabelledTexts;

/**
 * Every reader a user's file reaches, fed real files with mutations (truncation, bit flips, a huge number written
 * over a length field, inserted and repeated bytes): each ends in a valid result or rnn4j's own one-line error
 * (a {@link FileFormatException}, an {@link IllegalArgumentException} or an {@link UncheckedIOException} naming the
 * file), never another exception, an {@link Error} or a hang.
 *
 * <p>Mutations come from a seeded generator, so a failure names the case that reproduces it. A short run (250
 * cases per reader) is part of {@code mvn test}; a long one: {@code mvn -B -ntp test -pl rnn4j-core
 * -Dtest=FileReadersFuzzTest -Drnn4j.fuzz.cases=20000} (and {@code -Drnn4j.fuzz.seed=N} for other cases).
 */
class FileReadersFuzzTest {
    private static final Duration LIMIT = Duration.ofSeconds(10);
    private static final int CASES = Integer.getInteger("rnn4j.fuzz.cases", 250);
    private static final long SEED = Long.getLong("rnn4j.fuzz.seed", 2026);
    private static Path dir;
    private static ExecutorService runner;
    private static byte[] safetensors;
    private static byte[] modelFile;
    private static byte[] npy;
    private static byte[] csv;
    private static byte[] text;

    @BeforeAll
    static void writeSeedFiles() throws IOException {
        dir = Files.createTempDirectory("rnn4j-fuzz");
        runner = Executors.newSingleThreadExecutor(r -> {
            Thread thread = new Thread(r, "fuzz-reader");
            thread.setDaemon(true);
            return thread;
        });
        Path st = dir.resolve("seed.safetensors");
        Safetensors.write(st, Map.of("a", Tensor.of(new float[] {1, 2, 3, 4, 5, 6}, 2, 3), "b", Tensor.full(0.5f, 4)),
                Map.of("note", "seed"));
        safetensors = Files.readAllBytes(st);
        Path model = dir.resolve("seed-model.safetensors");
        ModelFile.save(model, new RecurrentLayer(new RecurrentConfig(CellType.GRU, 3, 4, 1, true, 0f),
                new SplittableRandom(1)), Provenance.now(1L, "0".repeat(64), "fuzz seed"));
        modelFile = Files.readAllBytes(model);
        Path np = dir.resolve("seed.npy");
        Npy.write(np, Tensor.of(new float[] {1, 2, 3, 4, 5, 6, 7, 8}, 2, 2, 2));
        npy = Files.readAllBytes(np);
        csv = ("time,value,label,text\n2000-01,1.5,pos,good film\n2000-02,2.5,neg,\"bad, long\"\n"
                + "2000-03,3.0,pos,fine\n2000-04,4.25,neg,dull\n").getBytes(StandardCharsets.UTF_8);
        text = "It is a truth universally acknowledged — Zürich, 1813.\nSecond line.\n".getBytes(StandardCharsets.UTF_8);
    }

    @AfterAll
    static void removeFiles() throws IOException {
        runner.shutdownNow();
        try (var files = Files.list(dir)) {
            for (Path f : files.toList()) {
                Files.deleteIfExists(f);
            }
        }
        Files.deleteIfExists(dir);
    }

    /** One change to a file's bytes, at a position given as a fraction of its length. */
    record Mutation(int kind, double where, long value, int count) {
        byte[] apply(byte[] original) {
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

    /** The i-th mutation of a reader's run: reproducible from the seed and i alone. */
    private static Mutation mutation(long salt, int i) {
        SplittableRandom rng = new SplittableRandom(SEED * 1_000_003L + salt * 7919L + i);
        long[] special = {-1L, 0L, Long.MAX_VALUE, Long.MIN_VALUE, 1L << 31, (1L << 31) - 1, 1L << 40, 0xFFFF_FFFFL};
        long value = rng.nextBoolean() ? rng.nextLong() : special[rng.nextInt(special.length)];
        return new Mutation(rng.nextInt(6), rng.nextDouble(), value, rng.nextInt(1, 41));
    }

    /** Runs {@link #CASES} mutations of {@code seed} through the reader; fails listing the cases that broke it. */
    private static void fuzz(byte[] seed, long salt, String name, Reader reader) throws Exception {
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

    @Test
    void safetensors() throws Exception {
        fuzz(safetensors, 1, "x.safetensors", Safetensors::read);
    }

    @Test
    void rnn4jModelFiles() throws Exception {
        fuzz(modelFile, 2, "model.safetensors", ModelFile::load);
    }

    @Test
    void npyFloatArrays() throws Exception {
        fuzz(npy, 3, "x.npy", Npy::readFloat32);
    }

    @Test
    void npyIntegerArrays() throws Exception {
        fuzz(npy, 4, "ids.npy", Npy::readInts);
    }

    @Test
    void csvSeries() throws Exception {
        fuzz(csv, 5, "series.csv", f -> SeriesCsv.read(f, "value", "time"));
    }

    @Test
    void labelledTexts() throws Exception {
        fuzz(csv, 6, "reviews.csv", f -> LabelledTexts.read(f, LabelledTexts.Columns.of("text", "label")));
    }

    @Test
    void utf8Text() throws Exception {
        fuzz(text, 7, "novel.txt", TextFiles::read);
    }

    interface Reader {
        Object read(Path file) throws Exception;
    }

    /** Writes the bytes to a file named {@code name}, reads it, and checks how the reader ended. */
    private static void readsOrSaysWhy(byte[] bytes, String name, Reader reader) throws Exception {
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
}
