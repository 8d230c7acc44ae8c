package org.rnn4j.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The paired thread runs the second half while the caller runs the first, and hands back what went wrong. */
class PairedThreadTest {

    @Test
    void runsBothHalvesBeforeReturning() {
        for (int call = 0; call < 1000; call++) {
            AtomicInteger first = new AtomicInteger();
            AtomicInteger second = new AtomicInteger();
            boolean ran = PairedThread.runPair(first::incrementAndGet, second::incrementAndGet);
            assertThat(ran).isTrue();
            assertThat(first.get()).as("call %d, first half", call).isEqualTo(1);
            assertThat(second.get()).as("call %d, second half", call).isEqualTo(1);
        }
    }

    @Test
    void theSecondHalfRunsOnAnotherThreadUnlessTheCallerTookItBack() {
        AtomicReference<Thread> ranOn = new AtomicReference<>();
        // The first half waits long enough for the partner to take the second.
        PairedThread.runPair(() -> sleep(200), () -> ranOn.set(Thread.currentThread()));
        assertThat(ranOn.get()).isNotSameAs(Thread.currentThread());
        assertThat(ranOn.get().getName()).isEqualTo("rnn4j-paired");
        assertThat(ranOn.get().isDaemon()).as("never keeps the JVM alive").isTrue();
    }

    @Test
    void aFailureOfTheSecondHalfIsThrownToTheCallerAndThePairStaysUsable() {
        assertThatThrownBy(() -> PairedThread.runPair(() -> sleep(20), () -> {
            throw new IllegalStateException("second half failed");
        })).isInstanceOf(IllegalStateException.class).hasMessage("second half failed");
        AtomicInteger second = new AtomicInteger();
        assertThat(PairedThread.runPair(() -> { }, second::incrementAndGet)).isTrue();
        assertThat(second.get()).isEqualTo(1);
    }

    @Test
    void aCallerInsideAPairFindsItBusyAndRunsNeither() {
        AtomicReference<Boolean> inner = new AtomicReference<>();
        PairedThread.runPair(() -> inner.set(PairedThread.runPair(() -> { }, () -> { })), () -> { });
        assertThat(inner.get()).isFalse();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
