package org.rnn4j.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Bad run-file settings are refused before any training, each named by its record component. */
class RunFilesTest {
    @Test
    void eachWithChangesOnePartOfNone() {
        RunFiles files = RunFiles.NONE.withCheckpoints(Path.of("run"), 50).withResume(true)
                .withCsvLog(Path.of("log.csv"), 10);
        assertThat(files).isEqualTo(new RunFiles(Path.of("run"), 50, true, Path.of("log.csv"), 10));
        assertThat(files.checkpointFile()).isEqualTo(Path.of("run", RunFiles.CHECKPOINT_NAME));
    }

    @Test
    void badSettingsAreNamedByTheirRecordComponent() {
        assertThatThrownBy(() -> new RunFiles(null, 0, true, null, 1))
                .hasMessageStartingWith("RunFiles.resume needs RunFiles.checkpointDir");
        assertThatThrownBy(() -> new RunFiles(Path.of("c"), -1, false, null, 1))
                .hasMessageStartingWith("RunFiles.checkpointEvery must be 0 (each epoch) or positive");
        assertThatThrownBy(() -> new RunFiles(null, 0, false, null, 0))
                .hasMessage("RunFiles.logEvery must be at least 1, got 0");
    }
}
