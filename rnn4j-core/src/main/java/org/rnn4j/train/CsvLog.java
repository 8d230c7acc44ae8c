package org.rnn4j.train;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Locale;

/**
 * Writes the training curve to a CSV file: one row every N steps with the mean training loss since the last row,
 * and one row per validation. Columns: {@code step,epoch,seconds,learning_rate,train_loss,val_loss,val_accuracy}
 * (empty where a row has no value). A resumed run appends to the file of the run it continues, so the file holds
 * the whole curve; each row is flushed as written, so the file is useful while training runs.
 *
 * <p>A write that fails (a full disk) ends the log, not the run: the log says so in {@link #outputProblems()} and
 * writes nothing more.
 */
public final class CsvLog implements TrainingListener, AutoCloseable {
    public static final String HEADER = "step,epoch,seconds,learning_rate,train_loss,val_loss,val_accuracy";
    private final Path file;
    private final int every;
    private BufferedWriter out;
    private double lossSum;
    private int steps;
    private double learningRate = Double.NaN;
    private String problem;
    private long step;   // the step being logged, for the message of a failed write

    public CsvLog(Path file, int every) {
        if (every < 1) {
            throw new IllegalArgumentException("CsvLog.every must be at least 1, got " + every);
        }
        this.file = file;
        this.every = every;
    }

    @Override
    public void onStart(TrainingProgress progress, int batchesPerEpoch) {
        step = progress.step();
        try {
            boolean append = progress.step() > 0 && Files.isRegularFile(file) && Files.size(file) > 0;
            out = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    append ? StandardOpenOption.APPEND : StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE);
            if (!append) {
                row(HEADER);
            }
        } catch (IOException e) {
            failed(e);
        }
    }

    @Override
    public void onStep(StepReport r) {
        step = r.step();
        if (out == null) {
            return;
        }
        lossSum += r.loss();
        steps++;
        learningRate = r.learningRate();
        if (r.step() % every == 0) {
            row(String.format(Locale.ROOT, "%d,%d,%.3f,%s,%s,,", r.step(), r.epoch() + 1, r.seconds(),
                    r.learningRate(), lossSum / steps));
            lossSum = 0;
            steps = 0;
        }
    }

    @Override
    public void onValidation(ValidationReport r) {
        step = r.step();
        if (out == null) {
            return;
        }
        row(String.format(Locale.ROOT, "%d,%d,%.3f,%s,,%s,%s", r.step(), r.epoch() + 1, r.seconds(),
                Double.isNaN(learningRate) ? "" : Double.toString(learningRate), r.score().loss(),
                r.score().hasAccuracy() ? Double.toString(r.score().accuracy()) : ""));
    }

    @Override
    public void onEnd(TrainingResult result) {
        close();
    }

    private void row(String line) {
        try {
            out.write(line);
            out.newLine();
            out.flush();
        } catch (IOException e) {
            failed(e);
        }
    }

    /** Ends the log at the first failed write, remembering why. */
    private void failed(IOException e) {
        if (problem == null) {
            problem = "could not write the training log " + file + " (" + e.getMessage() + "); it stops before step "
                    + step + ", the run went on";
        }
        BufferedWriter open = out;
        out = null;
        if (open != null) {
            try {
                open.close();
            } catch (IOException ignored) {
                // the failure that matters is already recorded
            }
        }
    }

    @Override
    public List<String> outputProblems() {
        return problem == null ? List.of() : List.of(problem);
    }

    @Override
    public void close() {
        if (out != null) {
            BufferedWriter open = out;
            out = null;
            try {
                open.close();
            } catch (IOException e) {
                failed(e);
            }
        }
    }
}
