package org.rnn4j.seq2seq;

import java.util.Arrays;
import java.util.List;
import org.rnn4j.tensor.SequenceMask;

/**
 * A padded batch of sentence pairs for teacher forcing. Row b's target sentence y_1..y_n becomes the decoder input
 * {@code <s> y_1 .. y_n} and the targets {@code y_1 .. y_n </s>}: n + 1 steps, padded on the right to T.
 *
 * @param batch         B
 * @param source        B·S source ids, row-major, padded with the source padding id
 * @param sourceSteps   S, the longest source sentence (at least 1)
 * @param sourceMask    the valid source positions (B, S)
 * @param decoderInput  B·T decoder input ids, row-major
 * @param targets       B·T target ids, row-major
 * @param targetSteps   T
 * @param targetMask    the valid target steps (B, T)
 */
public record TranslationBatch(int batch, int[] source, int sourceSteps, SequenceMask sourceMask, int[] decoderInput,
                               int[] targets, int targetSteps, SequenceMask targetMask) {

    /** The ids that frame and pad the sentences. */
    public record Ids(int sourcePadding, int targetPadding, int start, int end) {
    }

    /**
     * Pads and frames pairs of id sequences.
     *
     * @param sources the source sentences' ids (no start or end marks)
     * @param targets the target sentences' ids (no start or end marks)
     */
    public static TranslationBatch of(List<int[]> sources, List<int[]> targets, Ids ids) {
        if (sources.size() != targets.size() || sources.isEmpty()) {
            throw new IllegalArgumentException("a batch needs as many targets as sources, at least one; got "
                    + sources.size() + " and " + targets.size());
        }
        int batch = sources.size();
        int sourceSteps = 1;
        int targetSteps = 1;
        for (int b = 0; b < batch; b++) {
            sourceSteps = Math.max(sourceSteps, sources.get(b).length);
            targetSteps = Math.max(targetSteps, targets.get(b).length + 1);
        }
        int[] source = new int[batch * sourceSteps];
        int[] sourceLengths = new int[batch];
        Arrays.fill(source, ids.sourcePadding());
        int[] input = new int[batch * targetSteps];
        int[] output = new int[batch * targetSteps];
        int[] targetLengths = new int[batch];
        Arrays.fill(input, ids.targetPadding());
        Arrays.fill(output, ids.targetPadding());
        for (int b = 0; b < batch; b++) {
            int[] s = sources.get(b);
            System.arraycopy(s, 0, source, b * sourceSteps, s.length);
            sourceLengths[b] = s.length;
            int[] y = targets.get(b);
            input[b * targetSteps] = ids.start();
            System.arraycopy(y, 0, input, b * targetSteps + 1, y.length);
            System.arraycopy(y, 0, output, b * targetSteps, y.length);
            output[b * targetSteps + y.length] = ids.end();
            targetLengths[b] = y.length + 1;
        }
        return new TranslationBatch(batch, source, sourceSteps, SequenceMask.fromLengths(sourceLengths, sourceSteps),
                input, output, targetSteps, SequenceMask.fromLengths(targetLengths, targetSteps));
    }

    /** The number of target tokens the loss counts (end marks included). */
    public int targetTokens() {
        int n = 0;
        for (int length : targetMask.lengths()) {
            n += length;
        }
        return n;
    }
}
