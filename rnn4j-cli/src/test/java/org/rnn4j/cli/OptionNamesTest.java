package org.rnn4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class OptionNamesTest {
    @Test
    void aLibraryNameWithAFlagIsShownAsTheFlag() {
        assertThat(OptionNames.inFlags("TrainerOptions.maxEpochs must be at least 1, got 0"))
                .isEqualTo("--max-epochs must be at least 1, got 0");
    }

    @Test
    void aNameWithoutAFlagAndOrdinaryTextStayAsTheyAre() {
        assertThat(OptionNames.inFlags("Example.size must be 3; see file.txt, line 2. Then stop."))
                .isEqualTo("Example.size must be 3; see file.txt, line 2. Then stop.");
    }
}
