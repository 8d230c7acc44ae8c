package org.rnn4j.seq2seq;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.rnn4j.nn.attention.AttentionMemory;
import org.rnn4j.tensor.SequenceMask;
import org.rnn4j.tensor.Softmax;
import org.rnn4j.tensor.Tensor;

/**
 * Beam search over a {@link Seq2SeqModel}'s decoder for a batch of source sentences, K hypotheses each, as rows
 * {@code i·K + j} of one decoder batch.
 *
 * <p>At each step every live hypothesis offers its K best next tokens; of the K² candidates of a sentence, in
 * order of log probability, one that ends ({@code </s>}) among the best K is set aside as finished with its
 * length-normalised score (an end ranked lower is dropped, as in fairseq: otherwise K unlikely early endings would
 * close the search), and the others fill the K live places. A sentence is done when K hypotheses have finished, when it reaches its
 * length limit (the live ones then finish there), or when no live hypothesis can overtake the best finished one:
 * log P only falls as a hypothesis grows and lp(|Y|) is largest at the limit, so {@code log P / lp(limit)} bounds
 * every score a live hypothesis can reach. The best finished hypothesis by normalised score wins. With K = 1 this
 * is greedy search. Padding and {@code <s>} are never produced, and a non-empty source never gets the empty
 * translation: the end mark is not a candidate at the first step (a weak model otherwise often prefers it, the
 * "empty translation" failure of beam search, Stahlberg &amp; Byrne 2019); the probabilities are renormalised
 * over the candidates.
 */
final class BeamSearch {
    private BeamSearch() {
    }

    /** A finished output: its tokens (no end mark), the source position each attended to most, and scores. */
    record Hypothesis(int[] tokens, int[] alignment, double logProbability, double score) {
    }

    /**
     * @param sources   each sentence's source ids (no marks); an empty one is allowed
     * @param forbidden token ids never to produce
     */
    static List<Hypothesis> search(Seq2SeqModel model, List<int[]> sources, TranslationBatch.Ids ids, int[] forbidden,
                                   DecodeOptions options) {
        int n = sources.size();
        int k = options.beamSize();
        int steps = 1;
        int[] lengths = new int[n];
        for (int i = 0; i < n; i++) {
            lengths[i] = sources.get(i).length;
            steps = Math.max(steps, lengths[i]);
        }
        int[] sourceIds = new int[n * steps];
        Arrays.fill(sourceIds, ids.sourcePadding());
        for (int i = 0; i < n; i++) {
            System.arraycopy(sources.get(i), 0, sourceIds, i * steps, lengths[i]);
        }
        Seq2SeqModel.Encoded encoded = model.encode(sourceIds, n, steps, SequenceMask.fromLengths(lengths, steps))
                .repeat(k);
        AttentionMemory memory = model.memory(encoded);
        Seq2SeqModel.DecoderState state = model.initialState(encoded);

        int rows = n * k;
        double[] score = new double[rows];
        int[][] tokens = new int[rows][0];
        int[][] alignment = new int[rows][0];
        int[] last = new int[rows];
        for (int r = 0; r < rows; r++) {
            score[r] = r % k == 0 ? 0 : Double.NEGATIVE_INFINITY; // one hypothesis to start with, not K copies
        }
        Arrays.fill(last, ids.start());
        boolean[] done = new boolean[n];
        int[] limit = new int[n];
        List<List<Hypothesis>> finished = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            limit[i] = options.maxOutputLength(lengths[i]);
            finished.add(new ArrayList<>());
        }
        int vocabulary = model.config().targetVocabularySize();
        boolean[] banned = new boolean[vocabulary];
        for (int id : forbidden) {
            banned[id] = true;
        }
        boolean[] bannedFirst = banned.clone(); // a sentence with words does not translate to nothing
        bannedFirst[ids.end()] = true;

