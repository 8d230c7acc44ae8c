package org.rnn4j.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.util.function.BooleanSupplier;
import org.rnn4j.io.FileFormatException;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * Turns an exception from a subcommand into one line on stderr, {@code rnn4j: <message>}, and exit code 1.
 *
 * <p>The library's messages already name the file and say expected vs got, so a stack trace would only bury them.
 * It is printed (before the line) with {@code --debug} or {@code RNN4J_DEBUG=1}. An exception of a kind the
 * library does not throw on purpose (nor wraps one that it does) is a bug in rnn4j, and the line says so.
 */
final class ErrorReporter implements IExecutionExceptionHandler {
    static final int EXIT_FAILURE = 1;

    private final BooleanSupplier debug;

    ErrorReporter(BooleanSupplier debug) {
        this.debug = debug;
    }

    @Override
    public int handleExecutionException(Exception ex, CommandLine commandLine, ParseResult parseResult) {
        PrintWriter err = commandLine.getErr();
        boolean showTrace = debug.getAsBoolean();
        if (showTrace) {
            ex.printStackTrace(err);
        }
        err.println("rnn4j: " + oneLine(OptionNames.inFlags(describe(ex, showTrace))));
        err.flush();
        return EXIT_FAILURE;
    }

    static String describe(Exception ex, boolean traceShown) {
        // A wrapper's cause may be the user's error: Spark's SparkException holds the exception a worker's task
        // threw on a bad row, an ExecutionException the one a thread threw.
        for (Throwable t = ex; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof Exception e && isExpected(e)) {
                return message(e);
            }
        }
        return "internal error, please report it: " + ex.getClass().getName() + ": " + message(ex)
                + (traceShown ? "" : " (run with --debug for the stack trace)");
    }

    private static boolean isExpected(Exception ex) {
        return ex instanceof FileFormatException || ex instanceof IllegalArgumentException
                || ex instanceof UncheckedIOException || ex instanceof IOException
                || ex instanceof ArithmeticException // a diverging loss: the message says the cure
                || ex instanceof org.rnn4j.train.TrainingDivergedException;
    }

    private static String message(Throwable ex) {
        if (ex instanceof NoSuchFileException e) {
            return e.getFile() + ": no such file or folder";
        }
        if (ex instanceof AccessDeniedException e) {
            return e.getFile() + ": permission denied";
        }
        if (ex instanceof FileSystemException e && e.getReason() != null) {
            return e.getFile() + ": " + e.getReason();
        }
        if (ex.getMessage() != null) {
            return ex.getMessage();
        }
        return ex.getCause() != null ? message(ex.getCause()) : ex.getClass().getSimpleName();
    }

    /** A message with line breaks (e.g. from a JSON parser) would no longer be one line. */
    private static String oneLine(String message) {
        return message.strip().replaceAll("\\s*\\R\\s*", " ");
    }
}
