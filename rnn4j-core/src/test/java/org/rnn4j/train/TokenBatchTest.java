package org.rnn4j.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class TokenBatchTest {

    @Test
    void padsToACoarseGridOfStepsAndMasksByLength() {
        TokenBatch batch = TokenBatch.of(List.of(new int[] {5, 6, 7}, new int[] {8}), new int[] {1, 0}, 0);
        assertThat(batch.steps()).isEqualTo(8);
        assertThat(batch.ids()).containsExactly(5, 6, 7, 0, 0, 0, 0, 0, 8, 0, 0, 0, 0, 0, 0, 0);
        assertThat(batch.mask().lengths()).containsExactly(3, 1);
        assertThat(batch.labels()).containsExactly(1, 0);
        assertThat(TokenBatch.of(List.of(new int[8], new int[8]), new int[2], 0).mask()).isNull();
        assertThat(TokenBatch.of(List.of(new int[0]), new int[1], 0).steps()).isEqualTo(1);
    }

    @Test
    void theGridIsFineForShortTextsAndCoarseForLongOnes() {
        assertThat(TokenBatch.paddedSteps(1)).isEqualTo(8);
        assertThat(TokenBatch.paddedSteps(64)).isEqualTo(64);
        assertThat(TokenBatch.paddedSteps(65)).isEqualTo(96);
        assertThat(TokenBatch.paddedSteps(256)).isEqualTo(256);
        assertThat(TokenBatch.paddedSteps(257)).isEqualTo(320);
        assertThat(java.util.stream.IntStream.rangeClosed(1, 400).map(TokenBatch::paddedSteps).distinct().count())
                .isEqualTo(17);
    }
}
