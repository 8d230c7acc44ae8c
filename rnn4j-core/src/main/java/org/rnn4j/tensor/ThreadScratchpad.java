package org.rnn4j.tensor;

import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.Pointer;

/**
 * The scratchpad of every oneDNN primitive a thread runs: one buffer per thread, grown to the largest a primitive
 * has asked for, instead of one per primitive.
 *
 * <p>A thread runs one primitive at a time, and a scratchpad holds nothing from one call to the next, so the
 * primitives of a thread can share it. One per primitive had cost, on a 2-layer LSTM H512 B64 T100 training, four
 * scratchpads of 53 MB each (forward and backward of both layers), and more for every other shape cached (the last
 * batch, validation); oneDNN's own global scratchpad cannot be used (see {@link DnnlRecurrent}).
 */
final class ThreadScratchpad {
    private static final int ALIGNMENT = 64; // a cache line, as oneDNN aligns its own buffers
    private static final ThreadLocal<ThreadScratchpad> PER_THREAD = ThreadLocal.withInitial(ThreadScratchpad::new);

    private BytePointer allocation;
    private Pointer aligned;
    private long capacity = -1;

    private ThreadScratchpad() {
    }

    /** This thread's scratchpad, at least {@code bytes} long, aligned to 64 bytes; valid until the next call. */
    static Pointer atLeast(long bytes) {
        return PER_THREAD.get().grownTo(bytes);
    }

    private Pointer grownTo(long bytes) {
        if (bytes > capacity) {
            if (allocation != null) {
                allocation.close();
            }
            allocation = new BytePointer(bytes + ALIGNMENT);
            long misalignment = allocation.address() % ALIGNMENT;
            aligned = new BytePointer(allocation).position(misalignment == 0 ? 0 : ALIGNMENT - misalignment);
            capacity = bytes;
        }
        return aligned;
    }
}
