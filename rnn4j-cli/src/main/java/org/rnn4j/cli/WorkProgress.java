package org.rnn4j.cli;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.function.IntConsumer;
import java.util.function.LongSupplier;
import org.rnn4j.train.ProgressLog;

/**
 * Progress of a long evaluation, on stderr so that stdout keeps only the results:
 * {@code evaluating [=========>          ] 48% 12,000/25,000 texts 240/s ETA 54s}, redrawn in place on a terminal,
 * a line every {@value ProgressBar#PLAIN_SECONDS} seconds elsewhere, and nothing for work that ends within
 * two seconds.
 */
final class WorkProgress implements IntConsumer {
    private static final int WIDTH = 24;
    private final PrintWriter err;
    private final boolean terminal;
    private final String verb;
    private final int total;
    private final String unit;
    private final LongSupplier nanoTime;
    private final long start;
    private double lastDraw;
    private boolean drawn;

    WorkProgress(PrintWriter err, boolean terminal, String verb, int total, String unit, LongSupplier nanoTime) {
        this.err = err;
        this.nanoTime = nanoTime;
        this.start = nanoTime.getAsLong();
        this.terminal = terminal;
        this.verb = verb;
        this.total = Math.max(1, total);
        this.unit = unit;
    }

    static WorkProgress forConsole(PrintWriter err, String verb, int total, String unit) {
        return new WorkProgress(err, System.console() != null, verb, total, unit, System::nanoTime);
    }

    @Override
    public void accept(int done) {
        double seconds = (nanoTime.getAsLong() - start) / 1e9;
        boolean finished = done >= total;
        boolean due = !drawn || seconds - lastDraw >= (terminal ? 0.2 : ProgressBar.PLAIN_SECONDS);
        if (seconds < 2 || (!finished && !due)) {
            return;
        }
        if (finished && !drawn) {
            return;
        }
        lastDraw = seconds;
        drawn = true;
        double rate = done / seconds;
        double fraction = Math.min(1, (double) done / total);
        int filled = (int) Math.round(fraction * WIDTH);
        String bar = "=".repeat(Math.max(0, filled - 1)) + (filled > 0 ? ">" : "") + " ".repeat(WIDTH - filled);
        String line = String.format(Locale.ROOT, "%s [%s] %3.0f%% %,d/%,d %s %.0f/s ETA %s", verb, bar, 100 * fraction,
                done, total, unit, rate, ProgressLog.duration((total - done) / Math.max(rate, 1e-9)));
        if (terminal) {
            err.print("\r" + line + "\u001b[K" + (finished ? "\n" : ""));
        } else {
            err.println(line);
        }
        err.flush();
    }
}
