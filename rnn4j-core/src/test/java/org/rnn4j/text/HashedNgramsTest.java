package org.rnn4j.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class HashedNgramsTest {
    private static final HashedNgrams WORDS_AND_PAIRS = new HashedNgrams(2, 1 << 20);

    @Test
    void aTextIsTheSetOfItsUnigramAndBigramBucketsAscending() {
        int[] buckets = WORDS_AND_PAIRS.of(List.of("not", "good", "not", "good"));
        // not, good, "not good", "good not": "not" and "not good" occur twice but count once
        assertThat(buckets).hasSize(4).isSorted().doesNotHaveDuplicates();
        assertThat(WORDS_AND_PAIRS.of(List.of())).isEmpty();
        assertThat(new HashedNgrams(1, 1 << 20).of(List.of("not", "good", "not"))).hasSize(2);
    }

    @Test
    void anNgramIsNotTheTokenOfItsCharactersJoined() {
        int[] pair = WORDS_AND_PAIRS.of(List.of("ab", "c"));
        int[] joined = WORDS_AND_PAIRS.of(List.of("abc"));
        int[] alone = WORDS_AND_PAIRS.of(List.of("ab"));
        int[] c = WORDS_AND_PAIRS.of(List.of("c"));
        assertThat(pair).contains(alone[0], c[0]).doesNotContain(joined[0]);
    }

    @Test
    void theHashIsFixedSinceTrainedWeightsAreAddressedByIt() {
        // A model file's n-gram weights are only right while the buckets stay as they were when it was written.
        // The numbers are from an independent Python transcription of the hash (FNV-1a 64 over the characters,
        // 0x01 between tokens, MurmurHash3's fmix64, the signed value modulo 2^20, floored).
        assertThat(WORDS_AND_PAIRS.of(List.of("good"))).containsExactly(121460);
        assertThat(WORDS_AND_PAIRS.of(List.of("not", "good"))).containsExactly(92407, 121460, 415317);
    }

    @Test
    void bucketsAreSpreadEvenlyEnoughForTheHashingTrick() {
        HashedNgrams small = new HashedNgrams(1, 16);
        int[] counts = new int[16];
        for (int i = 0; i < 16_000; i++) {
            counts[small.of(List.of("w" + i))[0]]++;
        }
        assertThat(java.util.Arrays.stream(counts).boxed().toList()).allSatisfy(n -> assertThat(n).isBetween(850, 1150));
    }

    @Test
    void nonsenseSizesAreRefused() {
        assertThatThrownBy(() -> new HashedNgrams(0, 16)).hasMessageContaining("order must be at least 1, got 0");
        assertThatThrownBy(() -> new HashedNgrams(2, 0)).hasMessageContaining("buckets must be at least 1, got 0");
    }
}
