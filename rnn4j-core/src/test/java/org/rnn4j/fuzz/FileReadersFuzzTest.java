package org.rnn4j.fuzz;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.rnn4j.forecast.SeriesCsv;
import org.rnn4j.io.ModelFile;
import org.rnn4j.io.Npy;
import org.rnn4j.io.Provenance;
import org.rnn4j.io.Safetensors;
import org.rnn4j.io.TextFiles;
import org.rnn4j.nn.recurrent.CellType;
import org.rnn4j.nn.recurrent.RecurrentConfig;
import org.rnn4j.nn.recurrent.RecurrentLayer;
import org.rnn4j.tensor.Tensor;
import org.rnn4j.testing.FileFuzzer;
import org.rnn4j.text.LabelledTexts;

/**
 * Every reader a user's file reaches, fed real files with mutations (truncation, bit flips, a huge number written
 * over a length field, inserted and repeated bytes): each ends in a valid result or rnn4j's own one-line error
 * (a {@link FileFormatException}, an {@link IllegalArgumentException} or an {@link UncheckedIOException} naming the
 * file), never another exception, an {@link Error} or a hang.
 *
 * <p>The mutations and checks are {@link FileFuzzer}'s, seeded, so a failure names the case. A short run (250
 * cases per reader) is part of {@code mvn test}; a long one: {@code mvn -B -ntp test -pl rnn4j-core
 * -Dtest=FileReadersFuzzTest -Drnn4j.fuzz.cases=20000} (and {@code -Drnn4j.fuzz.seed=N} for other cases).
 */
class FileReadersFuzzTest {
    private static FileFuzzer fuzzer;
    private static byte[] safetensors;
    private static byte[] modelFile;
    private static byte[] npy;
    private static byte[] csv;
    private static byte[] text;

    @BeforeAll
    static void writeSeedFiles() throws IOException {
        fuzzer = new FileFuzzer();
        Path dir = fuzzer.dir();
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
        fuzzer.close();
    }

    @Test
    void safetensors() throws Exception {
        fuzzer.fuzz(safetensors, 1, "x.safetensors", Safetensors::read);
    }

    @Test
    void rnn4jModelFiles() throws Exception {
        fuzzer.fuzz(modelFile, 2, "model.safetensors", ModelFile::load);
    }

    @Test
    void npyFloatArrays() throws Exception {
        fuzzer.fuzz(npy, 3, "x.npy", Npy::readFloat32);
    }

    @Test
    void npyIntegerArrays() throws Exception {
        fuzzer.fuzz(npy, 4, "ids.npy", Npy::readInts);
    }

    @Test
    void csvSeries() throws Exception {
        fuzzer.fuzz(csv, 5, "series.csv", f -> SeriesCsv.read(f, "value", "time"));
    }

    @Test
    void labelledTexts() throws Exception {
        fuzzer.fuzz(csv, 6, "reviews.csv", f -> LabelledTexts.read(f, LabelledTexts.Columns.of("text", "label")));
    }

    @Test
    void utf8Text() throws Exception {
        fuzzer.fuzz(text, 7, "novel.txt", TextFiles::read);
    }
}
