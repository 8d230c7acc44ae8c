package org.rnn4j.train;

import java.util.List;
import org.rnn4j.nn.recurrent.SequenceMask;

/**
 * Token sequences of different lengths with one class label each, padded on the right to the longest.
 *
 * @param ids    B·T token ids, row-major; padded steps hold the padding id
 * @param batch  B
 * @param steps  T, the longest sequence's length (at least 1)
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
     * Pads {@code sequences} on the right with {@code padId} to the longest, and masks by their lengths.
     *
     * @param labels one class id per sequence
     */
    public static TokenBatch of(List<int[]> sequences, int[] labels, int padId) {
        int batch = sequences.size();
        int steps = 1;
        int[] lengths = new int[batch];
        boolean padded = false;
        for (int b = 0; b < batch; b++) {
            lengths[b] = sequences.get(b).length;
            steps = Math.max(steps, lengths[b]);
        }
        int[] ids = new int[batch * steps];
        java.util.Arrays.fill(ids, padId);
        for (int b = 0; b < batch; b++) {
            System.arraycopy(sequences.get(b), 0, ids, b * steps, lengths[b]);
            padded |= lengths[b] != steps;
        }
        return new TokenBatch(ids, batch, steps, padded ? SequenceMask.fromLengths(lengths, steps) : null,
                labels.clone());
    }
}
