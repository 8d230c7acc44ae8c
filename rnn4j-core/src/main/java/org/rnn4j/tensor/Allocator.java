package org.rnn4j.tensor;

/**
 * Where {@link Tensor#zeros} takes its storage on a thread: fresh direct memory unless an allocator is installed.
 * A {@link Workspace#scope()} installs itself while it is open (the trainer opens one per step), so the working
 * tensors of a step come from, and go back to, the thread's pool.
 */
interface Allocator {
    /** A tensor of zeros of this shape. */
    Tensor zeros(int[] shape);
}
