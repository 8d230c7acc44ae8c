package org.rnn4j.train;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Prints a progress line every N steps (mean loss since the last line, learning rate, speed, time left in the
 * epoch), one per validation and one per checkpoint.
 */
public final class ProgressLog implements TrainingListener {
    private final PrintWriter out;
    private final int every;
    private double lossSum;
    private int steps;
    private double lastSeconds;
    private long lastStep;

    public ProgressLog(PrintWriter out, int every) {
        if (every < 1) {
            throw new IllegalArgumentException("ProgressLog.every must be at least 1, got " + every);
        }
        this.out = out;
        this.every = every;
    }

    @Override
    public void onStart(TrainingProgress progress, int batchesPerEpoch) {
        lastStep = progress.step();
        if (progress.step() > 0) {
            out.printf(Locale.ROOT, "resuming at step %d (epoch %d, batch %d of %d)%n", progress.step(),
                    progress.epoch() + 1, progress.batchInEpoch(), batchesPerEpoch);
            out.flush();
        }
    }

    @Override
    public void onStep(StepReport r) {
        lossSum += r.loss();
        steps++;
        if (r.step() % every != 0) {
            return;
        }
        double rate = (r.step() - lastStep) / Math.max(1e-9, r.seconds() - lastSeconds);
        double left = (r.batchesPerEpoch() - r.batchInEpoch() - 1) / rate;
        out.printf(Locale.ROOT, "epoch %d  step %d  batch %d/%d  loss %.4f  lr %.3g  %.1f steps/s  epoch ends in %s%n",
                r.epoch() + 1, r.step(), r.batchInEpoch() + 1, r.batchesPerEpoch(), lossSum / steps, r.learningRate(),
                rate, duration(left));
        out.flush();
        lossSum = 0;
        steps = 0;
        lastSeconds = r.seconds();
        lastStep = r.step();
    }

    @Override
    public void onValidation(ValidationReport r) {
        out.printf(Locale.ROOT, "validation  epoch %d  step %d  loss %.4f%s%s  %.0f s%n", r.epoch() + 1, r.step(),
                r.score().loss(),
                r.score().hasAccuracy() ? String.format(Locale.ROOT, "  accuracy %.4f", r.score().accuracy()) : "",
                r.improved() ? "  (best)" : "", r.seconds());
        out.flush();
    }

    @Override
    public void onCheckpoint(Path file, long step) {
        out.printf(Locale.ROOT, "checkpoint  step %d  %s%n", step, file);
        out.flush();
    }

    @Override
    public void onEnd(TrainingResult result) {
        out.printf(Locale.ROOT, "stopped after %d steps, %.0f s: %s%s%n", result.progress().step(), result.seconds(),
                result.reason().description(), result.restoredBest()
                        ? "; restored the best weights (step " + result.progress().bestStep() + ")" : "");
        out.flush();
    }

    /** 42s, 3m05s, 1h12m: a duration for people. */
    public static String duration(double seconds) {
        if (!Double.isFinite(seconds)) {
            return "?";
        }
        long s = Math.round(seconds);
        return s >= 3600 ? String.format(Locale.ROOT, "%dh%02dm", s / 3600, s / 60 % 60)
                : s >= 60 ? String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60) : s + "s";
    }
}
