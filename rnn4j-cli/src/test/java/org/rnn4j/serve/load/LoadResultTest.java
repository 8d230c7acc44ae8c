package org.rnn4j.serve.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LoadResultTest {
    @Test
    void quantilesAreNearestRankOverTheAnsweredRequestsOnly() {
        List<Exchange.Sample> samples = new ArrayList<>();
        for (int ms = 1; ms <= 100; ms++) {
            samples.add(Exchange.Sample.of(200, ms * 1_000_000L));
        }
        samples.add(Exchange.Sample.of(429, 1));
        samples.add(Exchange.Sample.of(LoadResult.NO_ANSWER, 0));
        samples.add(Exchange.Sample.of(500, 999_000_000_000L));

        LoadResult r = new LoadResult(4, 2.0, samples);

        assertThat(r.latencyMillis(0.5)).isEqualTo(50.0);
        assertThat(r.latencyMillis(0.99)).isEqualTo(99.0);
        assertThat(r.latencyMillis(1.0)).isEqualTo(100.0);
        assertThat(r.requestsPerSecond()).isEqualTo(50.0);
        assertThat(r.busy()).isEqualTo(1);
        assertThat(r.failed()).isEqualTo(2);
        assertThat(r.streamed()).isFalse();
        assertThat(r.firstTokenMillis(0.5)).isNaN();
    }

    @Test
    void tokensPerSecondCountsEveryClientsTokensOverTheLevelsTime() {
        LoadResult r = new LoadResult(2, 4.0, List.of(new Exchange.Sample(200, 9_000_000, 2_000_000, 30),
                new Exchange.Sample(200, 8_000_000, 3_000_000, 50)));

        assertThat(r.tokensPerSecond()).isEqualTo(20.0);
        assertThat(r.firstTokenMillis(0.5)).isEqualTo(2.0);
        assertThat(r.firstTokenMillis(0.99)).isEqualTo(3.0);
    }

    @Test
    void aLevelRunsEveryClientUntilItsTimeIsUp() throws InterruptedException {
        java.util.Set<String> threads = java.util.concurrent.ConcurrentHashMap.newKeySet();
        LoadResult r = LoadLevel.run(3, java.time.Duration.ofMillis(200), round -> {
            threads.add(Thread.currentThread().getName());
            Thread.sleep(5);
            return Exchange.Sample.of(200, 5_000_000);
        });

        assertThat(threads).hasSize(3);
        assertThat(r.answered()).isBetween(3 * 10, 3 * 45);
        assertThat(r.clients()).isEqualTo(3);
    }
}
