package org.rnn4j.testing;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Runs a test's body on several threads at once and collects what went wrong on any of them. */
public final class Concurrently {
    private Concurrently() {
    }

    /** A body that may fail with anything, an assertion included. */
    @FunctionalInterface
    public interface Body {
        void run() throws Exception;
    }

    /** Runs {@code body} on {@code threads} new threads at once, waits for all, and returns their failures. */
    public static List<Throwable> failuresOf(int threads, Body body) throws InterruptedException {
        List<Throwable> failures = Collections.synchronizedList(new ArrayList<>());
        List<Thread> started = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Thread thread = new Thread(() -> {
                try {
                    body.run();
                } catch (Throwable e) {
                    failures.add(e);
                }
            });
            thread.start();
            started.add(thread);
        }
        for (Thread thread : started) {
            thread.join();
        }
        return failures;
    }
}
