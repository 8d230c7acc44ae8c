package org.rnn4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class WorkProgressTest {
    private final AtomicLong now = new AtomicLong();
    private final StringWriter text = new StringWriter();
    private final WorkProgress progress = new WorkProgress(new PrintWriter(text), false, "evaluating", 1000, "texts",
            now::get);

    private void at(double seconds, int done) {
        now.set((long) (seconds * 1e9));
        progress.accept(done);
    }

    @Test
    void printsALineEveryTenSecondsWithRateAndEtaAndOneAtTheEnd() {
        at(3, 300);
        at(8, 500);   // within ten seconds of the last line: silent
        at(13, 700);
        at(20, 1000);
        assertThat(text.toString().lines()).containsExactly(
                "evaluating [======>                 ]  30% 300/1,000 texts 100/s ETA 7s",
                "evaluating [================>       ]  70% 700/1,000 texts 54/s ETA 6s",
                "evaluating [=======================>] 100% 1,000/1,000 texts 50/s ETA 0s");
    }

    @Test
    void workThatEndsWithinTwoSecondsPrintsNothing() {
        at(0.5, 400);
        at(1.5, 1000);
        assertThat(text.toString()).isEmpty();
    }
}
