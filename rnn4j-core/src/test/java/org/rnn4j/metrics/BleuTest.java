package org.rnn4j.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Corpus BLEU by hand on small cases; the sacreBLEU comparison is {@link BleuGoldenTest}. */
class BleuTest {

    @Test
    void aPerfectTranslationScores100() {
        Bleu.Score s = Bleu.corpus(List.of("The cat sat on the mat."), List.of("The cat sat on the mat."));

        assertThat(s.score()).isCloseTo(100, within(1e-12));
        assertThat(s.brevityPenalty()).isEqualTo(1.0);
    }

    @Test
    void theSacreBleuReadmeExampleByHand() {
        // "the cat sat on the mat" vs "the cat is on the mat": 13a gives 6 tokens each.
        // 1-grams 5/6, 2-grams 3/5 (the cat, on the, the mat), 3-grams 1/4 (on the mat), 4-grams 0/3 → exp smoothing
        // gives 100 / (2·3). BLEU = exp(¼ (ln 83.33 + ln 60 + ln 25 + ln 16.67)) = 37.99 (sacreBLEU prints 37.99).
        Bleu.Score s = Bleu.corpus(List.of("the cat sat on the mat"), List.of("the cat is on the mat"));

        assertThat(s.matches()).containsExactly(5L, 3L, 1L, 0L);
        assertThat(s.totals()).containsExactly(6L, 5L, 4L, 3L);
        assertThat(s.precisions().get(3)).isCloseTo(100.0 / 6, within(1e-12));
        double expected = Math.exp((Math.log(500.0 / 6) + Math.log(60) + Math.log(25) + Math.log(100.0 / 6)) / 4);
        assertThat(s.score()).isCloseTo(expected, within(1e-12));
        assertThat(s).hasToString("BLEU = 37.99 83.3/60.0/25.0/16.7 (BP = 1.000 ratio = 1.000 hyp_len = 6 ref_len = 6)");
    }

    @Test
    void aShortHypothesisPaysTheBrevityPenaltyOverTheWholeCorpus() {
        // c = 3, r = 6: BP = exp(1 − 6/3) = e^−1, whatever the precisions.
        Bleu.Score s = Bleu.corpus(List.of("a b c"), List.of("a b c d e f"));

        assertThat(s.brevityPenalty()).isCloseTo(Math.exp(-1), within(1e-15));
        assertThat(s.score()).isZero(); // no 4-gram at all: log 0
    }

    @Test
    void noMatchingUnigramScoresZero() {
        assertThat(Bleu.corpus(List.of("x y z w"), List.of("a b c d")).score()).isZero();
    }

    @Test
    void statisticsAreSummedOverTheCorpusNotAveragedOverSentences() {
        List<String> hyps = List.of("the cat sat on the mat", "a dog ran in the park today");
        List<String> refs = List.of("the cat is on the mat", "a dog ran in the park");

        Bleu.Score corpus = Bleu.corpus(hyps, refs);
        Bleu.Score first = Bleu.corpus(hyps.subList(0, 1), refs.subList(0, 1));
        Bleu.Score second = Bleu.corpus(hyps.subList(1, 2), refs.subList(1, 2));

        for (int n = 0; n < Bleu.MAX_ORDER; n++) {
            assertThat(corpus.matches().get(n)).isEqualTo(first.matches().get(n) + second.matches().get(n));
            assertThat(corpus.totals().get(n)).isEqualTo(first.totals().get(n) + second.totals().get(n));
        }
        assertThat(corpus.hypothesisLength()).isEqualTo(13);
        assertThat(corpus.referenceLength()).isEqualTo(12);
    }

    @Test
    void mismatchedOrEmptyCorporaAreRejected() {
        assertThatThrownBy(() -> Bleu.corpus(List.of("a", "b"), List.of("a")))
                .hasMessage("BLEU needs one reference per hypothesis, got 2 hypotheses and 1 references");
        assertThatThrownBy(() -> Bleu.corpus(List.of(), List.of()))
                .hasMessageStartingWith("BLEU of an empty corpus is undefined");
    }
}
