package org.rnn4j.tasks;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class CopyMemoryTest {

    @Test
    void theTargetIsBlanksThenTheTenSymbolsReadAtTheStart() {
        CopyMemory task = new CopyMemory(5);
        CopyMemory.Batch batch = task.sample(3, new SplittableRandom(1));
        assertThat(batch.length()).isEqualTo(25);
        for (int b = 0; b < 3; b++) {
            int base = b * 25;
            for (int i = 0; i < 10; i++) {
                assertThat(batch.inputs()[base + i]).isBetween(1, 8);
                assertThat(batch.targets()[base + 15 + i]).isEqualTo(batch.inputs()[base + i]);
                assertThat(batch.targets()[base + i]).isZero();
            }
            assertThat(batch.inputs()[base + 14]).isEqualTo(CopyMemory.DELIMITER); // after 10 symbols and 4 blanks
            assertThat(batch.inputs()[base + 15]).isZero();
        }
    }

    @Test
    void theBaselineIsTenLogEightOverTheLength() {
        assertThat(new CopyMemory(100).baselineLoss()).isCloseTo(10 * Math.log(8) / 120,
                org.assertj.core.data.Offset.offset(1e-12));
    }
}
