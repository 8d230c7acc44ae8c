package org.rnn4j.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

class AdmissionTest {
    @Test
    void modelRunsHappenOnItsOwnThreadsNeverMoreThanTheThreadsGiven() throws Exception {
        Set<String> threads = ConcurrentHashMap.newKeySet();
        try (Admission admission = new Admission(2, 64)) {
            List<Thread> callers = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                Thread caller = new Thread(() -> {
                    admission.enter();
                    try {
                        admission.runUnchecked(() -> threads.add(Thread.currentThread().getName()));
                    } finally {
                        admission.exit();
                    }
                });
                callers.add(caller);
                caller.start();
            }
            for (Thread caller : callers) {
                caller.join();
            }
        }

        assertThat(threads).isNotEmpty().hasSizeLessThanOrEqualTo(2).allMatch(name -> name.startsWith("rnn4j-model-"));
    }

    @Test
    void whatAModelRunThrowsReachesTheCallerAsItWas() {
        try (Admission admission = new Admission(1, 1)) {
            assertThatThrownBy(() -> admission.run(() -> {
                throw ApiException.badRequest("input: not a tensor");
            })).isInstanceOf(ApiException.class).hasMessage("input: not a tensor");
            assertThatThrownBy(() -> admission.run(() -> {
                throw new IOException("the client went away");
            })).isInstanceOf(IOException.class);
            assertThatThrownBy(() -> admission.run(() -> {
                throw new OutOfMemoryError("direct buffer memory");
            })).isInstanceOf(OutOfMemoryError.class);
        }
    }
}
