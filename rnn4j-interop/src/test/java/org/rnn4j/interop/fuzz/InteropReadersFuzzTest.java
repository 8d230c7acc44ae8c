package org.rnn4j.interop.fuzz;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.rnn4j.interop.keras.KerasImport;
import org.rnn4j.interop.onnx.OnnxModel;
import org.rnn4j.testing.FileFuzzer;

/**
 * The Keras and ONNX readers under {@link FileFuzzer}'s mutations of real files (a Keras 3 archive, a legacy HDF5
 * file, an ONNX export): each read ends in a model or rnn4j's own one-line error naming the file, never a
 * library's exception (jhdf's, protobuf's, the ZIP reader's), an {@link Error} or a hang. Long run: {@code mvn -B
 * -ntp test -pl rnn4j-interop -am -Dtest=InteropReadersFuzzTest -Dsurefire.failIfNoSpecifiedTests=false
 * -Drnn4j.fuzz.cases=5000}.
 */
class InteropReadersFuzzTest {
    private static final Path GOLDEN = Path.of("src", "test", "resources", "golden");
    private static FileFuzzer fuzzer;

    @BeforeAll
    static void start() throws IOException {
        fuzzer = new FileFuzzer();
    }

    @AfterAll
    static void stop() throws IOException {
        fuzzer.close();
    }

    @Test
    void kerasArchives() throws Exception {
        byte[] seed = Files.readAllBytes(GOLDEN.resolve("keras/bidirectional_concat.keras"));
        fuzzer.fuzz(seed, 11, "model.keras", KerasImport::read);
    }

    @Test
    void kerasHdf5Files() throws Exception {
        byte[] seed;
        try (InputStream in = new GZIPInputStream(Files.newInputStream(GOLDEN.resolve("keras/lstm_softmax.h5.gz")))) {
            seed = in.readAllBytes();
        }
        fuzzer.fuzz(seed, 12, "model.h5", KerasImport::read);
    }

    @Test
    void onnxModels() throws Exception {
        byte[] seed = Files.readAllBytes(GOLDEN.resolve("onnx/export/lstm_l2_bi.onnx"));
        fuzzer.fuzz(seed, 13, "model.onnx", OnnxModel::load);
    }
}
