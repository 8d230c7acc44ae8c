package org.rnn4j.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.rnn4j.io.SafetensorsFixtures.littleEndian;
import static org.rnn4j.io.SafetensorsFixtures.littleEndianInts;
import static org.rnn4j.io.SafetensorsFixtures.littleEndianLongs;
import static org.rnn4j.io.SafetensorsFixtures.littleEndianShorts;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnn4j.tensor.Tensor;

/** Safetensors files: what is written, what is read back, and how other dtypes become float32. */
class SafetensorsTest {
    @TempDir
    Path dir;

    private static Tensor sequence(int... shape) {
        Tensor t = Tensor.zeros(shape);
        for (int i = 0; i < t.size(); i++) {
            t.set(i, i * 0.25f - 1f);
        }
        return t;
    }

    @Test
    void roundTripKeepsTensorsMetadataAndTheirOrder() {
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        tensors.put("weight_ih_l0", sequence(8, 3));
        tensors.put("weight_hh_l0", sequence(8, 2));
        tensors.put("bias_ih_l0", sequence(8));
        tensors.put("scale", Tensor.of(new float[] {Float.NaN}));        // a scalar, shape ()
        tensors.put("empty", Tensor.zeros(0, 4));
        tensors.put("extremes", Tensor.of(new float[] {Float.MIN_VALUE, -Float.MAX_VALUE, Float.NEGATIVE_INFINITY}, 3));
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put("spec", "{\"type\": \"lstm\", \"hidden\": 2}");
        metadata.put("format_version", "1");
        metadata.put("note", "ünïcödé ✓");
        Path file = dir.resolve("model.safetensors");

        Safetensors.write(file, tensors, metadata);
        SafetensorsFile read = Safetensors.read(file);

        assertThat(read.tensors()).containsOnlyKeys(tensors.keySet());
        assertThat(read.tensors().keySet()).containsExactlyElementsOf(tensors.keySet());
        tensors.forEach((name, expected) -> {
            Tensor actual = read.tensors().get(name);
            assertThat(actual.shape()).as(name).isEqualTo(expected.shape());
            assertThat(floatBits(actual)).as(name).isEqualTo(floatBits(expected)); // bit-exact, NaN included
        });
        assertThat(read.metadata()).containsExactlyEntriesOf(metadata);
    }

    private static int[] floatBits(Tensor t) {
        float[] values = t.toArray();
        return IntStream.range(0, values.length).map(i -> Float.floatToRawIntBits(values[i])).toArray();
    }

    @Test
    void writtenFileIsLengthThenSpacePaddedJsonThenLittleEndianData() throws IOException {
        Path file = dir.resolve("tiny.safetensors");
        Safetensors.write(file, Map.of("w", Tensor.of(new float[] {1f, -2f}, 2)), Map.of("format", "pt"));

        byte[] bytes = Files.readAllBytes(file);
        ByteBuffer buffer = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        long headerLength = buffer.getLong();
        String header = new String(bytes, 8, (int) headerLength, StandardCharsets.UTF_8);
        String json = "{\"__metadata__\":{\"format\":\"pt\"},\"w\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}";

        assertThat(headerLength % 8).as("the data region starts 8-byte aligned").isZero();
        assertThat(header).isEqualTo(json + " ".repeat((int) headerLength - json.length()));
        assertThat(Arrays.copyOfRange(bytes, 8 + (int) headerLength, bytes.length)).isEqualTo(littleEndian(1f, -2f));
    }

    @Test
    void tensorsAreLaidOutBackToBackInMapOrder() {
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        tensors.put("b", sequence(2, 3));
        tensors.put("a", sequence(5));
        Path file = dir.resolve("layout.safetensors");
        Safetensors.write(file, tensors);

        SafetensorsHeader header = Safetensors.readHeader(file);

        assertThat(header.tensors().values()).containsExactly(
                new SafetensorsHeader.Entry("b", "F32", new int[] {2, 3}, 0, 24),
                new SafetensorsHeader.Entry("a", "F32", new int[] {5}, 24, 44));
        assertThat(header.metadata()).isEmpty();
    }

