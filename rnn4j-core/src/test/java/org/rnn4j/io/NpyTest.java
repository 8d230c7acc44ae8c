package org.rnn4j.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.rnn4j.tensor.Tensor;

/**
 * NumPy .npy files. The reference files under {@code src/test/resources/org/rnn4j/io/numpy} were written by
 * NumPy 2.4 ({@code generate.py} there): this reader must read them and this writer must reproduce them.
 */
class NpyTest {
    /** The array in the reference files: {@code [[0, 0.5, -1.25], [3, 1e-3, 65504]]} as float32. */
    private static final float[] REFERENCE = {0f, 0.5f, -1.25f, 3f, 1e-3f, 65504f};

    @TempDir
    Path dir;

    private static Path numpyFile(String name) {
        try {
            return Path.of(NpyTest.class.getResource("numpy/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    // ---- writing ----

    @Test
    void headerIsNumpysDictPaddedWithSpacesToA64ByteBoundary() throws IOException {
        Path file = dir.resolve("a.npy");
        Npy.write(file, Tensor.of(REFERENCE, 2, 3));

        byte[] bytes = Files.readAllBytes(file);
        int headerLength = ByteBuffer.wrap(bytes, 8, 2).order(ByteOrder.LITTLE_ENDIAN).getShort();
        String header = new String(bytes, 10, headerLength, StandardCharsets.US_ASCII);

        assertThat(Arrays.copyOf(bytes, 8)).as("magic and version 1.0")
                .isEqualTo(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0});
        assertThat(10 + headerLength).as("data offset").isEqualTo(128);
        String dict = "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }";
        assertThat(header).isEqualTo(dict + " ".repeat(headerLength - dict.length() - 1) + "\n");
        assertThat(bytes).hasSize(128 + 4 * 6);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"float32_2x3.npy", "float32_scalar.npy", "float32_empty_0x4.npy"})
    void writesTheSameBytesAsNumpy(String reference) throws IOException {
        Path numpy = numpyFile(reference);
        Path ours = dir.resolve(reference);

        Npy.write(ours, Npy.readFloat32(numpy));

        assertThat(Files.readAllBytes(ours)).isEqualTo(Files.readAllBytes(numpy));
    }

    @Test
    void dataStartsAtAMultipleOf64BytesForEveryRankAndDimensionWidth() throws IOException {
        int[][] shapes = {{}, {1}, {123456789, 0}, {1, 2, 3, 4, 5, 6, 7, 8},
            {100000, 100000, 100000, 100000, 100000, 100000, 100000, 100000, 100000, 100000, 0}};
        for (int[] shape : shapes) {
            Path file = dir.resolve("aligned.npy");
            Npy.write(file, Tensor.zeros(shape));
            byte[] bytes = Files.readAllBytes(file);
            int headerLength = ByteBuffer.wrap(bytes, 8, 2).order(ByteOrder.LITTLE_ENDIAN).getShort();

            assertThat((10 + headerLength) % 64).as(Arrays.toString(shape)).isZero();
            assertThat(bytes[10 + headerLength - 1]).as("header ends in a newline").isEqualTo((byte) '\n');
            assertThat(Npy.readHeader(file).shape()).isEqualTo(shape);
        }
    }

    @ParameterizedTest(name = "rank {0}")
    @ValueSource(ints = {0, 1, 2, 3, 4})
    void roundTripKeepsShapeAndEveryValue(int rank) {
        int[] shape = Arrays.copyOf(new int[] {2, 3, 4, 5}, rank);
        Tensor tensor = Tensor.zeros(shape);
        for (int i = 0; i < tensor.size(); i++) {
            tensor.set(i, (float) Math.sin(i) * 1e3f);
        }
        Path file = dir.resolve("rank" + rank + ".npy");

        Npy.write(file, tensor);
        Tensor read = Npy.readFloat32(file);

        assertThat(read.shape()).isEqualTo(shape);
        assertThat(read.toArray()).isEqualTo(tensor.toArray());
    }

    // ---- reading NumPy's own files ----

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"float32_2x3.npy", "float32_2x3_v2.npy", "float32_2x3_v3.npy"})
    void readsFormatVersions1To3(String name) {
        Tensor t = Npy.readFloat32(numpyFile(name));

        assertThat(t.shape()).containsExactly(2, 3);
        assertThat(t.toArray()).containsExactly(REFERENCE);
    }

