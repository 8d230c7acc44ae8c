package org.rnn4j.interop;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelFormatTest {
    @TempDir
    Path dir;

    @Test
    void aZipWithAConfigIsAKerasArchiveWhateverItsName() throws IOException {
        Path file = dir.resolve("model.bin");
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(file))) {
            zip.putNextEntry(new ZipEntry("metadata.json"));
            zip.write("{}".getBytes(StandardCharsets.UTF_8));
            zip.putNextEntry(new ZipEntry("config.json"));
            zip.write("{}".getBytes(StandardCharsets.UTF_8));
        }
        assertThat(ModelFormat.detect(file)).isEqualTo(ModelFormat.KERAS_ZIP);
    }

    @Test
    void theHdf5SignatureIsAKerasH5File() throws IOException {
        Path file = write("weights.safetensors", new byte[] {(byte) 0x89, 'H', 'D', 'F', '\r', '\n', 0x1a, '\n', 0});
        assertThat(ModelFormat.detect(file)).isEqualTo(ModelFormat.KERAS_H5);
    }

    @Test
    void aProtobufStartingWithIrVersionIsOnnx() throws IOException {
        Path file = write("model.h5", new byte[] {0x08, 0x08, 0x12, 0x07, 'p', 'y', 't', 'o', 'r', 'c', 'h'});
        assertThat(ModelFormat.detect(file)).isEqualTo(ModelFormat.ONNX);
    }

    @Test
    void anythingElseGoesToTheSafetensorsReader() throws IOException {
        assertThat(ModelFormat.detect(write("m.onnx", new byte[] {16, 0, 0, 0, 0, 0, 0, 0, '{', '}'})))
                .isEqualTo(ModelFormat.SAFETENSORS);
        // a 264-byte safetensors header: its length's low byte is ONNX's first tag
        assertThat(ModelFormat.detect(write("w.onnx", new byte[] {8, 1, 0, 0, 0, 0, 0, 0, '{', '"'})))
                .isEqualTo(ModelFormat.SAFETENSORS);
        assertThat(ModelFormat.detect(write("empty.keras", new byte[0]))).isEqualTo(ModelFormat.SAFETENSORS);
        assertThat(ModelFormat.detect(write("short", new byte[] {'P', 'K'}))).isEqualTo(ModelFormat.SAFETENSORS);
    }

    private Path write(String name, byte[] bytes) throws IOException {
        return Files.write(dir.resolve(name), bytes);
    }
}
