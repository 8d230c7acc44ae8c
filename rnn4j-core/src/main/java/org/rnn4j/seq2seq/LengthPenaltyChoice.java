package org.rnn4j.seq2seq;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.IntConsumer;
import org.rnn4j.metrics.Bleu;

/**
 * The length penalty α that gives the best corpus BLEU on pairs set aside from training, among a few candidates.
 *
 * <p>Why choose it per model: how much beam search favours short outputs depends on the model and the language
 * pair. GNMT's α = 0.6 was chosen on English–French and English–German; on the Bible's English–Spanish verses a
 * translator trained for an hour wrote 6% fewer words than the references with it (BLEU's brevity penalty 0.94 on
 * the validation verses), and α = 1 scored 0.3 BLEU higher there. The search is what the model is used with, so it is
 * chosen like the weights: on validation data, never on the test.
 *
 * @param candidates every candidate's score, in the order given
 */
public record LengthPenaltyChoice(List<Candidate> candidates) {

    /** The candidates training tries: GNMT's default first, then longer and longer outputs. */
    public static final List<Double> DEFAULT_CANDIDATES = List.of(0.6, 1.0, 1.5, 2.0);

    /** One α and the BLEU of the search with it. */
    public record Candidate(double lengthPenalty, Bleu.Score bleu) {
    }

    public LengthPenaltyChoice {
        candidates = List.copyOf(candidates);
        if (candidates.isEmpty()) {
            throw new IllegalArgumentException("a length penalty choice needs candidates");
        }
    }

    /** The candidate with the highest BLEU (the first of equals, in the order given). */
    public Candidate best() {
        Candidate best = candidates.get(0);
        for (Candidate c : candidates) {
            if (c.bleu().score() > best.bleu().score()) {
                best = c;
            }
        }
        return best;
    }

    /** The best candidate's α. */
    public double chosen() {
        return best().lengthPenalty();
    }

    /** The best candidate's score. */
    public Bleu.Score chosenBleu() {
        return best().bleu();
    }

    /**
     * Translates {@code pairs}' sources with {@code search} under each α of {@code alphas} and keeps the best.
     *
     * @param progress told how many translations are done, over all the candidates ({@code alphas.size()} times
     *                 the pairs)
     * @throws IllegalArgumentException when there are no pairs or no candidates
     */
    public static LengthPenaltyChoice choose(Translator translator, List<TranslationPairs.Pair> pairs,
                                             DecodeOptions search, List<Double> alphas, IntConsumer progress) {
        Objects.requireNonNull(translator, "translator");
        if (pairs.isEmpty() || alphas.isEmpty()) {
            throw new IllegalArgumentException("choosing a length penalty needs pairs and candidates, got "
                    + pairs.size() + " pairs and " + alphas.size() + " candidates");
        }
        List<String> sources = pairs.stream().map(TranslationPairs.Pair::source).toList();
        List<String> references = pairs.stream().map(TranslationPairs.Pair::target).toList();
        List<Candidate> scored = new ArrayList<>();
        for (double alpha : alphas) {
            int before = scored.size() * sources.size();
            List<String> hypotheses = translator.translate(sources, search.withLengthPenalty(alpha),
                    done -> progress.accept(before + done)).stream().map(Translator.Translation::text).toList();
            scored.add(new Candidate(alpha, Bleu.corpus(hypotheses, references)));
        }
        return new LengthPenaltyChoice(scored);
    }
}