    @Test
    void readsScalarsAndEmptyArrays() {
        Tensor scalar = Npy.readFloat32(numpyFile("float32_scalar.npy"));
        Tensor empty = Npy.readFloat32(numpyFile("float32_empty_0x4.npy"));

        assertThat(scalar.shape()).isEmpty();
        assertThat(scalar.toArray()).containsExactly(2.5f);
        assertThat(empty.shape()).containsExactly(0, 4);
    }

    @Test
    void readHeaderReportsDtypeOrderAndShape() {
        assertThat(Npy.readHeader(numpyFile("float32_fortran_2x3.npy")))
                .isEqualTo(new NpyHeader("<f4", true, new int[] {2, 3}));
        assertThat(Npy.readHeader(numpyFile("int64_labels.npy")))
                .isEqualTo(new NpyHeader("<i8", false, new int[] {5}));
    }

    @Test
    void readIntsAcceptsInt32Int64AndWholeFloat32() {
        Path whole = dir.resolve("whole.npy");
        Npy.write(whole, Tensor.of(new float[] {3f, -1f, 0f}, 3));

        assertThat(Npy.readInts(numpyFile("int32_ids.npy"))).containsExactly(7, 0, 42);
        assertThat(Npy.readInts(numpyFile("int64_labels.npy"))).containsExactly(0, 3, 1, Integer.MAX_VALUE, -5);
        assertThat(Npy.readInts(whole)).containsExactly(3, -1, 0);
    }

    // ---- refusing what is not float32 C-order data ----

    @Test
    void otherDtypeIsNamedNextToTheExpectedOne() {
        Path f8 = numpyFile("float64_2x3.npy");
        Path bigEndian = numpyFile("float32_bigendian_2x3.npy");

        assertRefused(() -> Npy.readFloat32(f8), f8, "dtype '<f8' is not supported; expected float32 ('<f4')");
        assertRefused(() -> Npy.readFloat32(bigEndian), bigEndian,
                "dtype '>f4' is not supported; expected float32 ('<f4')");
    }

    @Test
    void fortranOrderIsRefused() {
        Path file = numpyFile("float32_fortran_2x3.npy");

        assertRefused(() -> Npy.readFloat32(file), file,
                "fortran_order is True (column-major data) for shape (2, 3); expected C order");
    }

    @Test
    void fortranOrderIsTheSameLayoutInOneDimension() throws IOException {
        Path file = npyFile("f1d.npy", 1, "{'descr': '<f4', 'fortran_order': True, 'shape': (2,), }",
                SafetensorsFixtures.littleEndian(1f, 2f));

        assertThat(Npy.readFloat32(file).toArray()).containsExactly(1f, 2f);
    }

    @Test
    void truncatedDataIsRefused() throws IOException {
        byte[] full = Files.readAllBytes(numpyFile("float32_2x3.npy"));
        Path file = SafetensorsFixtures.write(dir.resolve("cut.npy"), Arrays.copyOf(full, full.length - 4));

        assertRefused(() -> Npy.readFloat32(file), file,
                "data is truncated: shape (2, 3) of '<f4' needs 24 bytes after the header, the file holds 20");
    }

    @Test
    void fileWithoutTheMagicIsRefused() {
        Path file = SafetensorsFixtures.write(dir.resolve("text.npy"), "hello, world".getBytes(StandardCharsets.US_ASCII));
        Path empty = SafetensorsFixtures.write(dir.resolve("empty.npy"), new byte[0]);

        assertRefused(() -> Npy.readFloat32(file), file, "not a NumPy .npy file");
        assertRefused(() -> Npy.readHeader(empty), empty, "not a NumPy .npy file");
    }

    @Test
    void unknownFormatVersionIsRefused() throws IOException {
        Path file = npyFile("v4.npy", 4, "{}", new byte[0]);

        assertRefused(() -> Npy.readHeader(file), file, "unsupported .npy format version 4.0 (supported: 1.0, 2.0, 3.0)");
    }

    @Test
    void headerLongerThanTheFileIsRefused() throws IOException {
        byte[] full = Files.readAllBytes(numpyFile("float32_2x3.npy"));
        Path file = SafetensorsFixtures.write(dir.resolve("cut-header.npy"), Arrays.copyOf(full, 50));

        assertRefused(() -> Npy.readHeader(file), file, "header length 118 exceeds file size 50 bytes");
    }

    @Test
    void headerThatIsNotAPythonLiteralIsRefused() throws IOException {
        Path file = npyFile("bad.npy", 1, "{'descr': '<f4' 'shape': (2,)}", new byte[8]);

        assertRefused(() -> Npy.readHeader(file), file, "header is not a valid Python literal (expected ',' or '}' at character 16)",
                "{'descr': '<f4' 'shape': (2,)}");
    }

