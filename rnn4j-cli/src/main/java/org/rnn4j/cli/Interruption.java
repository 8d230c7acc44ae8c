package org.rnn4j.cli;

import java.io.PrintWriter;
import java.util.concurrent.atomic.AtomicReference;
import org.rnn4j.train.StopReason;
import org.rnn4j.train.TrainingListener;
import sun.misc.Signal;

/**
 * Ctrl-C (SIGINT) and SIGTERM during a training command: the first one asks the trainer to stop after the step in
 * progress, so that the command still writes the model with the best weights so far, its checkpoint, log and
 * summary ({@code stopped: interrupted}) and exits with 130 (143 for SIGTERM), as a shell expects of an
 * interrupted program. A second one exits at once; every file rnn4j writes goes through a temporary file and a
 * rename, so none is left half-written.
 *
 * <p>Why {@code sun.misc.Signal}: the JDK has no public API that lets a program survive a SIGINT (a shutdown hook
 * runs while the JVM is already exiting, too late to finish a step and write a model). It is in the
 * {@code jdk.unsupported} module, which exists to keep such APIs available.
 */
final class Interruption implements TrainingListener {
    private final PrintWriter err;
    private final AtomicReference<String> received = new AtomicReference<>();

    private Interruption(PrintWriter err) {
        this.err = err;
    }

    /** Handles SIGINT and SIGTERM from now on, for one training run. */
    static Interruption install(PrintWriter err) {
        Interruption interruption = new Interruption(err);
        for (String name : new String[] {"INT", "TERM"}) {
            try {
                Signal.handle(new Signal(name), interruption::onSignal);
            } catch (IllegalArgumentException e) {
                // the signal does not exist here (TERM on some platforms) or the JVM reserves it: keep its default
            }
        }
        return interruption;
    }

    private void onSignal(Signal signal) {
        if (!received.compareAndSet(null, signal.getName())) {
            Runtime.getRuntime().halt(exitCode(signal.getName())); // the second one: now, as the user asked
        }
        err.println();
        err.println("interrupted: finishing this step, then writing the model with the best weights so far"
                + " (press Ctrl-C again to quit at once)");
        err.flush();
    }

    @Override
    public boolean stopRequested() {
        return received.get() != null;
    }

    /** The command's exit status: 130 after SIGINT, 143 after SIGTERM (128 + the signal's number), else 0. */
    int exitCode(StopReason reason) {
        String signal = received.get();
        return reason == StopReason.INTERRUPTED && signal != null ? exitCode(signal) : 0;
    }

    private static int exitCode(String signal) {
        return signal.equals("TERM") ? 143 : 130;
    }
}
