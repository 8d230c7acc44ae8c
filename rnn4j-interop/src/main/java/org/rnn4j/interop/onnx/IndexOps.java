package org.rnn4j.interop.onnx;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The ops that pick elements by computed indices: TopK (rnn4j's export sorts a mask's valid steps to the front with
 * it) and GatherElements (moves each row's steps by those indices, and back).
 */
final class IndexOps {
    private IndexOps() {
    }

    /**
     * The k largest (or, with {@code largest=0}, smallest) elements along the axis and their indices, in that order;
     * equal values keep the smaller index first, as ONNX says.
     */
    static List<OnnxValue> topK(OnnxNode node, OnnxValue x, OnnxValue kInput) {
        if (kInput == null || kInput.isFloat() || kInput.size() != 1) {
            throw node.problem("K must be one integer, got " + kInput);
        }
        if (node.intAttribute("sorted", 1) != 1) {
            throw node.problem("sorted=0 (an unspecified order) is not supported");
        }
        int axis = node.axis(node.intAttribute("axis", -1), x.rank(), "axis");
        boolean largest = node.intAttribute("largest", 1) == 1;
        int n = x.dim(axis);
        long k = kInput.ints()[0];
        if (k < 0 || k > n) {
            throw node.problem("K = " + k + " is outside [0, " + n + "] for axis " + axis + " of " + x.shapeString());
        }
        int inner = 1;
        for (int a = axis + 1; a < x.rank(); a++) {
            inner *= x.dim(a);
        }
        int outer = x.size() / Math.max(1, n * inner);
        int[] outShape = x.shape();
        outShape[axis] = (int) k;
        int[] source = new int[OnnxValue.elementCount(outShape)];
        long[] indices = new long[source.length];
        Comparator<Integer> byValue = Comparator.comparingDouble(j -> largest ? -x.number(j) : x.number(j));
        for (int o = 0; o < outer; o++) {
            for (int i = 0; i < inner; i++) {
                List<Integer> positions = new ArrayList<>();
                for (int s = 0; s < n; s++) {
                    positions.add((o * n + s) * inner + i);
                }
                positions.sort(byValue);                                       // stable: ties keep index order
                for (int r = 0; r < k; r++) {
                    int at = (o * (int) k + r) * inner + i;
                    source[at] = positions.get(r);
                    indices[at] = (positions.get(r) / inner) % n;
                }
            }
        }
        return List.of(x.pick(outShape, source), OnnxValue.ofInts(indices, outShape));
    }

    /** {@code out[…, j, …] = data[…, indices[…, j, …], …]} along the axis; indices has data's rank; negative ones count from the end. */
    static OnnxValue gatherElements(OnnxNode node, OnnxValue data, OnnxValue indices) {
        int rank = data.rank();
        if (indices.isFloat() || indices.rank() != rank) {
            throw node.problem("indices must be integers of the data's rank " + rank + ", got " + indices.shapeString());
        }
        int axis = node.axis(node.intAttribute("axis", 0), rank, "axis");
        int[] shape = indices.shape();
        int[] dataStrides = OnnxValue.strides(data.shape());
        for (int a = 0; a < rank; a++) {
            if (a != axis && shape[a] > data.dim(a)) {
                throw node.problem("indices " + indices.shapeString() + " do not fit data " + data.shapeString());
            }
        }
        int[] source = new int[indices.size()];
        int[] index = new int[rank];
        for (int flat = 0; flat < source.length; flat++) {
            long j = indices.ints()[flat];
            long at = j < 0 ? j + data.dim(axis) : j;
            if (at < 0 || at >= data.dim(axis)) {
                throw node.problem("index " + j + " is out of range for dimension " + data.dim(axis));
            }
            int s = 0;
            for (int a = 0; a < rank; a++) {
                s += (a == axis ? (int) at : index[a]) * dataStrides[a];
            }
            source[flat] = s;
            for (int a = rank - 1; a >= 0; a--) {
                if (++index[a] < shape[a]) {
                    break;
                }
                index[a] = 0;
            }
        }
        return data.pick(shape, source);
    }
}
