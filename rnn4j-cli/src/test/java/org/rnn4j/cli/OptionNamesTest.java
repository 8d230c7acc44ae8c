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
    void aComponentOfANestedRecordAndEveryNameInAMessageAreShownAsFlags() {
        assertThat(OptionNames.inFlags("MnistExperiment.Options.batch must be at least 1, got 0"))
                .isEqualTo("--batch must be at least 1, got 0");
        assertThat(OptionNames.inFlags("RunFiles.resume needs RunFiles.checkpointDir: the folder of the run to continue"))
                .isEqualTo("--resume needs --checkpoint-dir: the folder of the run to continue");
        assertThat(OptionNames.inFlags("the window (StreamWindows.backwardWindow 8) is too long"))
                .isEqualTo("the window (--bptt-back 8) is too long");
    }

    @Test
    void theDropoutsOfTheTranslatorAndOfTheClassifiersEmbeddingsAreTheirFlags() {
        assertThat(OptionNames.inFlags("TranslatorTraining.dropout must be in [0, 1), got 1.5"))
                .isEqualTo("--dropout must be in [0, 1), got 1.5");
        assertThat(OptionNames.inFlags("TextClassifierSpec.embeddingDropout must be in [0, 1), got 1.0"))
                .isEqualTo("--embedding-dropout must be in [0, 1), got 1.0");
    }

    @Test
    void aNameWithoutAFlagAndOrdinaryTextStayAsTheyAre() {
        assertThat(OptionNames.inFlags("Example.size must be 3; see file.txt, line 2. Then stop."))
                .isEqualTo("Example.size must be 3; see file.txt, line 2. Then stop.");
    }
}
