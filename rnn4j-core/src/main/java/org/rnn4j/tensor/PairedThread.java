package org.rnn4j.tensor;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * A second thread for work too short for {@link Parallel}: the halves of a matrix-vector product at batch 1 (a
 * stream's step, one token of generation), 20-60 µs each. Handing a task to Parallel's pool and waiting for it cost
 * 12-34 µs here (a thread woken from park), as much as the work; this thread spins for a while after each task,
 * so that the next one, a few microseconds later, starts at once, and parks when none comes.
 *
 * <p>One caller at a time: a caller that finds it busy runs both halves itself. A caller that finishes its own half
 * before this thread has taken the other (descheduled on a loaded machine) takes the other back, so a step is never
 * slower than on one thread by more than the hand-over.
 */
final class PairedThread {
    /** How long the thread spins for the next task before it parks. */
    private static final long SPIN_NANOS = TimeUnit.MICROSECONDS.toNanos(200);

    private static final int IDLE = 0;
    private static final int POSTED = 1;
    private static final int TAKEN = 2;
    private static final int DONE = 3;

    private static final AtomicBoolean BUSY = new AtomicBoolean();
    private static final AtomicInteger STATE = new AtomicInteger(IDLE);
    private static volatile Runnable task;
    private static volatile Throwable failure;
    private static volatile boolean parked;
    private static volatile Thread thread;

    private PairedThread() {
    }

    /**
     * Runs {@code first} on the calling thread and {@code second} on the paired thread, and returns when both are
     * done; false, having run neither, when another caller holds the pair (then run both yourself).
     */
    static boolean runPair(Runnable first, Runnable second) {
        if (!BUSY.compareAndSet(false, true)) {
            return false;
        }
        try {
            Thread partner = started();
            task = second;
            failure = null;
            STATE.set(POSTED);
            if (parked) {
                LockSupport.unpark(partner);
            }
            Throwable firstFailure = null;
            try {
                first.run();
            } catch (RuntimeException | Error e) {
                firstFailure = e;
            }
            if (STATE.compareAndSet(POSTED, IDLE)) {
                if (firstFailure == null) {
                    second.run(); // not taken yet: cheaper to run it here than to wait for the partner
                }
            } else {
                // Taken: wait for it even when the first half failed, so that the next caller finds the pair idle.
                while (STATE.get() != DONE) {
                    Thread.onSpinWait();
                }
                STATE.set(IDLE);
                if (firstFailure == null) {
                    Parallel.rethrow(failure);
                }
            }
            Parallel.rethrow(firstFailure);
            return true;
        } finally {
            task = null;
            BUSY.set(false);
        }
    }

    private static Thread started() {
        Thread running = thread;
        if (running != null) {
            return running;
        }
        synchronized (PairedThread.class) {
            if (thread == null) {
                Thread t = new Thread(PairedThread::serve, "rnn4j-paired");
                t.setDaemon(true);
                t.start();
                thread = t;
            }
            return thread;
        }
    }

    private static void serve() {
        while (true) {
            long spinUntil = System.nanoTime() + SPIN_NANOS;
            while (STATE.get() != POSTED) {
                if (System.nanoTime() < spinUntil) {
                    Thread.onSpinWait();
                    continue;
                }
                parked = true;
                if (STATE.get() != POSTED) { // a task posted after the check above sees parked and unparks us
                    LockSupport.park(PairedThread.class);
                }
                parked = false;
                spinUntil = System.nanoTime() + SPIN_NANOS;
            }
            if (!STATE.compareAndSet(POSTED, TAKEN)) {
                continue; // the caller took it back
            }
            try {
                task.run();
            } catch (Throwable e) {
                failure = e;
            }
            STATE.set(DONE);
        }
    }
}
