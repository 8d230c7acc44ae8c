package org.rnn4j.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Strict UTF-8: a file in another encoding is an error that says where and how to convert it. */
class TextFilesTest {
    @TempDir
    Path dir;

    @Test
    void readsUtf8TextWithLineEndingsAsTheyAre() throws IOException {
        Path file = Files.writeString(dir.resolve("novel.txt"), "Ça va?\r\nOui 😀\n");

        assertThat(TextFiles.read(file)).isEqualTo("Ça va?\r\nOui 😀\n");
    }

    @Test
    void dropsAByteOrderMark() throws IOException {
        Path file = Files.write(dir.resolve("bom.txt"), new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF, 'h', 'i'});

        assertThat(TextFiles.read(file)).isEqualTo("hi");
    }

    @Test
    void latin1TextIsRejectedNamingTheFileByteLineAndTheFix() throws IOException {
        Path file = Files.write(dir.resolve("notes.txt"), "one\ntwo\ncaf\u00e9 au lait\n".getBytes(StandardCharsets.ISO_8859_1));

        assertThatThrownBy(() -> TextFiles.read(file))
                .isInstanceOf(FileFormatException.class)
                .hasMessage(file + ": not valid UTF-8 at byte 11 (line 3): 0xE9 cannot start or continue a UTF-8"
                        + " character. The file is probably in another encoding, such as Latin-1 or Windows-1252;"
                        + " convert it to UTF-8, e.g. iconv -f latin1 -t utf-8 notes.txt > utf8-notes.txt");
    }

    @Test
    void aTruncatedCharacterAtTheEndIsRejected() throws IOException {
        Path file = Files.write(dir.resolve("cut.txt"), new byte[] {'o', 'k', (byte) 0xE2, (byte) 0x82});

        assertThatThrownBy(() -> TextFiles.read(file))
                .hasMessageStartingWith(file + ": not valid UTF-8 at byte 2 (line 1): 0xE2 0x82 cannot");
    }

    @Test
    void anEmptyFileIsAnError() throws IOException {
        Path file = Files.write(dir.resolve("empty.txt"), new byte[0]);

        assertThatThrownBy(() -> TextFiles.read(file))
                .isInstanceOf(FileFormatException.class)
                .hasMessage(file + ": the file is empty; expected UTF-8 text");
    }

    @Test
    void aBinaryFileIsCalledBinaryNotAnotherEncoding() throws IOException {
        Path file = Files.write(dir.resolve("model.safetensors"), new byte[] {8, 0, 0, 0, 0, 0, 0, 0, '{', '}'});

        assertThatThrownBy(() -> TextFiles.read(file)).isInstanceOf(FileFormatException.class)
                .hasMessageContaining("model.safetensors").hasMessageContaining("is a binary file, not text")
                .hasMessageNotContaining("Latin-1");
    }

    @Test
    void aFolderIsNamedAsAFolderNotAsAJavaException() throws IOException {
        Path folder = Files.createDirectory(dir.resolve("texts"));

        assertThatThrownBy(() -> TextFiles.read(folder)).hasMessageContaining("texts")
                .hasMessageContaining("it is a folder, not a file").hasMessageNotContaining("java.io");
    }

    @Test
    void aMissingFileIsNamed() {
        Path file = dir.resolve("missing.txt");

        assertThatThrownBy(() -> TextFiles.read(file))
                .isInstanceOf(UncheckedIOException.class)
                .hasMessage("could not read " + file + ": no such file");
    }

    @Test
    void gunzipsAGzFile() throws IOException {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        try (OutputStream out = new GZIPOutputStream(buffer)) {
            out.write("squeezed text".getBytes(StandardCharsets.UTF_8));
        }
        Path file = Files.write(dir.resolve("corpus.txt.gz"), buffer.toByteArray());

        assertThat(TextFiles.read(file)).isEqualTo("squeezed text");
        Path notGzip = Files.writeString(dir.resolve("plain.txt.gz"), "plain");
        assertThatThrownBy(() -> TextFiles.read(notGzip)).hasMessageContaining("is named .gz but is not gzip data");
    }
}
