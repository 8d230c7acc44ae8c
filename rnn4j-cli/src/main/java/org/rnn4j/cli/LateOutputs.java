package org.rnn4j.cli;

import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.rnn4j.train.TrainingResult;

/**
 * The outputs a training command writes after its model — the loss chart — and the ones its listeners wrote along
 * the way (the CSV log). Their folders were checked before training; if one still fails (a full disk), the model
 * is already safe, so the failure is not thrown: the summary is printed as usual, then one line per missing output,
 * and the command exits with {@link #MODEL_WRITTEN_OUTPUT_MISSING}.
 */
final class LateOutputs {
    /** The exit code of a run whose model was written but a log or chart was not. */
    static final int MODEL_WRITTEN_OUTPUT_MISSING = 3;

    private final List<String> problems = new ArrayList<>();

    /** Starts with what the run's listeners could not write. */
    LateOutputs(TrainingResult result) {
        problems.addAll(result.outputProblems());
    }

    /** Writes one output (nothing when {@code file} is null), keeping a failure for {@link #report}. */
    void write(String what, Path file, Runnable writer) {
        if (file == null) {
            return;
        }
        try {
            writer.run();
        } catch (UncheckedIOException e) {
            problems.add(e.getMessage() == null ? "could not write the " + what + " " + file : e.getMessage());
        }
    }

    /** Prints the problems after the summary; the exit code: the run's own, or 3 when it was 0 and one is missing. */
    int report(PrintWriter err, int runExitCode) {
        for (String problem : problems) {
            err.println("rnn4j: " + problem + " (the model was written)");
        }
        err.flush();
        return problems.isEmpty() || runExitCode != 0 ? runExitCode : MODEL_WRITTEN_OUTPUT_MISSING;
    }
}
