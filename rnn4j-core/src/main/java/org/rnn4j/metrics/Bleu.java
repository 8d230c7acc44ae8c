package org.rnn4j.metrics;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Corpus BLEU exactly as sacreBLEU computes it by default ({@code BLEU()}: signature
 * {@code nrefs:1|case:mixed|eff:no|tok:13a|smooth:exp}), with one reference per sentence, so that a translation
 * model's score can be compared with published ones.
 *
 * <pre>
 * tokens      = {@link Tokenizer13a}(line with trailing whitespace removed), case kept
 * matches_n   = Σ_sentences Σ_ngrams min(count in hypothesis, count in reference)      n = 1..4
 * totals_n    = Σ_sentences (hypothesis n-grams)
 * p_n         = 100·matches_n / totals_n; a zero match count is smoothed ("exp", mteval-v13a's method): the k-th
 *               order with no match gets p_n = 100 / (2^k · totals_n)
 * BP          = 1 if c ≥ r, else exp(1 − r/c) (0 if c = 0)     c, r: total hypothesis and reference lengths
 * BLEU        = BP · exp(¼ Σ_n log p_n)                         in [0, 100]
 * </pre>
 * As in sacreBLEU, a corpus with no matching unigram scores 0, and an order with no n-grams at all (every
 * hypothesis shorter than n) contributes log 0, taken as −9999999999, so the score is 0: corpus BLEU is meant for
 * a corpus, not for one short sentence. The statistics are summed over the corpus before the score is formed; the
 * mean of sentence scores is a different, lower number.
 *
 * <p>Checked against sacreBLEU 2.6.0 on the cases of {@code tools/golden/generate_bleu.py}.
 */
public final class Bleu {
    /** The longest n-gram counted. */
    public static final int MAX_ORDER = 4;
    private static final double LOG_ZERO = -9999999999.0; // sacrebleu.utils.my_log(0)

    private Bleu() {
    }

    /**
     * A BLEU score with the statistics it was formed from.
     *
     * @param score            BLEU in [0, 100]
     * @param matches          clipped n-gram matches for n = 1..4
     * @param totals           hypothesis n-grams for n = 1..4
     * @param precisions       the (smoothed) n-gram precisions in percent
     * @param brevityPenalty   BP in [0, 1]
     * @param hypothesisLength c, the hypothesis tokens of the whole corpus
     * @param referenceLength  r, the reference tokens of the whole corpus
     */
    public record Score(double score, List<Long> matches, List<Long> totals, List<Double> precisions,
            double brevityPenalty, long hypothesisLength, long referenceLength) {

        public Score {
            matches = List.copyOf(matches);
            totals = List.copyOf(totals);
            precisions = List.copyOf(precisions);
        }

        /** c / r, or 0 when there are no reference tokens. */
        public double ratio() {
            return referenceLength == 0 ? 0 : (double) hypothesisLength / referenceLength;
        }

        /**
         * As sacreBLEU prints it:
         * {@code BLEU = 37.99 83.3/60.0/25.0/16.7 (BP = 1.000 ratio = 1.000 hyp_len = 6 ref_len = 6)}.
         */
        @Override
        public String toString() {
            StringBuilder s = new StringBuilder("BLEU = ").append(fixed(score, 2)).append(' ');
            for (int n = 0; n < precisions.size(); n++) {
                s.append(n == 0 ? "" : "/").append(fixed(precisions.get(n), 1));
            }
            return s.append(" (BP = ").append(fixed(brevityPenalty, 3)).append(" ratio = ").append(fixed(ratio(), 3))
                    .append(" hyp_len = ").append(hypothesisLength).append(" ref_len = ").append(referenceLength)
                    .append(')').toString();
        }

        /** Python's {@code f"{x:.Nf}"}: the exact binary value rounded half to even. */
        private static String fixed(double x, int digits) {
            return new BigDecimal(x).setScale(digits, RoundingMode.HALF_EVEN).toPlainString();
        }
    }

    /**
     * Corpus BLEU of {@code hypotheses} against {@code references}, one reference per hypothesis, as raw
     * (detokenized) text: the score tokenizes them itself.
     */
    public static Score corpus(List<String> hypotheses, List<String> references) {
        Objects.requireNonNull(hypotheses, "hypotheses");
        Objects.requireNonNull(references, "references");
        if (hypotheses.size() != references.size()) {
            throw new IllegalArgumentException("BLEU needs one reference per hypothesis, got " + hypotheses.size()
                    + " hypotheses and " + references.size() + " references");
        }
        if (hypotheses.isEmpty()) {
            throw new IllegalArgumentException("BLEU of an empty corpus is undefined; give at least one sentence");
        }
        long[] matches = new long[MAX_ORDER];
        long[] totals = new long[MAX_ORDER];
        long hypothesisLength = 0;
        long referenceLength = 0;
        for (int i = 0; i < hypotheses.size(); i++) {
            List<String> hyp = tokens(hypotheses.get(i), "hypothesis", i);
            List<String> ref = tokens(references.get(i), "reference", i);
            hypothesisLength += hyp.size();
            referenceLength += ref.size();
            Map<String, Integer> refCounts = ngrams(ref);
            for (Map.Entry<String, Integer> e : ngrams(hyp).entrySet()) {
                int n = order(e.getKey());
                totals[n - 1] += e.getValue();
                matches[n - 1] += Math.min(e.getValue(), refCounts.getOrDefault(e.getKey(), 0));
            }
        }
        return score(matches, totals, hypothesisLength, referenceLength);
    }

    private static List<String> tokens(String line, String what, int index) {
        if (line == null) {
            throw new IllegalArgumentException("BLEU: " + what + " " + index + " is null");
        }
        return PythonWhitespace.split(Tokenizer13a.tokenize(PythonWhitespace.rstrip(line)));
    }

    /** Every n-gram for n = 1..4, as its tokens joined by single spaces (tokens hold no spaces), with its count. */
    private static Map<String, Integer> ngrams(List<String> tokens) {
        Map<String, Integer> counts = new HashMap<>();
        for (int n = 1; n <= MAX_ORDER; n++) {
            for (int i = 0; i + n <= tokens.size(); i++) {
                counts.merge(String.join(" ", tokens.subList(i, i + n)), 1, Integer::sum);
            }
        }
        return counts;
    }

    private static int order(String ngram) {
        int n = 1;
        for (int i = 0; i < ngram.length(); i++) {
            if (ngram.charAt(i) == ' ') {
                n++;
            }
        }
        return n;
    }

    /** sacreBLEU's {@code BLEU.compute_bleu} with smooth_method 'exp' and effective_order false. */
    private static Score score(long[] matches, long[] totals, long hypothesisLength, long referenceLength) {
        double bp = 1.0;
        if (hypothesisLength < referenceLength) {
            bp = hypothesisLength > 0 ? Math.exp(1 - (double) referenceLength / hypothesisLength) : 0.0;
        }
        double[] precisions = new double[MAX_ORDER];
        boolean anyMatch = false;
        for (long m : matches) {
            anyMatch |= m != 0;
        }
        double score = 0.0;
        if (anyMatch) {
            double smooth = 1.0;
            for (int n = 0; n < MAX_ORDER; n++) {
                if (totals[n] == 0) {
                    break;
                }
                if (matches[n] == 0) {
                    smooth *= 2;
                    precisions[n] = 100.0 / (smooth * totals[n]);
                } else {
                    precisions[n] = 100.0 * matches[n] / totals[n];
                }
            }
            double sumLog = 0;
            for (double p : precisions) {
                sumLog += p == 0.0 ? LOG_ZERO : Math.log(p);
            }
            score = bp * Math.exp(sumLog / MAX_ORDER);
        }
        List<Long> m = new ArrayList<>();
        List<Long> t = new ArrayList<>();
        List<Double> p = new ArrayList<>();
        for (int n = 0; n < MAX_ORDER; n++) {
            m.add(matches[n]);
            t.add(totals[n]);
            p.add(precisions[n]);
        }
        return new Score(score, m, t, p, bp, hypothesisLength, referenceLength);
    }
}