    @Test
    void readHeaderDescribesEveryDtypeWithoutReadingData() {
        // U8 cannot be read as float32, but its header can still be inspected.
        Path file = SafetensorsFixtures.file(dir, "mixed.safetensors", "{\"__metadata__\":{\"arch\":\"gru\"},"
                + "\"ids\":{\"dtype\":\"U8\",\"shape\":[3],\"data_offsets\":[0,3]},"
                + "\"w\":{\"dtype\":\"BF16\",\"shape\":[1,2],\"data_offsets\":[3,7]}}", new byte[7]);

        SafetensorsHeader header = Safetensors.readHeader(file);

        assertThat(header.metadata()).containsExactly(Map.entry("arch", "gru"));
        SafetensorsHeader.Entry ids = header.tensors().get("ids");
        assertThat(ids.dtype()).isEqualTo("U8");
        assertThat(ids.shape()).containsExactly(3);
        SafetensorsHeader.Entry w = header.tensors().get("w");
        assertThat(w.dtype()).isEqualTo("BF16");
        assertThat(w.shape()).containsExactly(1, 2);
        assertThat(w.elementCount()).isEqualTo(2);
        assertThat(w.byteLength()).isEqualTo(4);
    }

    @Test
    void dataOffsetsAreRelativeToTheDataRegionAndNeedNotFollowHeaderOrder() {
        byte[] data = littleEndian(1f, 2f, 3f);
        Path file = SafetensorsFixtures.file(dir, "reordered.safetensors",
                "{\"second\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[8,12]},"
                        + "\"first\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}", data);

        SafetensorsFile read = Safetensors.read(file);

        assertThat(read.tensors().keySet()).containsExactly("second", "first");
        assertThat(read.tensors().get("first").toArray()).containsExactly(1f, 2f);
        assertThat(read.tensors().get("second").toArray()).containsExactly(3f);
    }

    @Test
    void f64IsRoundedToFloat32() {
        Tensor t = readSingle("F64", new int[] {3}, SafetensorsFixtures.littleEndian(0.1, -1e-30, 1e6 + 0.5));

        assertThat(t.toArray()).containsExactly(0.1f, -1e-30f, 1000000.5f);
    }

    @Test
    void f16IsWidenedExactlyIncludingSubnormalsInfinitiesAndNan() {
        // 1.0, -2.0, largest half 65504, smallest subnormal 2^-24, +inf, -0.0, NaN
        Tensor t = readSingle("F16", new int[] {7},
                littleEndianShorts(0x3C00, 0xC000, 0x7BFF, 0x0001, 0x7C00, 0x8000, 0x7E00));

        float[] v = t.toArray();
        assertThat(Arrays.copyOf(v, 5)).containsExactly(1f, -2f, 65504f, 0x1p-24f, Float.POSITIVE_INFINITY);
        assertThat(Float.floatToRawIntBits(v[5])).isEqualTo(Float.floatToRawIntBits(-0f));
        assertThat(v[6]).isNaN();
    }

    @Test
    void bf16IsTheUpperHalfOfAFloat32() {
        Tensor t = readSingle("BF16", new int[] {2, 2}, littleEndianShorts(0x3F80, 0xC040, 0x4049, 0x0000));

        assertThat(t.shape()).containsExactly(2, 2);
        assertThat(t.toArray()).containsExactly(1f, -3f, Float.intBitsToFloat(0x40490000), 0f);
    }

    @Test
    void integersUpTo2Pow24AreConvertedExactly() {
        assertThat(readSingle("I32", new int[] {3}, littleEndianInts(-7, 16777216, -16777216)).toArray())
                .containsExactly(-7f, 16777216f, -16777216f);
        assertThat(readSingle("I64", new int[] {2}, littleEndianLongs(42, -16777216)).toArray())
                .containsExactly(42f, -16777216f);
    }

