package org.rnn4j.tensor;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.bytedeco.javacpp.Pointer;
import org.junit.jupiter.api.Test;

/** One scratchpad per thread: aligned to a cache line, grown when a primitive needs more, never shrunk. */
class ThreadScratchpadTest {

    @Test
    void isAlignedAndGrowsOnlyWhenAskedForMore() {
        Pointer first = ThreadScratchpad.atLeast(100);
        assertThat(address(first) % 64).isZero();
        assertThat(address(ThreadScratchpad.atLeast(10))).as("a smaller request reuses it").isEqualTo(address(first));
        Pointer grown = ThreadScratchpad.atLeast(1 << 20);
        assertThat(address(grown) % 64).isZero();
        Pointer.memset(grown, 7, 1 << 20); // all of it is there to write
        assertThat(address(ThreadScratchpad.atLeast(100))).isEqualTo(address(grown));
    }

    @Test
    void eachThreadHasItsOwn() throws Exception {
        long mine = address(ThreadScratchpad.atLeast(4096));
        AtomicLong other = new AtomicLong();
        Thread thread = new Thread(() -> other.set(address(ThreadScratchpad.atLeast(4096))));
        thread.start();
        thread.join();
        assertThat(other.get()).isNotEqualTo(mine);
    }

    private static long address(Pointer p) {
        return p.address() + p.position();
    }
}
