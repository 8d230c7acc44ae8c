package org.rnn4j.interop.onnx;

import org.rnn4j.tensor.Shapes;

/** Numpy's multidirectional broadcasting, which ONNX's elementwise ops and Expand follow. */
final class Broadcast {
    private Broadcast() {
    }

    /** The broadcast shape of a and b: aligned from the right, each pair equal or one of them 1. */
    static int[] shape(OnnxNode node, int[] a, int[] b) {
        int rank = Math.max(a.length, b.length);
        int[] out = new int[rank];
        for (int i = 0; i < rank; i++) {
            int da = i < rank - a.length ? 1 : a[i - (rank - a.length)];
            int db = i < rank - b.length ? 1 : b[i - (rank - b.length)];
            if (da != db && da != 1 && db != 1) {
                throw node.problem("shapes " + Shapes.format(a) + " and " + Shapes.format(b) + " do not broadcast");
            }
            out[i] = da == 1 ? db : da;
        }
        return out;
    }

    /** For every element of {@code out}, the flat index of the element of {@code in} it repeats. */
    static int[] sourceIndices(int[] in, int[] out) {
        int rank = out.length;
        int[] inStrides = OnnxValue.strides(in);
        int[] strides = new int[rank];
        for (int i = 0; i < in.length; i++) {
            int axis = i + rank - in.length;
            strides[axis] = in[i] == 1 ? 0 : inStrides[i];
        }
        int n = OnnxValue.elementCount(out);
        int[] source = new int[n];
        int[] index = new int[rank];
        for (int flat = 0; flat < n; flat++) {
            int s = 0;
            for (int a = 0; a < rank; a++) {
                s += index[a] * strides[a];
            }
            source[flat] = s;
            for (int a = rank - 1; a >= 0; a--) {
                if (++index[a] < out[a]) {
                    break;
                }
                index[a] = 0;
            }
        }
        return source;
    }
}
