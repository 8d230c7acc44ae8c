package org.rnn4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.rnn4j.train.StopReason;
import org.rnn4j.train.TrainingProgress;
import org.rnn4j.train.TrainingResult;

/** An output that fails after the model was written is reported after the summary, with exit code 3. */
class LateOutputsTest {
    private static TrainingResult result(List<String> problems) {
        return new TrainingResult(TrainingProgress.START, StopReason.MAX_EPOCHS, 1, 0.5, null, false, problems);
    }

    @Test
    void aChartThatCannotBeWrittenIsOneLineAndExitCodeThree() {
        LateOutputs late = new LateOutputs(result(List.of()));
        late.write("chart", Path.of("out/loss.png"), () -> {
            throw new UncheckedIOException("could not write out/loss.png: No space left on device",
                    new IOException("No space left on device"));
        });
        StringWriter err = new StringWriter();

        assertThat(late.report(new PrintWriter(err), 0)).isEqualTo(3);
        assertThat(err.toString()).isEqualTo("rnn4j: could not write out/loss.png: No space left on device"
                + " (the model was written)" + System.lineSeparator());
    }

    @Test
    void theListenersProblemsComeFirstAndAnInterruptedRunKeepsItsCode() {
        LateOutputs late = new LateOutputs(result(List.of("could not write the training log log.csv (disk full)")));
        late.write("chart", null, () -> {
            throw new AssertionError("no chart asked for: nothing is written");
        });
        StringWriter err = new StringWriter();

        assertThat(late.report(new PrintWriter(err), 130)).isEqualTo(130);
        assertThat(err.toString()).startsWith("rnn4j: could not write the training log log.csv (disk full)");
    }

    @Test
    void withNothingMissingTheRunsCodeStands() {
        LateOutputs late = new LateOutputs(result(List.of()));
        late.write("chart", Path.of("c.png"), () -> { });
        StringWriter err = new StringWriter();
        assertThat(late.report(new PrintWriter(err), 0)).isZero();
        assertThat(err.toString()).isEmpty();
    }
}