    @Test
    void headerThatIsNotADictIsRefused() throws IOException {
        Path file = npyFile("list.npy", 1, "['<f4', False, (2,)]", new byte[8]);

        assertRefused(() -> Npy.readHeader(file), file, "header is not a Python dict");
    }

    @Test
    void headerWithMissingOrExtraKeysIsRefused() throws IOException {
        Path file = npyFile("keys.npy", 1, "{'descr': '<f4', 'shape': (2,), }", new byte[8]);

        assertRefused(() -> Npy.readHeader(file), file,
                "header must have exactly the keys 'descr', 'fortran_order' and 'shape', found [descr, shape]");
    }

    @Test
    void malformedShapesAreRefused() throws IOException {
        Path negative = npyFile("neg.npy", 1, "{'descr': '<f4', 'fortran_order': False, 'shape': (2, -3), }", new byte[0]);
        Path list = npyFile("list.npy", 1, "{'descr': '<f4', 'fortran_order': False, 'shape': [2, 3], }", new byte[0]);
        Path huge = npyFile("huge.npy", 1, "{'descr': '<f4', 'fortran_order': False, 'shape': (4294967296,), }",
                new byte[0]);

        assertRefused(() -> Npy.readHeader(negative), negative, "shape [2, -3] has a negative dimension");
        assertRefused(() -> Npy.readHeader(list), list, "shape must be a tuple of integers, got [2, 3]");
        assertRefused(() -> Npy.readHeader(huge), huge, "dimension 4294967296 of shape [4294967296] is too large");
    }

    @Test
    void structuredDtypeIsRefused() throws IOException {
        Path file = npyFile("rec.npy", 1, "{'descr': [('x', '<f4')], 'fortran_order': False, 'shape': (1,), }",
                new byte[4]);

        assertRefused(() -> Npy.readHeader(file), file, "is a structured or invalid dtype");
    }

    @Test
    void nonUtf8HeaderInVersion3IsRefused() throws IOException {
        byte[] header = "{'descr': '<f4\u00ff', 'fortran_order': False, 'shape': (), }".getBytes(StandardCharsets.ISO_8859_1);
        Path file = npyFile("latin.npy", 3, header, new byte[4]);

        assertRefused(() -> Npy.readHeader(file), file, "header is not valid UTF-8");
    }

    @Test
    void readIntsRefusesFractionsOverflowsOtherDtypesAndOtherRanks() throws IOException {
        Path fraction = dir.resolve("fraction.npy");
        Npy.write(fraction, Tensor.of(new float[] {1f, 2.5f}, 2));
        Path overflow = npyFile("big.npy", 1, "{'descr': '<i8', 'fortran_order': False, 'shape': (1,), }",
                SafetensorsFixtures.littleEndianLongs(1L << 31));
        Path f8 = numpyFile("float64_2x3.npy");
        Path matrix = numpyFile("float32_2x3.npy");

        assertRefused(() -> Npy.readInts(fraction), fraction, "value 2.5 at index 1 is not a whole number");
        assertRefused(() -> Npy.readInts(overflow), overflow, "value 2147483648 at index 0 does not fit in an int");
        assertRefused(() -> Npy.readInts(f8), f8,
                "dtype '<f8' is not supported; expected int32 ('<i4'), int64 ('<i8') or whole numbers in float32 ('<f4')");
        assertRefused(() -> Npy.readInts(matrix), matrix, "expected a 1-D array, got shape (2, 3)");
    }

    // ---- helpers ----

    private Path npyFile(String name, int major, String header, byte[] data) throws IOException {
        return npyFile(name, major, header.getBytes(StandardCharsets.ISO_8859_1), data);
    }

    /** Magic, version {@code major}.0, the length field of that version, the header as given, the data. */
    private Path npyFile(String name, int major, byte[] header, byte[] data) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', (byte) major, 0});
        ByteBuffer length = ByteBuffer.allocate(major == 1 ? 2 : 4).order(ByteOrder.LITTLE_ENDIAN);
        if (major == 1) {
            length.putShort((short) header.length);
        } else {
            length.putInt(header.length);
        }
        out.write(length.array());
        out.write(header);
        out.write(data);
        return SafetensorsFixtures.write(dir.resolve(name), out.toByteArray());
    }

    private static void assertRefused(ThrowingCallable read, Path file,
            String... phrases) {
        assertThatThrownBy(read).isInstanceOf(FileFormatException.class)
                .hasMessageStartingWith(file + ": ")
                .hasMessageContainingAll(phrases);
    }
}
