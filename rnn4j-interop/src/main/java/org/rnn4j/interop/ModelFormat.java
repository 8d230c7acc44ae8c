package org.rnn4j.interop;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * What kind of model a file holds, told by its content and never by its extension: users rename files, and a
 * {@code .h5} may hold weights only.
 *
 * <ul>
 *   <li>Keras 3 {@code .keras}: a ZIP archive ({@code PK\3\4}) with a {@code config.json} entry;</li>
 *   <li>legacy Keras {@code .h5}: the HDF5 signature {@code \211HDF\r\n\032\n} (whether it holds a
 *       {@code model_config} is the Keras reader's question, which can then say so in its own words);</li>
 *   <li>ONNX: a protobuf {@code ModelProto}, whose writers all start with field 1, {@code ir_version}: the tag
 *       byte {@code 0x08}, a one-byte varint (versions are below 128) and the next field's non-zero tag. A
 *       safetensors file starts with its header length, little-endian, which may well have the low byte 8, so
 *       its other mark decides: the JSON header's {@code '{'} at byte 8, where an ONNX file has the
 *       producer's name;</li>
 *   <li>otherwise a safetensors file (an rnn4j model or a PyTorch state_dict), whose reader checks it.</li>
 * </ul>
 */
public enum ModelFormat {
    KERAS_ZIP("a Keras 3 .keras archive"),
    KERAS_H5("a Keras HDF5 (.h5) file"),
    ONNX("an ONNX model"),
    SAFETENSORS("a safetensors file");

    private static final byte[] HDF5_SIGNATURE = {(byte) 0x89, 'H', 'D', 'F', '\r', '\n', 0x1a, '\n'};
    private static final byte[] ZIP_SIGNATURE = {'P', 'K', 3, 4};
    private static final int ONNX_IR_VERSION_TAG = 0x08;

    private final String description;

    ModelFormat(String description) {
        this.description = description;
    }

    /** How a message names the format: "a Keras 3 .keras archive". */
    public String description() {
        return description;
    }

    public static ModelFormat detect(Path file) {
        byte[] head = new byte[9];
        int read;
        try (InputStream in = Files.newInputStream(file)) {
            read = in.readNBytes(head, 0, head.length);
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": " + e.getMessage(), e);
        }
        if (startsWith(head, read, HDF5_SIGNATURE)) {
            return KERAS_H5;
        }
        if (startsWith(head, read, ZIP_SIGNATURE)) {
            return hasConfigJson(file) ? KERAS_ZIP : SAFETENSORS;
        }
        boolean safetensorsHeader = read == head.length && head[8] == '{';
        if (read >= 3 && head[0] == ONNX_IR_VERSION_TAG && head[1] > 0 && head[2] != 0 && !safetensorsHeader) {
            return ONNX;
        }
        return SAFETENSORS;
    }

    private static boolean startsWith(byte[] head, int read, byte[] signature) {
        if (read < signature.length) {
            return false;
        }
        for (int i = 0; i < signature.length; i++) {
            if (head[i] != signature[i]) {
                return false;
            }
        }
        return true;
    }

    /** A ZIP without {@code config.json} (or a damaged one) is left to the safetensors reader's "not a model". */
    private static boolean hasConfigJson(Path file) {
        try (ZipInputStream zip = new ZipInputStream(Files.newInputStream(file))) {
            for (ZipEntry entry; (entry = zip.getNextEntry()) != null; ) {
                if (entry.getName().equals("config.json")) {
                    return true;
                }
            }
            return false;
        } catch (IOException | IllegalArgumentException e) {
            return false;
        }
    }
}
