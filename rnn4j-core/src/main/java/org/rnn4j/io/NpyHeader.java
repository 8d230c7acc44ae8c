package org.rnn4j.io;

import java.util.Arrays;
import org.rnn4j.tensor.Shapes;

/**
 * What the header of a NumPy {@code .npy} file says about its array.
 *
 * @param dtype the NumPy type string, e.g. {@code "<f4"} (little-endian float32) or {@code "<i8"}
 * @param fortranOrder true when the data is stored column-major
 * @param shape the array's shape; empty for a scalar
 */
public record NpyHeader(String dtype, boolean fortranOrder, int[] shape) {
    public NpyHeader {
        shape = shape.clone();
    }

    @Override
    public int[] shape() {
        return shape.clone();
    }

    public long elementCount() {
        return Shapes.elementCount(shape);
    }

    // Records compare arrays by reference; compare shapes by content instead.
    @Override
    public boolean equals(Object o) {
        return o instanceof NpyHeader h && dtype.equals(h.dtype) && fortranOrder == h.fortranOrder
                && Arrays.equals(shape, h.shape);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * dtype.hashCode() + Boolean.hashCode(fortranOrder)) + Arrays.hashCode(shape);
    }

    @Override
    public String toString() {
        return "NpyHeader[dtype=" + dtype + ", fortranOrder=" + fortranOrder + ", shape=" + Shapes.format(shape) + "]";
    }
}
