package org.rnn4j.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.rnn4j.tensor.Shapes;
import org.rnn4j.tensor.Tensor;
import picocli.CommandLine;

/** Runs the rnn4j command in-process with captured output, and makes input files for it. */
final class CliTesting {
    private CliTesting() {
    }

    /** What one run of the command left: its exit code and everything it printed. */
    record Result(int exitCode, String out, String err) {
    }

    /** Runs the command exactly as {@code main} would, minus System.exit. */
    static Result run(Object... args) {
        CommandLine commandLine = Rnn4jCommand.newCommandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        String[] strings = new String[args.length];
        for (int i = 0; i < args.length; i++) {
            strings[i] = String.valueOf(args[i]);
        }
        int code = commandLine.execute(strings);
        return new Result(code, out.toString(), err.toString());
    }

    static Tensor uniform(long seed, int... shape) {
        SplittableRandom rng = new SplittableRandom(seed);
        Tensor t = Tensor.zeros(shape);
        for (int i = 0; i < t.size(); i++) {
            t.set(i, (float) rng.nextDouble(-1, 1));
        }
        return t;
    }

    /** A float64 ('<f8') .npy file, built byte by byte as NumPy writes one: the dtype rnn4j must refuse. */
    static void writeFloat64Npy(Path file, int[] shape, double value) {
        int count = 1;
        for (int d : shape) {
            count *= d;
        }
        ByteBuffer data = ByteBuffer.allocate(count * Double.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < count; i++) {
            data.putDouble(value);
        }
        writeNpy(file, "<f8", shape, data.array());
    }

    /** An int64 ('<i8') 1-D .npy file, NumPy's default for np.array([3, 5]). */
    static void writeInt64Npy(Path file, long... values) {
        ByteBuffer data = ByteBuffer.allocate(values.length * Long.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        for (long v : values) {
            data.putLong(v);
        }
        writeNpy(file, "<i8", new int[] {values.length}, data.array());
    }

    /** An int64 ('<i8') .npy file of the given shape, e.g. token ids (B, T). */
    static void writeInt64Npy(Path file, int[] shape, long... values) {
        ByteBuffer data = ByteBuffer.allocate(values.length * Long.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        for (long v : values) {
            data.putLong(v);
        }
        writeNpy(file, "<i8", shape, data.array());
    }

    /** Magic, version 1.0, 2-byte header length, header dict padded with spaces to a multiple of 64, data. */
    private static void writeNpy(Path file, String descr, int[] shape, byte[] data) {
        String dict = "{'descr': '" + descr + "', 'fortran_order': False, 'shape': " + Shapes.format(shape) + ", }";
        int unpadded = 10 + dict.length() + 1;
        String header = dict + " ".repeat((64 - unpadded % 64) % 64) + "\n";
        ByteBuffer bytes = ByteBuffer.allocate(10 + header.length() + data.length).order(ByteOrder.LITTLE_ENDIAN);
        bytes.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0});
        bytes.putShort((short) header.length());
        bytes.put(header.getBytes(StandardCharsets.US_ASCII));
        bytes.put(data);
        try {
            Files.write(file, bytes.array());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
