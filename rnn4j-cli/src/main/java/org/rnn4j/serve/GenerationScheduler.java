package org.rnn4j.serve;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Consumer;
import java.util.function.IntConsumer;
import org.rnn4j.text.GenerationBatch;
import org.rnn4j.text.LanguageModel;
import org.rnn4j.text.Sampler;

/**
 * Continuous batching of one language model's generations: every generation in progress advances by one token in
 * the same forward pass (a {@link GenerationBatch} step of B = the generations active), new ones join between two
 * steps, finished and cancelled ones leave. A generation alone costs what it did; 32 at once cost a little more
 * than one each step, instead of 32 turns on a model thread.
 *
 * <p>One loop thread per model steps the batch. It takes a permit of {@link Admission} for each step and gives it
 * back after, so a stream of generations never shuts other requests out of the model threads (the semaphore is
 * fair). The request's own HTTP thread takes the pieces from its queue and writes them to the client; a slow client
 * therefore never holds up the others, and one that is gone cancels its generation, which leaves the batch at the
 * next step. At most {@code maxRows} generations run at once; the rest wait, each holding a queue place
 * ({@link Admission#reserve}), so 429 bounds the backlog as for any request.
 */
final class GenerationScheduler implements AutoCloseable {
    /** What a generation's queue receives after its last piece. */
    private static final Object END = new Object();

    private final GenerationBatch batch;
    private final int maxRows;
    private final Admission admission;
    private final IntConsumer stepRows;
    private final Object lock = new Object();
    private final ArrayDeque<Job> waiting = new ArrayDeque<>();
    private final Thread loop;
    private volatile boolean closed;

    GenerationScheduler(String name, LanguageModel model, int maxRows, Admission admission, IntConsumer stepRows) {
        this.batch = new GenerationBatch(model);
        this.maxRows = maxRows;
        this.admission = admission;
        this.stepRows = stepRows;
        this.loop = new Thread(this::run, "rnn4j-generate-" + name);
        loop.setDaemon(true);
        loop.start();
    }

    /** One generation: its stream (stepped by the loop only) and the queue of what it made, for its request. */
    private static final class Job {
        final GenerationBatch.Stream stream;
        final LinkedBlockingQueue<Object> out = new LinkedBlockingQueue<>();
        volatile boolean cancelled;

        Job(GenerationBatch.Stream stream) {
            this.stream = stream;
        }
    }

    /**
     * A place in the queue of generations, taken before the request's answer begins (a full queue is a 429 with
     * its own status line, not an error event inside a stream that already said 200). {@link #generate} uses it;
     * {@link #close} gives it back if it was not used.
     */
    final class Ticket implements AutoCloseable {
        private boolean used;

        private Ticket() {
            admission.reserve();
        }

        @Override
        public void close() {
            if (!used) {
                used = true;
                admission.leave(1);
            }
        }
    }

    /** Takes a queue place, or refuses with 429 when the server's queue is full. */
    Ticket admit() {
        return new Ticket();
    }

    /**
     * Generates as {@link LanguageModel#generate} does, with the same text for the same seed, handing each piece to
     * {@code piece} on the calling thread as the loop makes it, and running {@code caughtUp} when no more are ready
     * (so a stream flushes once for the pieces that piled up while it wrote). When {@code piece} throws (a stop
     * sequence, a client gone), the generation is cancelled and the exception is thrown on.
     */
    void generate(Ticket ticket, String prime, int maxTokens, Sampler sampler, long seed, Consumer<String> piece,
                  Runnable caughtUp) {
        if (ticket.used) {
            throw new IllegalStateException("a ticket serves one generation");
        }
        Job job = new Job(batch.start(prime, maxTokens, sampler, new SplittableRandom(seed)));
        if (job.stream.finished()) {
            return; // the ticket's place is given back when it is closed
        }
        synchronized (lock) {
            if (closed) {
                throw new ApiException(503, "the server is shutting down");
            }
            ticket.used = true; // the place now belongs to the job in the queue, and is left when it starts
            waiting.add(job);
            lock.notifyAll();
        }
        try {
            while (true) {
                Object next = job.out.take();
                if (next == END) {
                    return;
                }
                if (next instanceof RuntimeException e) {
                    throw e;
                }
                if (next instanceof Error e) {
                    throw e;
                }
                piece.accept((String) next);
                if (job.out.isEmpty()) {
                    caughtUp.run();
                }
            }
        } catch (InterruptedException e) {
            job.cancelled = true;
            Thread.currentThread().interrupt();
            throw new ApiException(503, "the server is shutting down");
        } catch (RuntimeException | Error e) {
            job.cancelled = true;
            throw e;
        }
    }

    private void run() {
        List<Job> active = new ArrayList<>();
        try {
            while (true) {
                synchronized (lock) {
                    while (waiting.isEmpty() && active.isEmpty()) {
                        lock.wait();
                    }
                    while (active.size() < maxRows && !waiting.isEmpty()) {
                        active.add(waiting.poll());
                        admission.leave(1);
                    }
                }
                active.removeIf(job -> job.cancelled);
                if (!active.isEmpty()) {
                    step(active);
                }
            }
        } catch (InterruptedException | ApiException e) {
            // Closed: whoever still waits is told so.
            ApiException shutdown = new ApiException(503, "the server is shutting down");
            active.forEach(job -> job.out.add(shutdown));
            synchronized (lock) {
                waiting.forEach(job -> job.out.add(shutdown));
                admission.leave(waiting.size());
                waiting.clear();
            }
        }
    }

    /** One token for every active generation, on a permit; the finished ones leave. */
    private void step(List<Job> active) {
        admission.enterReserved(); // interrupted: the server is closing, and run() tells everyone
        try {
            stepRows.accept(active.size());
            batch.step(active.stream().map(job -> job.stream).toList());
        } catch (RuntimeException | Error e) {
            active.forEach(job -> job.out.add(e));
            active.clear();
            return;
        } finally {
            admission.exit();
        }
        for (Job job : active) {
            if (job.stream.piece() != null) {
                job.out.add(job.stream.piece());
            }
            if (job.stream.finished()) {
                job.out.add(END);
            }
        }
        active.removeIf(job -> job.stream.finished());
    }

    @Override
    public void close() {
        synchronized (lock) {
            closed = true;
        }
        loop.interrupt();
    }
}
