package org.rnn4j.tensor;

/**
 * Runs an elementwise kernel (an optimiser's update, say) over several tensors of one size, chunk by chunk: each
 * chunk is copied into float arrays, the kernel works on the arrays in a loop the JIT can vectorise, and the arrays
 * are copied back. Model code writes the arithmetic and never sees the storage; a second backend replaces this.
 */
public final class Elementwise {
    /** Elements per chunk: small enough to stay in the L1/L2 cache, large enough that the copies are bulk. */
    static final int CHUNK = 4096;

    private Elementwise() {
    }

    /** The arithmetic on one chunk: {@code chunks[k][0, n)} are elements of the k-th tensor (null stays null). */
    @FunctionalInterface
    public interface Kernel {
        void apply(float[][] chunks, int n);
    }

    /**
     * Applies {@code kernel} to aligned chunks of {@code tensors} (all of the same size; a null tensor gives a null
     * array) and writes every chunk back, changed or not.
     */
    public static void forEachChunk(Kernel kernel, Tensor... tensors) {
        int size = -1;
        for (Tensor t : tensors) {
            if (t != null) {
                if (size >= 0 && t.size() != size) {
                    throw new IllegalArgumentException("elementwise kernel over tensors of sizes " + size + " and "
                            + t.size());
                }
                size = t.size();
            }
        }
        if (size <= 0) {
            return;
        }
        float[][] chunks = new float[tensors.length][];
        for (int k = 0; k < tensors.length; k++) {
            chunks[k] = tensors[k] == null ? null : new float[Math.min(size, CHUNK)];
        }
        for (int from = 0; from < size; from += CHUNK) {
            int n = Math.min(CHUNK, size - from);
            for (int k = 0; k < tensors.length; k++) {
                if (tensors[k] != null) {
                    tensors[k].read(from, chunks[k], 0, n);
                }
            }
            kernel.apply(chunks, n);
            for (int k = 0; k < tensors.length; k++) {
                if (tensors[k] != null) {
                    tensors[k].write(from, chunks[k], 0, n);
                }
            }
        }
    }
}