        int open = n;
        for (int t = 0; open > 0; t++) {
            Seq2SeqModel.StepResult step = model.step(memory, state, last);
            float[] logits = step.logits().toArray();                               // (N, V)
            Tensor weights = step.weights();                                        // (N, S)
            int[] parent = new int[rows];
            double[] nextScore = new double[rows];
            int[] nextLast = new int[rows];
            int[][] nextTokens = new int[rows][];
            int[][] nextAlignment = new int[rows][];
            for (int r = 0; r < rows; r++) { // rows of done sentences, and empty places, stay as they are
                parent[r] = r;
                nextScore[r] = Double.NEGATIVE_INFINITY;
                nextLast[r] = ids.end();
                nextTokens[r] = tokens[r];
                nextAlignment[r] = alignment[r];
            }
            for (int i = 0; i < n; i++) {
                if (done[i]) {
                    continue;
                }
                double[] candidateScore = new double[k * k];
                int[] candidateRow = new int[k * k];
                int[] candidateToken = new int[k * k];
                int candidates = 0;
                for (int j = 0; j < k; j++) {
                    int row = i * k + j;
                    if (score[row] == Double.NEGATIVE_INFINITY) {
                        continue;
                    }
                    int base = row * vocabulary;
                    boolean[] excluded = t == 0 && lengths[i] > 0 ? bannedFirst : banned;
                    double logSumExp = logSumExp(logits, base, vocabulary, excluded);
                    for (int token : topK(logits, base, vocabulary, k, excluded)) {
                        candidateScore[candidates] = score[row] + logits[base + token] - logSumExp;
                        candidateRow[candidates] = row;
                        candidateToken[candidates] = token;
                        candidates++;
                    }
                }
                Integer[] order = new Integer[candidates];
                for (int c = 0; c < candidates; c++) {
                    order[c] = c;
                }
                Arrays.sort(order, (a, b) -> Double.compare(candidateScore[b], candidateScore[a]));
                int length = t + 1; // tokens of a hypothesis after this step, end mark included
                int live = 0;
                for (int rank = 0; rank < candidates && live < k; rank++) {
                    int c = order[rank];
                    int row = candidateRow[c];
                    if (candidateToken[c] == ids.end()) {
                        if (rank >= k) {
                            continue; // an end below the top K would not have been kept: it does not count
                        }
                        finished.get(i).add(new Hypothesis(tokens[row], alignment[row], candidateScore[c],
                                candidateScore[c] / options.lengthPenalty(length)));
                        continue;
                    }
                    int dest = i * k + live++;
                    parent[dest] = row;
                    nextScore[dest] = candidateScore[c];
                    nextLast[dest] = candidateToken[c];
                    nextTokens[dest] = append(tokens[row], candidateToken[c]);
                    nextAlignment[dest] = append(alignment[row], argmax(weights, row, lengths[i]));
                }
                for (int j = live; j < k; j++) {
                    parent[i * k + j] = i * k;   // an empty place: any row of the sentence will do
                    nextTokens[i * k + j] = new int[0];
                    nextAlignment[i * k + j] = new int[0];
                }
                List<Hypothesis> ended = finished.get(i);
                if (length >= limit[i]) {
                    for (int j = 0; j < live; j++) {   // out of room: the live hypotheses end here
                        int r = i * k + j;
                        ended.add(new Hypothesis(nextTokens[r], nextAlignment[r], nextScore[r],
                                nextScore[r] / options.lengthPenalty(length)));
                    }
                    done[i] = true;
                } else if (live == 0 || ended.size() >= k) {
                    done[i] = true;
                } else if (!ended.isEmpty()) {
                    double best = ended.stream().mapToDouble(Hypothesis::score).max().orElseThrow();
                    double bestLive = Double.NEGATIVE_INFINITY;
                    for (int j = 0; j < live; j++) {
                        bestLive = Math.max(bestLive, nextScore[i * k + j]);
                    }
                    done[i] = bestLive / options.lengthPenalty(limit[i]) <= best;
                }
                if (done[i]) {
                    open--;
                    for (int j = 0; j < k; j++) {
                        nextScore[i * k + j] = Double.NEGATIVE_INFINITY;
                    }
                }
            }
            state = step.state().gather(parent);
            score = nextScore;
            last = nextLast;
            tokens = nextTokens;
            alignment = nextAlignment;
        }
        List<Hypothesis> best = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            Hypothesis winner = null;
            for (Hypothesis h : finished.get(i)) {
                if (winner == null || h.score() > winner.score()) {
                    winner = h;
                }
            }
            best.add(winner);
        }
        return best;
    }

    private static double logSumExp(float[] logits, int base, int count, boolean[] banned) {
        boolean[] allowed = new boolean[count];
        for (int v = 0; v < count; v++) {
            allowed[v] = !banned[v];
        }
        return Softmax.logSumExp(logits, base, count, allowed, 0);
    }

    /** The ids of the k largest logits of a row, largest first, leaving out banned ids. */
    static int[] topK(float[] logits, int base, int count, int k, boolean[] banned) {
        int[] best = new int[k];
        int size = 0;
        for (int v = 0; v < count; v++) {
            if (banned[v]) {
                continue;
            }
            float value = logits[base + v];
            if (size == k && value <= logits[base + best[k - 1]]) {
                continue;
            }
            int at = size < k ? size++ : k - 1;
            while (at > 0 && logits[base + best[at - 1]] < value) {
                best[at] = best[at - 1];
                at--;
            }
            best[at] = v;
        }
        return size == k ? best : Arrays.copyOf(best, size);
    }

    /** The source position with the largest attention weight in row {@code row}, or −1 for an empty source. */
    private static int argmax(Tensor weights, int row, int length) {
        return length == 0 ? -1 : weights.argmax(row * weights.dim(1), length);
    }

    private static int[] append(int[] values, int value) {
        int[] out = Arrays.copyOf(values, values.length + 1);
        out[values.length] = value;
        return out;
    }
}
