package org.rnn4j.train;

import java.util.Arrays;
import java.util.Objects;

/**
 * Windows over one long token stream for truncated backpropagation through time, as char-rnn cuts its text: the
 * stream is cut into B rows of L consecutive tokens (row b holds tokens [b·L, (b+1)·L), its targets the next
 * tokens), and training walks all rows side by side, k1 steps per window, carrying each row's state from one window
 * to the next.
 *
 * <p>TBPTT(k1, k2) (Williams &amp; Peng 1990; Sutskever 2013, §2.8): every k1 steps, backpropagate k2 ≥ k1 steps. A
 * window therefore scores the loss of its own k1 steps but runs forward and backward over a span that starts
 * k2 − k1 steps earlier (fewer at the start of the stream), so every scored step gets at least k2 − k1 steps of
 * gradient history. With k1 = k2 the spans are disjoint and the carried state is simply the last window's final
 * state.
 */
public final class StreamWindows implements BatchPlan<StreamWindows.Window> {
    private final int[] tokens;
    private final int batch;
    private final int rowLength;
    private final int forwardWindow;
    private final int backwardWindow;

    /**
     * One span of the stream, for all B rows.
     *
     * @param inputs     B·T ids, row-major, T = the span's length
     * @param targets    B·T next-token ids
     * @param batch      B
     * @param steps      T
     * @param scoredFrom the first step whose loss counts (the steps before it only give context and gradient path)
     * @param advance    how many steps of this span to advance the carried state by for the next window
     * @param first      whether this is the stream's first window (the carried state starts from zeros)
     */
    public record Window(int[] inputs, int[] targets, int batch, int steps, int scoredFrom, int advance,
                         boolean first) {

        /** Streams {@code [from, to)} of this window: a shard for data parallelism ({@link GradientShards}). */
        public Window rows(int from, int to) {
            if (from < 0 || to > batch || from >= to) {
                throw new IndexOutOfBoundsException("rows [" + from + ", " + to + ") of a window of " + batch);
            }
            return new Window(Arrays.copyOfRange(inputs, from * steps, to * steps),
                    Arrays.copyOfRange(targets, from * steps, to * steps), to - from, steps, scoredFrom, advance, first);
        }
    }

    /**
     * @param forwardWindow  k1: steps scored per window (and the stride)
     * @param backwardWindow k2 ≥ k1: steps backpropagated per window
     */
    public StreamWindows(int[] tokens, int batch, int forwardWindow, int backwardWindow) {
        Objects.requireNonNull(tokens, "tokens");
        if (batch < 1) {
            throw new IllegalArgumentException("StreamWindows.batch must be at least 1, got " + batch);
        }
        if (forwardWindow < 1) {
            throw new IllegalArgumentException("StreamWindows.forwardWindow must be at least 1, got " + forwardWindow);
        }
        if (backwardWindow < forwardWindow) {
            throw new IllegalArgumentException("StreamWindows.backwardWindow (k2 = " + backwardWindow
                    + ") must be at least StreamWindows.forwardWindow (k1 = " + forwardWindow
                    + "): every window backpropagates at least the steps it scores");
        }
        if (tokens.length < 2) {
            throw new IllegalArgumentException("the text is empty or one token long: there is nothing to predict");
        }
        this.tokens = tokens.clone();
        this.batch = batch;
        this.rowLength = (tokens.length - 1) / batch;
        this.forwardWindow = forwardWindow;
        this.backwardWindow = backwardWindow;
        if (rowLength < backwardWindow) {
            throw new IllegalArgumentException("the window (StreamWindows."
                    + (backwardWindow > forwardWindow ? "backwardWindow" : "forwardWindow")
                    + " " + backwardWindow + ") is longer than the " + rowLength + " tokens each of the " + batch
                    + " batch rows gets from a text of " + tokens.length
                    + " tokens: use a shorter window, a smaller StreamWindows.batch or more text");
        }
    }

    /** L: tokens per row. */
    public int rowLength() {
        return rowLength;
    }

    @Override
    public int batchesPerEpoch() {
        return (rowLength + forwardWindow - 1) / forwardWindow;
    }

    @Override
    public Window batch(int epoch, int index) {
        if (index < 0 || index >= batchesPerEpoch()) {
            throw new IndexOutOfBoundsException("window " + index + " of " + batchesPerEpoch());
        }
        int scoreStart = index * forwardWindow;
        int end = Math.min(scoreStart + forwardWindow, rowLength);
        int history = backwardWindow - forwardWindow;
        int start = Math.max(0, scoreStart - history);
        int nextStart = Math.max(0, scoreStart + forwardWindow - history);
        int steps = end - start;
        int[] inputs = new int[batch * steps];
        int[] targets = new int[batch * steps];
        for (int b = 0; b < batch; b++) {
            System.arraycopy(tokens, b * rowLength + start, inputs, b * steps, steps);
            System.arraycopy(tokens, b * rowLength + start + 1, targets, b * steps, steps);
        }
        return new Window(inputs, targets, batch, steps, scoreStart - start, Math.min(nextStart - start, steps),
                index == 0);
    }
}