    @Test
    void integersBeyond2Pow24AreRefusedRatherThanRounded() {
        Path i32 = singleTensorFile("I32", new int[] {2}, littleEndianInts(1, 16777217));
        Path i64 = singleTensorFile("I64", new int[] {1}, littleEndianLongs(Long.MIN_VALUE));

        assertThatThrownBy(() -> Safetensors.read(i32)).isInstanceOf(FileFormatException.class)
                .hasMessageStartingWith(i32 + ": tensor 'x': ")
                .hasMessageContaining("integer 16777217 at flat index 1 cannot be converted to float32 exactly");
        assertThatThrownBy(() -> Safetensors.read(i64)).isInstanceOf(FileFormatException.class)
                .hasMessageContaining("tensor 'x'").hasMessageContaining("cannot be converted to float32 exactly");
    }

    @Test
    void f64OutsideTheFloat32RangeIsRefused() {
        Path file = singleTensorFile("F64", new int[] {1}, SafetensorsFixtures.littleEndian(1e300));

        assertThatThrownBy(() -> Safetensors.read(file)).isInstanceOf(FileFormatException.class)
                .hasMessageContaining("tensor 'x'").hasMessageContaining("outside the float32 range");
    }

    @Test
    void tensorsLargerThanOneReadChunkAreReadWhole() {
        int n = ChannelReader.CHUNK_BYTES / 2 + 3; // F64: spans three chunks
        double[] values = new double[n];
        for (int i = 0; i < n; i++) {
            values[i] = i;
        }
        Tensor t = readSingle("F64", new int[] {n}, SafetensorsFixtures.littleEndian(values));

        assertThat(t.get(0)).isZero();
        assertThat(t.get(n / 2)).isEqualTo((float) (n / 2));
        assertThat(t.get(n - 1)).isEqualTo((float) (n - 1));
    }

    @Test
    void aTensorCannotBeNamedLikeTheMetadata() {
        Path file = dir.resolve("bad.safetensors");

        assertThatThrownBy(() -> Safetensors.write(file, Map.of("__metadata__", Tensor.zeros(1))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("__metadata__");
        assertThat(file).doesNotExist();
    }

    @Test
    void writingReplacesAnExistingFile() {
        Path file = dir.resolve("model.safetensors");
        Safetensors.write(file, Map.of("old", Tensor.zeros(100)));

        Safetensors.write(file, Map.of("new", Tensor.full(2f, 1)));

        assertThat(Safetensors.read(file).tensors()).containsOnlyKeys("new");
        assertThat(dir).isDirectoryContaining(p -> true).isDirectoryNotContaining(p -> p.toString().contains(".tmp-"));
    }

    @Test
    void aRefusedWriteLeavesTheExistingFileUnchanged() throws IOException {
        Path file = dir.resolve("model.safetensors");
        Safetensors.write(file, Map.of("w", Tensor.full(1f, 3)));
        byte[] before = Files.readAllBytes(file);
        Map<String, Tensor> withNull = new LinkedHashMap<>();
        withNull.put("w", Tensor.zeros(3));
        withNull.put("missing", null);

        assertThatThrownBy(() -> Safetensors.write(file, withNull))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("tensor 'missing' is null");
        assertThat(Files.readAllBytes(file)).isEqualTo(before);
    }

    private Tensor readSingle(String dtype, int[] shape, byte[] data) {
        return Safetensors.read(singleTensorFile(dtype, shape, data)).tensors().get("x");
    }

    private Path singleTensorFile(String dtype, int[] shape, byte[] data) {
        String json = "{\"x\":{\"dtype\":\"" + dtype + "\",\"shape\":" + Arrays.toString(shape)
                + ",\"data_offsets\":[0," + data.length + "]}}";
        return SafetensorsFixtures.file(dir, dtype + ".safetensors", json, data);
    }
}
