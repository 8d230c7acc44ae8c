package org.rnn4j.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnn4j.io.FileFormatException;
import org.rnn4j.tensor.Tensor;

/** The IDX reader on a real MNIST slice (the first 100 training digits) and on hand-made broken files. */
class IdxTest {
    @TempDir
    Path dir;

    private static Path slice(String name) {
        try {
            return Path.of(IdxTest.class.getResource("/mnist/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Header fields as big-endian ints, then the data bytes. */
    private static byte[] idx(int[] header, byte[] data) {
        ByteBuffer bytes = ByteBuffer.allocate(4 * header.length + data.length); // big-endian by default
        for (int field : header) {
            bytes.putInt(field);
        }
        return bytes.put(data).array();
    }

    private Path write(String name, byte[] bytes) throws IOException {
        Path file = dir.resolve(name);
        Files.write(file, bytes);
        return file;
    }

    private static byte[] gzip(byte[] bytes) throws IOException {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        try (OutputStream out = new GZIPOutputStream(buffer)) {
            out.write(bytes);
        }
        return buffer.toByteArray();
    }

    @Test
    void theGzippedMnistSliceHoldsTheFirstHundredTrainingLabelsInOrder() {
        int[] labels = Idx.readLabels(slice("train-labels-idx1-ubyte.gz"));

        assertThat(labels).hasSize(100);
        assertThat(Arrays.copyOf(labels, 10)).containsExactly(5, 0, 4, 1, 9, 2, 1, 3, 1, 4);
        assertThat(Arrays.stream(labels).distinct().sorted().toArray()).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
    }

    @Test
    void theGzippedMnistSliceHoldsHundredImagesOf28By28UnsignedPixels() {
        Idx.Images images = Idx.readImages(slice("train-images-idx3-ubyte.gz"));

        assertThat(images.count()).isEqualTo(100);
        assertThat(images.rows()).isEqualTo(28);
        assertThat(images.cols()).isEqualTo(28);
        assertThat(images.pixels()).hasSize(100 * 28 * 28);
        assertThat(images.pixel(0, 0, 0)).as("MNIST digits have a black border").isZero();
        int max = 0;
        for (byte b : images.pixels()) {
            max = Math.max(max, Byte.toUnsignedInt(b));
        }
        assertThat(max).as("pixels are unsigned: 255 is not read as -1").isEqualTo(255);
    }

    @Test
    void aBatchIsFloatImagesScaledToTheUnitIntervalInTheOrderOfTheIndicesGiven() {
        Idx.Images images = Idx.readImages(slice("train-images-idx3-ubyte.gz"));

        Tensor batch = images.batch(new int[] {3, 0}); // (B, rows, cols)

        assertThat(batch.shape()).containsExactly(2, 28, 28);
        for (int r = 0; r < 28; r++) {
            for (int c = 0; c < 28; c++) {
                assertThat(batch.at(0, r, c)).isEqualTo(images.pixel(3, r, c) / 255f);
                assertThat(batch.at(1, r, c)).isEqualTo(images.pixel(0, r, c) / 255f);
            }
        }
    }

    @Test
    void anUncompressedFileIsReadTheSameWayAsAGzippedOne() throws IOException {
        byte[] bytes = idx(new int[] {Idx.IMAGES_MAGIC, 2, 1, 3}, new byte[] {0, 1, 2, (byte) 200, (byte) 255, 7});

        Idx.Images plain = Idx.readImages(write("images-idx3-ubyte", bytes));
        Idx.Images gzipped = Idx.readImages(write("images-idx3-ubyte.gz", gzip(bytes)));

        assertThat(plain.count()).isEqualTo(2);
        assertThat(plain.rows()).isEqualTo(1);
        assertThat(plain.cols()).isEqualTo(3);
        assertThat(plain.pixel(1, 0, 1)).isEqualTo(255);
        assertThat(gzipped.pixels()).isEqualTo(plain.pixels());
        assertThat(Idx.readLabels(write("labels", idx(new int[] {Idx.LABELS_MAGIC, 3}, new byte[] {9, 0, 4}))))
                .containsExactly(9, 0, 4);
    }

    @Test
    void aLabelsFileReadAsImagesIsRefusedNamingBothMagicNumbers() {
        Path labels = slice("train-labels-idx1-ubyte.gz");

        assertThatThrownBy(() -> Idx.readImages(labels))
                .isInstanceOf(FileFormatException.class)
                .hasMessage(labels + ": expected magic 0x00000803 (IDX images), got 0x00000801 (IDX labels)");
    }

    @Test
    void anImagesFileReadAsLabelsIsRefused() {
        Path images = slice("train-images-idx3-ubyte.gz");

        assertThatThrownBy(() -> Idx.readLabels(images))
                .isInstanceOf(FileFormatException.class)
                .hasMessage(images + ": expected magic 0x00000801 (IDX labels), got 0x00000803 (IDX images)");
    }

    @Test
    void aFileThatIsNotIdxIsRefusedWithItsMagicNumber() throws IOException {
        Path file = write("notes.txt", "hello, world".getBytes(StandardCharsets.US_ASCII));

        assertThatThrownBy(() -> Idx.readLabels(file))
                .isInstanceOf(FileFormatException.class)
                .hasMessage(file + ": expected magic 0x00000801 (IDX labels), got 0x68656C6C (not an IDX file of"
                        + " unsigned bytes)");
    }

    @Test
    void aGzippedFileWithoutTheGzSuffixIsRefusedWithAHint() throws IOException {
        Path file = write("labels-idx1-ubyte", gzip(idx(new int[] {Idx.LABELS_MAGIC, 1}, new byte[] {3})));

        assertThatThrownBy(() -> Idx.readLabels(file))
                .isInstanceOf(FileFormatException.class)
                .hasMessageStartingWith(file + ": expected magic 0x00000801 (IDX labels), got 0x1F8B")
                .hasMessageEndingWith("(a gzip file: name it *.gz)");
    }

    @Test
    void imagesShorterThanTheirHeaderPromisesAreRefusedAsTruncated() throws IOException {
        Path file = write("images", idx(new int[] {Idx.IMAGES_MAGIC, 2, 2, 2}, new byte[5]));

        assertThatThrownBy(() -> Idx.readImages(file))
                .isInstanceOf(FileFormatException.class)
                .hasMessage(file + ": truncated: the header promises 2 images of 2×2 (8 bytes of data), but only 5"
                        + " follow");
    }

    @Test
    void aHeaderCutShortIsRefusedNamingTheMissingField() throws IOException {
        Path file = write("images", idx(new int[] {Idx.IMAGES_MAGIC, 2}, new byte[0]));

        assertThatThrownBy(() -> Idx.readImages(file))
                .isInstanceOf(FileFormatException.class)
                .hasMessage(file + ": truncated header: no rows");
    }

    @Test
    void labelsBeyondTheirCountAreRefusedAsACountMismatch() throws IOException {
        Path file = write("labels", idx(new int[] {Idx.LABELS_MAGIC, 2}, new byte[] {1, 2, 3}));

        assertThatThrownBy(() -> Idx.readLabels(file))
                .isInstanceOf(FileFormatException.class)
                .hasMessage(file + ": more bytes than the header's 2 labels (2 bytes of data): the count does not"
                        + " match the data");
    }

    @Test
    void aNegativeCountIsRefused() throws IOException {
        Path file = write("labels", idx(new int[] {Idx.LABELS_MAGIC, -1}, new byte[0]));

        assertThatThrownBy(() -> Idx.readLabels(file))
                .isInstanceOf(FileFormatException.class)
                .hasMessage(file + ": label count must not be negative, got -1");
    }

    @Test
    void aTruncatedGzipStreamIsRefusedAsAFormatError() throws IOException {
        byte[] whole = gzip(idx(new int[] {Idx.LABELS_MAGIC, 1000}, new byte[1000]));
        Path file = write("labels.gz", Arrays.copyOf(whole, whole.length / 2));

        assertThatThrownBy(() -> Idx.readLabels(file))
                .isInstanceOf(FileFormatException.class)
                .hasMessageStartingWith(file.toString());
    }
}
