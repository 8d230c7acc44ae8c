package org.rnn4j.train;

import java.util.Arrays;
import java.util.List;
import org.rnn4j.tensor.SequenceMask;

/**
 * Token sequences of different lengths with one class label each, padded on the right to the longest length
 * rounded up to a coarse grid of steps ({@link #paddedSteps}).
 *
 * <p>Why the grid: the recurrent layers recycle their working buffers by exact size ({@link
 * org.rnn4j.tensor.Workspace}), so every distinct T of a batch keeps its own set of buffers alive. Bucketed batches
 * of texts have almost every T from 1 to the longest; on IMDB (T up to 256) that kept over 5 GB of direct memory.
 * With the grid, a run sees at most about 20 shapes, and a row's extra padded steps are masked like any other.
 *
 * @param ids    B·T token ids, row-major; padded steps hold the padding id
 * @param batch  B
 * @param steps  T, at least the longest sequence's length (and at least 1)
 * @param mask   the valid steps, or null when no row is padded
 * @param labels B class ids
 */
public record TokenBatch(int[] ids, int batch, int steps, SequenceMask mask, int[] labels) {

    public TokenBatch {
        if (ids.length != batch * steps) {
            throw new IllegalArgumentException("a token batch of " + batch + " rows of " + steps + " steps needs "
                    + batch * steps + " ids, got " + ids.length);
        }
        if (labels.length != batch) {
            throw new IllegalArgumentException("a token batch of " + batch + " rows needs " + batch
                    + " labels, got " + labels.length);
        }
    }

    /**
     * Rows {@code [from, to)} of this batch, with the same T and their own masks: a shard for data parallelism
     * ({@link GradientShards}). Without padding among the chosen rows the mask is dropped, as {@link #of} does.
     */
    public TokenBatch rows(int from, int to) {
        if (from < 0 || to > batch || from >= to) {
            throw new IndexOutOfBoundsException("rows [" + from + ", " + to + ") of a batch of " + batch);
        }
        int[] chosenIds = Arrays.copyOfRange(ids, from * steps, to * steps);
        SequenceMask chosenMask = null;
        if (mask != null) {
            int[] lengths = Arrays.copyOfRange(mask.lengths(), from, to);
            if (Arrays.stream(lengths).anyMatch(n -> n != steps)) {
                chosenMask = SequenceMask.fromLengths(lengths, steps);
            }
        }
        return new TokenBatch(chosenIds, to - from, steps, chosenMask, Arrays.copyOfRange(labels, from, to));
    }

    /**
     * T for a batch whose longest sequence has {@code longest} steps: rounded up to a multiple of 8 up to 64, of 32
     * up to 256, and of 64 beyond (at least 1).
     */
    public static int paddedSteps(int longest) {
        int quantum = longest <= 64 ? 8 : longest <= 256 ? 32 : 64;
        return Math.max(1, (longest + quantum - 1) / quantum * quantum);
    }

    /**
     * Pads {@code sequences} on the right with {@code padId} to {@link #paddedSteps} of the longest, and masks by
     * their lengths.
     *
     * @param labels one class id per sequence
     */
    public static TokenBatch of(List<int[]> sequences, int[] labels, int padId) {
        int batch = sequences.size();
        int longest = 0;
        int[] lengths = new int[batch];
        boolean padded = false;
        for (int b = 0; b < batch; b++) {
            lengths[b] = sequences.get(b).length;
            longest = Math.max(longest, lengths[b]);
        }
        int steps = paddedSteps(longest);
        int[] ids = new int[batch * steps];
        Arrays.fill(ids, padId);
        for (int b = 0; b < batch; b++) {
            System.arraycopy(sequences.get(b), 0, ids, b * steps, lengths[b]);
            padded |= lengths[b] != steps;
        }
        return new TokenBatch(ids, batch, steps, padded ? SequenceMask.fromLengths(lengths, steps) : null,
                labels.clone());
    }
}
