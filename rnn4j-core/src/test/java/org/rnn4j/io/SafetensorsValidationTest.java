package org.rnn4j.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A malformed safetensors file is refused before any tensor is allocated, with a message that starts with the
 * file's path, names the tensor at fault, and says what is wrong.
 */
class SafetensorsValidationTest {
    @TempDir
    Path dir;

    @Test
    void fileShorterThanTheLengthField() {
        Path file = SafetensorsFixtures.write(dir.resolve("stub.safetensors"), new byte[5]);

        assertRefused(file, "file is 5 bytes, too short for the 8-byte header length");
    }

    @Test
    void headerLengthBeyondTheEndOfTheFile() {
        Path file = SafetensorsFixtures.file(dir, "model.safetensors", 9999999, new byte[112], new byte[0]);

        assertRefused(file, "header length 9999999 exceeds file size 120 bytes");
    }

    @Test
    void headerLengthWithTheTopBitSetIsReadAsUnsigned() {
        Path file = SafetensorsFixtures.file(dir, "model.safetensors", -1L, new byte[8], new byte[0]);

        assertRefused(file, "header length 18446744073709551615 exceeds file size 16 bytes");
    }

    @Test
    void headerLengthOver100MiBIsRefusedEvenWhenTheFileIsThatLarge() throws IOException {
        long headerLength = Safetensors.MAX_HEADER_BYTES + 8;
        Path file = dir.resolve("huge.safetensors");
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.setLength(8 + headerLength); // sparse: no disk space used
            raf.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(headerLength).array());
        }

        assertRefused(file, "header length " + headerLength + " exceeds the limit of 104857600 bytes (100 MiB)");
    }

    @Test
    void dataRegionShorterThanTheHeaderClaims() {
        Path file = SafetensorsFixtures.file(dir, "cut.safetensors",
                "{\"w\":{\"dtype\":\"F32\",\"shape\":[4],\"data_offsets\":[0,16]}}", new byte[12]);

        assertRefused(file, "tensor 'w'", "data_offsets [0, 16] reach past the end of the data region (12 bytes)");
    }

    @Test
    void unsupportedDtypeIsRefusedByReadButDescribedByReadHeader() {
        Path file = SafetensorsFixtures.file(dir, "bytes.safetensors",
                "{\"mask\":{\"dtype\":\"BOOL\",\"shape\":[2],\"data_offsets\":[0,2]}}", new byte[2]);

        assertThat(Safetensors.readHeader(file).tensors().get("mask").dtype()).isEqualTo("BOOL");
        assertRefused(file, "tensor 'mask'", "dtype BOOL cannot be read as float32 (supported: F16, BF16, I32, F32, I64, F64)");
    }

    @Test
    void missingFileSaysSo() {
        Path file = dir.resolve("absent.safetensors");

        assertThatThrownBy(() -> Safetensors.read(file)).isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("could not read " + file).hasMessageContaining("no such file");
    }

    static Stream<Arguments> malformedHeaders() {
        String w = "\"w\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}";
        return Stream.of(
                Arguments.of("invalid JSON", "{\"w\": {", "header is not valid JSON"),
                Arguments.of("only spaces", "        ", "header is not a JSON object but nothing"),
                Arguments.of("JSON that is not an object", "[1, 2]", "header is not a JSON object but [1,2]"),
                Arguments.of("text after the object", "{" + w + "} {}", "header is not valid JSON"),
                Arguments.of("a key given twice", "{" + w + "," + w + "}", "header is not valid JSON: Duplicate field 'w'"),
                Arguments.of("metadata that is not an object", "{\"__metadata__\": 3}",
                        "__metadata__ must be an object of strings, got 3"),
                Arguments.of("metadata value that is not a string", "{\"__metadata__\": {\"epochs\": 3}}",
                        "__metadata__ must map strings to strings, but key 'epochs' holds 3"),
                Arguments.of("entry that is not an object", "{\"w\": [0, 8]}",
                        "tensor 'w': expected an object with dtype, shape and data_offsets, got [0,8]"),
                Arguments.of("missing dtype", "{\"w\":{\"shape\":[2],\"data_offsets\":[0,8]}}",
                        "tensor 'w': missing \"dtype\""),
                Arguments.of("missing shape", "{\"w\":{\"dtype\":\"F32\",\"data_offsets\":[0,8]}}",
                        "tensor 'w': missing \"shape\""),
                Arguments.of("missing data_offsets", "{\"w\":{\"dtype\":\"F32\",\"shape\":[2]}}",
                        "tensor 'w': missing \"data_offsets\""),
                Arguments.of("dtype that is not a string", "{\"w\":{\"dtype\":4,\"shape\":[2],\"data_offsets\":[0,8]}}",
                        "tensor 'w': \"dtype\" must be a string, got 4"),
                Arguments.of("shape that is not an array", "{\"w\":{\"dtype\":\"F32\",\"shape\":\"2\",\"data_offsets\":[0,8]}}",
                        "tensor 'w': \"shape\" must be an array of integers, got \"2\""),
                Arguments.of("shape with a fraction", "{\"w\":{\"dtype\":\"F32\",\"shape\":[2.5],\"data_offsets\":[0,8]}}",
                        "tensor 'w': \"shape\" must be an array of integers, got [2.5]"),
                Arguments.of("data_offsets with one number", "{\"w\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[8]}}",
                        "tensor 'w': \"data_offsets\" must be [begin, end], two non-negative integers, got [8]"),
                Arguments.of("negative data_offsets", "{\"w\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[-8,0]}}",
                        "tensor 'w': \"data_offsets\" must be [begin, end], two non-negative integers, got [-8,0]"),
                Arguments.of("unknown dtype", "{\"w\":{\"dtype\":\"F128\",\"shape\":[2],\"data_offsets\":[0,8]}}",
                        "tensor 'w': unknown dtype \"F128\""),
                Arguments.of("negative dimension", "{\"w\":{\"dtype\":\"F32\",\"shape\":[-2, 1],\"data_offsets\":[0,8]}}",
                        "tensor 'w': shape [-2,1] has a negative dimension"),
                Arguments.of("dimension over 2^31", "{\"w\":{\"dtype\":\"F32\",\"shape\":[3000000000],\"data_offsets\":[0,8]}}",
                        "tensor 'w': dimension 3000000000 of shape [3000000000] is too large"),
                Arguments.of("end before begin", "{\"w\":{\"dtype\":\"F32\",\"shape\":[0],\"data_offsets\":[8,0]}}",
                        "tensor 'w': data_offsets [8, 0] end before they begin"),
                Arguments.of("range past the data region", "{\"w\":{\"dtype\":\"F32\",\"shape\":[4],\"data_offsets\":[8,24]}}",
                        "tensor 'w': data_offsets [8, 24] reach past the end of the data region (16 bytes)"),
                Arguments.of("range of the wrong size", "{\"w\":{\"dtype\":\"F32\",\"shape\":[2,3],\"data_offsets\":[0,12]}}",
                        "tensor 'w': data_offsets [0, 12] hold 12 bytes, but F32 shape (2, 3) needs 24"),
                Arguments.of("overlapping tensors", "{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
                        + "\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[4,12]}}",
                        "tensor 'b': data_offsets [4, 12] overlap tensor 'a' at [0, 8]"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformedHeaders")
    void malformedHeaderIsRefusedByReadAndReadHeader(String what, String headerJson, String expected) {
        Path file = SafetensorsFixtures.file(dir, "model.safetensors", headerJson, new byte[16]);

        assertRefused(file, expected);
        assertThatThrownBy(() -> Safetensors.readHeader(file)).isInstanceOf(FileFormatException.class)
                .hasMessageContaining(expected);
    }

    @Test
    void headerThatIsNotUtf8() {
        byte[] header = "{\"w\u00ff\":{}}".getBytes(StandardCharsets.ISO_8859_1);
        Path file = SafetensorsFixtures.file(dir, "latin1.safetensors", header.length, header, new byte[0]);

        assertRefused(file, "header is not valid JSON", "UTF-8");
    }

    private static void assertRefused(Path file, String... phrases) {
        assertThatThrownBy(() -> Safetensors.read(file))
                .isInstanceOf(FileFormatException.class)
                .hasMessageStartingWith(file + ": ")
                .hasMessageContainingAll(phrases);
    }

    @Test
    void aNumpyFileGivenAsAModelIsNamedForWhatItIs(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path npy = dir.resolve("x.npy");
        Npy.write(npy, org.rnn4j.tensor.Tensor.zeros(2, 3));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Safetensors.readHeader(npy))
                .isInstanceOf(FileFormatException.class)
                .hasMessageContaining("x.npy: is a NumPy .npy file, not a safetensors model file");
    }
}
