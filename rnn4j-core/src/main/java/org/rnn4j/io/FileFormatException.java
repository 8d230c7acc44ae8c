package org.rnn4j.io;

import java.nio.file.Path;
import java.util.Optional;

/**
 * A file is malformed, truncated or uses a feature this library does not support.
 *
 * <p>The message always starts with the file's path, and names the tensor when one entry is at fault,
 * e.g. {@code model.safetensors: tensor 'weight_ih_l0': data_offsets [0, 12] hold 12 bytes, but
 * F32 shape (2, 3) needs 24}; always one line. Unchecked, because a bad file is not something a caller can retry.
 */
public class FileFormatException extends RuntimeException {
    private final transient Path file;
    private final String tensor;

    /** A problem with the file as a whole. */
    public FileFormatException(Path file, String problem) {
        this(file, null, problem, null);
    }

    public FileFormatException(Path file, String problem, Throwable cause) {
        this(file, null, problem, cause);
    }

    private FileFormatException(Path file, String tensor, String problem, Throwable cause) {
        super(oneLine(file + ": " + (tensor == null ? "" : "tensor '" + tensor + "': ") + problem), cause);
        this.file = file;
        this.tensor = tensor;
    }

    /**
     * The message with line breaks and other control characters shown as {@code \\xNN}: a damaged file's bytes
     * quoted in a message must not break it over lines or send escape codes to the terminal.
     */
    private static String oneLine(String message) {
        StringBuilder shown = new StringBuilder(message.length());
        message.codePoints().forEach(c -> {
            if (Character.isISOControl(c)) {
                shown.append(String.format("\\x%02x", c));
            } else {
                shown.appendCodePoint(c);
            }
        });
        return shown.toString();
    }

    /** A problem with one named tensor (or array) in the file. */
    public static FileFormatException forTensor(Path file, String tensor, String problem) {
        return new FileFormatException(file, tensor, problem, null);
    }

    public Path file() {
        return file;
    }

    /** The tensor at fault, when the problem is with one entry rather than the whole file. */
    public Optional<String> tensor() {
        return Optional.ofNullable(tensor);
    }
}
