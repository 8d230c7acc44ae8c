package org.rnn4j.io;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reads a whole text file as UTF-8, strictly.
 *
 * <p>Strictly, because the lenient alternative silently turns every byte that is not UTF-8 into {@code �}: a
 * Latin-1 or Windows-1252 corpus would then train a model on replacement characters without anyone noticing. Here
 * the first malformed byte is an error that names the file, the byte offset, the line, and the fix.
 *
 * <p>A UTF-8 byte order mark at the start is dropped; line endings are kept as they are. A name ending in
 * {@code .gz} is gunzipped first (offsets then count bytes of the uncompressed text).
 */
public final class TextFiles {
    private TextFiles() {
    }

    /**
     * The file's text.
     *
     * @throws FileFormatException for bytes that are not UTF-8, or an empty file
     * @throws UncheckedIOException when the file cannot be read (missing, no permission), naming it
     */
    public static String read(Path file) {
        byte[] bytes = readBytes(file);
        return decode(file, bytes);
    }

    private static byte[] readBytes(Path file) {
        boolean gzip = file.getFileName() != null && file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".gz");
        try (InputStream in = gzip ? new GZIPInputStream(Files.newInputStream(file), 1 << 16) : Files.newInputStream(file)) {
            return in.readAllBytes();
        } catch (ZipException e) {
            throw new FileFormatException(file, "is named .gz but is not gzip data (" + e.getMessage()
                    + "); rename it or compress it with gzip");
        } catch (NoSuchFileException e) {
            throw new UncheckedIOException("could not read " + file + ": no such file", e);
        } catch (AccessDeniedException e) {
            throw new UncheckedIOException("could not read " + file + ": permission denied", e);
        } catch (IOException e) {
            String reason = Files.isDirectory(file) ? "it is a folder, not a file"
                    : e.getMessage() != null ? e.getMessage() : "read error";
            throw new UncheckedIOException("could not read " + file + ": " + reason, e);
        }
    }

    private static int indexOfNul(byte[] bytes, int from) {
        for (int i = from; i < bytes.length; i++) {
            if (bytes[i] == 0) {
                return i;
            }
        }
        return -1;
    }

    /** Decodes {@code bytes} read from {@code file} (named in errors). */
    static String decode(Path file, byte[] bytes) {
        int start = bytes.length >= 3 && bytes[0] == (byte) 0xEF && bytes[1] == (byte) 0xBB && bytes[2] == (byte) 0xBF
                ? 3 : 0;
        if (bytes.length - start == 0) {
            throw new FileFormatException(file, "the file is empty" + (start > 0 ? " (only a byte order mark)" : "")
                    + "; expected UTF-8 text");
        }
        int nul = indexOfNul(bytes, start);
        if (nul >= 0) {
            // Text never holds a NUL byte; a model file, an archive or an image nearly always does.
            throw new FileFormatException(file, "is a binary file, not text (a zero byte at offset " + nul
                    + "); give a UTF-8 text file");
        }
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes, start, bytes.length - start);
        CharBuffer out = CharBuffer.allocate(bytes.length - start); // UTF-8 never has fewer bytes than UTF-16 chars
        CoderResult result = decoder.decode(in, out, true);
        if (result.isUnderflow()) {
            result = decoder.flush(out);
        }
        if (result.isError()) {
            throw malformed(file, bytes, in.position(), result.length());
        }
        return out.flip().toString();
    }

    private static FileFormatException malformed(Path file, byte[] bytes, int offset, int length) {
        int line = 1;
        for (int i = 0; i < offset; i++) {
            if (bytes[i] == '\n') {
                line++;
            }
        }
        StringBuilder shown = new StringBuilder();
        for (int i = offset; i < Math.min(bytes.length, offset + Math.max(length, 1)); i++) {
            shown.append(shown.length() == 0 ? "" : " ").append(String.format(Locale.ROOT, "0x%02X", bytes[i]));
        }
        String name = file.getFileName() == null ? file.toString() : file.getFileName().toString();
        String convert = name.toLowerCase(Locale.ROOT).endsWith(".gz")
                ? "zcat " + name + " | iconv -f latin1 -t utf-8 | gzip > utf8-" + name
                : "iconv -f latin1 -t utf-8 " + name + " > utf8-" + name;
        return new FileFormatException(file, "not valid UTF-8 at byte " + offset + " (line " + line + "): "
                + shown + " cannot start or continue a UTF-8 character. The file is probably in another encoding,"
                + " such as Latin-1 or Windows-1252; convert it to UTF-8, e.g. " + convert);
    }
}
