package org.rnn4j.nn.recurrent;

import org.rnn4j.tensor.Tensor;
import org.rnn4j.tensor.Workspace;

/**
 * Float arrays that a cell's step works in. The loop takes one per call and part of the batch, and every step of that
 * call reuses it, so a step allocates nothing and two parts running on two cores never share an array. The loop
 * keeps them between calls too ({@link Recurrent}'s pool): a stream calls it once per step, and new arrays at every
 * call are garbage that grows the heap, and the process (docs/performance.md, streaming).
 *
 * <p>A step copies its (B, ·) blocks out of the tensors' direct storage into these arrays (bulk copies), runs the
 * kernels of {@link org.rnn4j.tensor.RecurrentKernels} over them and copies the results back: the JIT vectorises
 * loops over arrays, not element access through a buffer (docs/performance.md). What an array holds is the
 * cell's business within one step; its contents are undefined when the step returns.
 */
public final class StepScratch {
    private int rows;
    private final int gateWidth;
    private final int hidden;
    private final float[][] gateBlocks = new float[4][];
    private final float[][] stateBlocks = new float[4][];
    private Tensor gateRows;

    /** Scratch for steps over {@code rows} rows of a cell with gates (rows, gateWidth) and states (rows, hidden). */
    public StepScratch(int rows, int gateWidth, int hidden) {
        this.rows = rows;
        this.gateWidth = gateWidth;
        this.hidden = hidden;
    }

    /** Now for {@code rows} rows; the arrays grow when they are too short. */
    StepScratch resize(int rows) {
        this.rows = rows;
        return this;
    }

    /** Array {@code k} (0 … 3) of at least rows × G·H floats, allocated on first use. */
    public float[] gateBlock(int k) {
        if (gateBlocks[k] == null || gateBlocks[k].length < rows * gateWidth) {
            gateBlocks[k] = new float[rows * gateWidth];
        }
        return gateBlocks[k];
    }

    /** Array {@code k} (0 … 3) of at least rows × H floats, allocated on first use. */
    public float[] stateBlock(int k) {
        if (stateBlocks[k] == null || stateBlocks[k].length < rows * hidden) {
            stateBlocks[k] = new float[rows * hidden];
        }
        return stateBlocks[k];
    }

    /**
     * A (rows, G·H) tensor for a product that a step reads back at once (the GRU's hidden projection): the same
     * storage at every step, so it stays in the processor's cache. Taken from the {@link Workspace} on first use
     * and given back by {@link #release}.
     */
    public Tensor gateRows() {
        if (gateRows == null) {
            gateRows = Workspace.take(rows, gateWidth);
        }
        return gateRows;
    }

    /** Gives back what {@link #gateRows} took; called by whoever made this scratch, when its steps are done. */
    public void release() {
        if (gateRows != null) {
            Workspace.give(gateRows);
            gateRows = null;
        }
    }
}
