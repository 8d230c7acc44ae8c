package org.rnn4j.cli;

import java.io.PrintWriter;
import java.util.Locale;
import org.rnn4j.train.ProgressLog;
import org.rnn4j.train.StepReport;
import org.rnn4j.train.TrainingListener;
import org.rnn4j.train.TrainingProgress;
import org.rnn4j.train.TrainingResult;
import org.rnn4j.train.ValidationReport;

/**
 * Training progress for people: on a terminal, one line redrawn in place,
 * {@code epoch 2/20 [=========>          ] 48% loss 1.532 31.2 steps/s ETA 2m10s}; elsewhere (a log file, a pipe),
 * the same line printed every {@value #PLAIN_SECONDS} seconds. Validations are printed on their own lines.
 * The ETA is to the end of the epoch or of the time budget, whichever comes first.
 */
final class ProgressBar implements TrainingListener {
    static final int PLAIN_SECONDS = 10;
    private static final int WIDTH = 24;
    private final PrintWriter out;
    private final boolean terminal;
    private final int maxEpochs;
    private final double maxSeconds;
    private double smoothedLoss = Double.NaN;
    private double lastDraw = -1;
    private long firstStep = -1;
    private boolean lineOpen;

    ProgressBar(PrintWriter out, boolean terminal, int maxEpochs, double maxMinutes) {
        this.out = out;
        this.terminal = terminal;
        this.maxEpochs = maxEpochs;
        this.maxSeconds = maxMinutes * 60;
    }

    /** A bar for stdout: redrawn in place when stdout is a terminal. */
    static ProgressBar forConsole(PrintWriter out, int maxEpochs, double maxMinutes) {
        return new ProgressBar(out, System.console() != null, maxEpochs, maxMinutes);
    }

    @Override
    public void onStart(TrainingProgress progress, int batchesPerEpoch) {
        if (progress.step() > 0) {
            println(String.format(Locale.ROOT, "resuming at step %d (epoch %d, batch %d of %d)", progress.step(),
                    progress.epoch() + 1, progress.batchInEpoch(), batchesPerEpoch));
        }
    }

    @Override
    public void onStep(StepReport r) {
        if (firstStep < 0) {
            firstStep = r.step() - 1;
        }
        smoothedLoss = Double.isNaN(smoothedLoss) ? r.loss() : 0.98 * smoothedLoss + 0.02 * r.loss();
        double every = terminal ? 0.2 : PLAIN_SECONDS;
        boolean epochEnd = r.batchInEpoch() + 1 == r.batchesPerEpoch();
        if (r.seconds() - lastDraw < every && !(terminal && epochEnd)) {
            return;
        }
        lastDraw = r.seconds();
        double rate = (r.step() - firstStep) / Math.max(r.seconds(), 1e-9);
        double epochLeft = (r.batchesPerEpoch() - r.batchInEpoch() - 1) / rate;
        double eta = Math.min(epochLeft, Math.max(0, maxSeconds - r.seconds()));
        double fraction = (r.batchInEpoch() + 1.0) / r.batchesPerEpoch();
        int filled = (int) Math.round(fraction * WIDTH);
        String bar = "=".repeat(Math.max(0, filled - 1)) + (filled > 0 ? ">" : "") + " ".repeat(WIDTH - filled);
        String line = String.format(Locale.ROOT, "epoch %d/%d [%s] %3.0f%% loss %.4f %.1f steps/s ETA %s",
                r.epoch() + 1, maxEpochs, bar, 100 * fraction, smoothedLoss, rate, ProgressLog.duration(eta));
        if (terminal) {
            out.print("\r" + line + "\u001b[K");
            lineOpen = true;
            out.flush();
        } else {
            println(line);
        }
    }

    @Override
    public void onValidation(ValidationReport r) {
        println(String.format(Locale.ROOT, "epoch %d: validation loss %.4f%s%s", r.epoch() + 1, r.score().loss(),
                r.score().hasAccuracy() ? String.format(Locale.ROOT, ", accuracy %.4f", r.score().accuracy()) : "",
                r.improved() ? " (best so far)" : ""));
    }

    @Override
    public void onEnd(TrainingResult result) {
        println(String.format(Locale.ROOT, "stopped after %d steps, %s: %s%s", result.progress().step(),
                ProgressLog.duration(result.seconds()), result.reason().description(),
                result.restoredBest() ? "; kept the weights of the best validation (step "
                        + result.progress().bestStep() + ")" : ""));
    }

    private void println(String line) {
        if (lineOpen) {
            out.print("\r\u001b[K");
            lineOpen = false;
        }
        out.println(line);
        out.flush();
    }
}
