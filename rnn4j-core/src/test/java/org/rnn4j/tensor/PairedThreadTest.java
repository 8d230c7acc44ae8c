package org.rnn4j.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
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
    void theSecondHalfRunsOnTheDaemonPartnerThread() {
        AtomicReference<Thread> ranOn = new AtomicReference<>();
        CountDownLatch secondRan = new CountDownLatch(1);
        // The first half waits for the partner to run the second.
        PairedThread.runPair(() -> await(secondRan), () -> {
            ranOn.set(Thread.currentThread());
            secondRan.countDown();
        });
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
    void aFailureOfTheFirstHalfWaitsForTheSecondBeforeTheNextCaller() {
        AtomicInteger secondFinished = new AtomicInteger();
        CountDownLatch secondStarted = new CountDownLatch(1);
        assertThatThrownBy(() -> PairedThread.runPair(() -> {
            await(secondStarted); // the partner has taken the second half
            throw new IllegalArgumentException("first half failed");
        }, () -> {
            secondStarted.countDown();
            sleep(50);
            secondFinished.incrementAndGet();
        })).isInstanceOf(IllegalArgumentException.class).hasMessage("first half failed");
        AtomicInteger second = new AtomicInteger();
        assertThat(PairedThread.runPair(() -> { }, second::incrementAndGet)).isTrue();
        assertThat(second.get()).as("the next caller's second half ran").isEqualTo(1);
        assertThat(secondFinished.get()).as("the failed call's second half ran to its end").isEqualTo(1);
    }

    @Test
    void aCallerInsideAPairFindsItBusyAndRunsNeither() {
        AtomicReference<Boolean> inner = new AtomicReference<>();
        PairedThread.runPair(() -> inner.set(PairedThread.runPair(() -> { }, () -> { })), () -> { });
        assertThat(inner.get()).isFalse();
    }

    private static void await(CountDownLatch latch) {
        try {
            assertThat(latch.await(10, TimeUnit.SECONDS)).as("the partner took the second half").isTrue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
