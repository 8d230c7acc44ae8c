package org.rnn4j.interop.onnx;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.rnn4j.tensor.Shapes;

/**
 * The ops that move elements without computing with them, as the ONNX operator specification defines them:
 * Transpose, Squeeze, Unsqueeze, Reshape, Concat, Slice, Gather, Shape, Expand, Identity. They are what an
 * exporter puts around a recurrent node to turn batch-first into time-major and back, and to build state shapes.
 */
final class ShapeOps {
    private ShapeOps() {
    }

    /** {@code out[i_perm(0), …] = x[i_0, …]}; perm defaults to reversing the axes. */
    static OnnxValue transpose(OnnxNode node, OnnxValue x) {
        int rank = x.rank();
        long[] permAttr = node.intsAttribute("perm");
        if (permAttr != null && permAttr.length != rank) {
            throw node.problem("perm " + Arrays.toString(permAttr) + " does not fit an input of rank " + rank);
        }
        int[] perm = new int[rank];
        boolean[] seen = new boolean[rank];
        for (int i = 0; i < rank; i++) {
            perm[i] = permAttr == null ? rank - 1 - i : node.axis(permAttr[i], rank, "perm entry");
            if (seen[perm[i]]) {
                throw node.problem("perm " + Arrays.toString(permAttr) + " is not a permutation");
            }
            seen[perm[i]] = true;
        }
        return permute(x, perm);
    }

    /** Transpose with a known permutation: output axis i is input axis perm[i]. */
    static OnnxValue permute(OnnxValue x, int... perm) {
        int rank = x.rank();
        int[] inShape = x.shape();
        int[] inStrides = OnnxValue.strides(inShape);
        int[] outShape = new int[rank];
        int[] strideOfOutAxis = new int[rank];
        for (int i = 0; i < rank; i++) {
            outShape[i] = inShape[perm[i]];
            strideOfOutAxis[i] = inStrides[perm[i]];
        }
        return x.pick(outShape, gatherIndices(outShape, strideOfOutAxis, new int[rank]));
    }

    /** Flat source indices for every output position: {@code Σ (start_a + i_a) · stride_a} (stride may be < 0). */
    private static int[] gatherIndices(int[] outShape, int[] strides, int[] offsets) {
        int n = OnnxValue.elementCount(outShape);
        int[] source = new int[n];
        int rank = outShape.length;
        int[] index = new int[rank];
        for (int flat = 0; flat < n; flat++) {
            int s = 0;
            for (int a = 0; a < rank; a++) {
                s += offsets[a] + index[a] * strides[a];
            }
            source[flat] = s;
            for (int a = rank - 1; a >= 0; a--) {
                if (++index[a] < outShape[a]) {
                    break;
                }
                index[a] = 0;
            }
        }
        return source;
    }

    /** Removes the given size-1 axes (all of them without axes); axes are an input from opset 13, before an attribute. */
    static OnnxValue squeeze(OnnxNode node, OnnxValue x, OnnxValue axesInput) {
        long[] axes = axesInput != null ? axesInput.ints() : node.intsAttribute("axes");
        int[] shape = x.shape();
        boolean[] drop = new boolean[shape.length];
        if (axes == null) {
            for (int i = 0; i < shape.length; i++) {
                drop[i] = shape[i] == 1;
            }
        } else {
            for (long a : axes) {
                int axis = node.axis(a, shape.length, "axis");
                if (shape[axis] != 1) {
                    throw node.problem("cannot squeeze axis " + a + " of shape " + x.shapeString());
                }
                drop[axis] = true;
            }
        }
        List<Integer> kept = new ArrayList<>();
        for (int i = 0; i < shape.length; i++) {
            if (!drop[i]) {
                kept.add(shape[i]);
            }
        }
        return x.reshaped(kept.stream().mapToInt(Integer::intValue).toArray());
    }

    /** Inserts size-1 axes at the given positions of the output. */
    static OnnxValue unsqueeze(OnnxNode node, OnnxValue x, OnnxValue axesInput) {
        long[] axes = axesInput != null ? axesInput.ints() : node.intsAttribute("axes");
        if (axes == null) {
            throw node.problem("has no axes");
        }
        int outRank = x.rank() + axes.length;
        boolean[] inserted = new boolean[outRank];
        for (long a : axes) {
            int axis = node.axis(a, outRank, "axis");
            if (inserted[axis]) {
                throw node.problem("axis " + a + " is given twice");
            }
            inserted[axis] = true;
        }
        int[] in = x.shape();
        int[] out = new int[outRank];
        for (int i = 0, j = 0; i < outRank; i++) {
            out[i] = inserted[i] ? 1 : in[j++];
        }
        return x.reshaped(out);
    }

    /** The same elements under a new shape: 0 copies the input's dimension (unless allowzero), −1 is inferred. */
    static OnnxValue reshape(OnnxNode node, OnnxValue x, OnnxValue shapeInput) {
        long[] requested = shapeInput.ints();
        boolean allowZero = node.intAttribute("allowzero", 0) == 1;
        int[] out = new int[requested.length];
        int inferred = -1;
        long known = 1;
        for (int i = 0; i < out.length; i++) {
            long d = requested[i];
            if (d == 0 && !allowZero) {
                if (i >= x.rank()) {
                    throw node.problem("shape " + Arrays.toString(requested) + " copies a dimension "
                            + i + " that the input " + x.shapeString() + " does not have");
                }
                d = x.dim(i);
            }
            if (d == -1) {
                if (inferred >= 0) {
                    throw node.problem("shape " + Arrays.toString(requested) + " has more than one -1");
                }
                inferred = i;
                continue;
            }
            if (d < 0) {
                throw node.problem("shape " + Arrays.toString(requested) + " has a negative dimension");
            }
            out[i] = (int) d;
            known *= d;
        }
        if (inferred >= 0) {
            if (known == 0 || x.size() % known != 0) {
                throw node.problem("cannot reshape " + x.shapeString() + " to " + Arrays.toString(requested));
            }
            out[inferred] = (int) (x.size() / known);
        }
        if (OnnxValue.elementCount(out) != x.size()) {
            throw node.problem("cannot reshape " + x.shapeString() + " to " + Shapes.format(out));
        }
        return x.reshaped(out);
    }

    /** Joins the inputs along {@code axis}; every other dimension must agree. */
    static OnnxValue concat(OnnxNode node, List<OnnxValue> parts) {
        OnnxValue first = parts.get(0);
        int rank = first.rank();
        int axis = node.axis(node.intAttribute("axis", Long.MIN_VALUE), rank, "axis");
        int[] outShape = first.shape();
        outShape[axis] = 0;
        for (OnnxValue p : parts) {
            if (p.rank() != rank || p.isFloat() != first.isFloat()) {
                throw node.problem("cannot join " + p.shapeString() + " with " + first.shapeString());
            }
            for (int a = 0; a < rank; a++) {
                if (a != axis && p.dim(a) != first.dim(a)) {
                    throw node.problem("cannot join " + p.shapeString() + " with " + first.shapeString()
                            + " along axis " + axis);
                }
            }
            outShape[axis] += p.dim(axis);
        }
        int outer = 1;
        for (int a = 0; a < axis; a++) {
            outer *= outShape[a];
        }
        int total = OnnxValue.elementCount(outShape);
        float[] floats = first.isFloat() ? new float[total] : null;
        long[] ints = first.isFloat() ? null : new long[total];
        int at = 0;
        for (int o = 0; o < outer; o++) {
            for (OnnxValue p : parts) {
                int block = p.size() / Math.max(outer, 1);
                if (floats != null) {
                    System.arraycopy(p.floats(), o * block, floats, at, block);
                } else {
                    System.arraycopy(p.ints(), o * block, ints, at, block);
                }
                at += block;
            }
        }
        return floats != null ? OnnxValue.ofFloats(floats, outShape) : OnnxValue.ofInts(ints, outShape);
    }

    /**
     * {@code data[starts:ends:steps]} on the given axes, clamped as the spec says. From opset 10 starts, ends, axes
     * and steps are inputs; before, attributes (without steps).
     */
    static OnnxValue slice(OnnxNode node, OnnxValue data, List<OnnxValue> inputs) {
        long[] starts;
        long[] ends;
        long[] axes;
        long[] steps = null;
        if (node.opset() >= 10) {
            starts = inputs.get(1).ints();
            ends = inputs.get(2).ints();
            axes = inputs.size() > 3 && inputs.get(3) != null ? inputs.get(3).ints() : null;
            steps = inputs.size() > 4 && inputs.get(4) != null ? inputs.get(4).ints() : null;
        } else {
            starts = node.intsAttribute("starts");
            ends = node.intsAttribute("ends");
            axes = node.intsAttribute("axes");
        }
        if (starts == null || ends == null || starts.length != ends.length
                || (axes != null && axes.length != starts.length) || (steps != null && steps.length != starts.length)) {
            throw node.problem("starts, ends, axes and steps must have one entry per sliced axis");
        }
        int rank = data.rank();
        int[] shape = data.shape();
        int[] strides = OnnxValue.strides(shape);
        int[] outShape = shape.clone();
        int[] offsets = new int[rank];
        int[] outStrides = strides.clone();
        for (int i = 0; i < starts.length; i++) {
            int axis = node.axis(axes == null ? i : axes[i], rank, "axis");
            long step = steps == null ? 1 : steps[i];
            if (step == 0) {
                throw node.problem("a step of 0");
            }
            long dim = shape[axis];
            long start = starts[i] < 0 ? starts[i] + dim : starts[i];
            long end = ends[i] < 0 ? ends[i] + dim : ends[i];
            if (step > 0) {
                start = Math.max(0, Math.min(start, dim));
                end = Math.max(0, Math.min(end, dim));
            } else {
                start = Math.max(0, Math.min(start, dim - 1));
                end = Math.max(-1, Math.min(end, dim - 1));
            }
            long count = step > 0 ? (end - start + step - 1) / step : (start - end - step - 1) / -step;
            outShape[axis] = (int) Math.max(0, count);
            offsets[axis] = (int) (outShape[axis] == 0 ? 0 : start * strides[axis]);
            outStrides[axis] = (int) (strides[axis] * step);
        }
        return data.pick(outShape, gatherIndices(outShape, outStrides, offsets));
    }

    /** {@code out[…, indices[j…], …] = data[…, j, …]} along {@code axis}; negative indices count from the end. */
    static OnnxValue gather(OnnxNode node, OnnxValue data, OnnxValue indices) {
        int rank = data.rank();
        int axis = node.axis(node.intAttribute("axis", 0), rank, "axis");
        int[] shape = data.shape();
        int outer = 1;
        for (int a = 0; a < axis; a++) {
            outer *= shape[a];
        }
        int inner = 1;
        for (int a = axis + 1; a < rank; a++) {
            inner *= shape[a];
        }
        int[] idxShape = indices.shape();
        int[] outShape = new int[rank - 1 + idxShape.length];
        System.arraycopy(shape, 0, outShape, 0, axis);
        System.arraycopy(idxShape, 0, outShape, axis, idxShape.length);
        System.arraycopy(shape, axis + 1, outShape, axis + idxShape.length, rank - axis - 1);
        long[] idx = indices.ints();
        int[] source = new int[outer * idx.length * inner];
        int at = 0;
        for (int o = 0; o < outer; o++) {
            for (long raw : idx) {
                long j = raw < 0 ? raw + shape[axis] : raw;
                if (j < 0 || j >= shape[axis]) {
                    throw node.problem("index " + raw + " is out of range for dimension " + shape[axis]);
                }
                int base = (int) ((o * (long) shape[axis] + j) * inner);
                for (int i = 0; i < inner; i++) {
                    source[at++] = base + i;
                }
            }
        }
        return data.pick(outShape, source);
    }

    /** The input's shape as an int64 vector, from {@code start} to {@code end} (opset 15's attributes). */
    static OnnxValue shape(OnnxNode node, OnnxValue x) {
        int rank = x.rank();
        long start = node.intAttribute("start", 0);
        long end = node.intAttribute("end", rank);
        int from = (int) Math.max(0, Math.min(rank, start < 0 ? start + rank : start));
        int to = (int) Math.max(0, Math.min(rank, end < 0 ? end + rank : end));
        long[] dims = new long[Math.max(0, to - from)];
        for (int i = 0; i < dims.length; i++) {
            dims[i] = x.dim(from + i);
        }
        return OnnxValue.vector(dims);
    }

    /** Broadcasts the input to {@code shape} (numpy's rule: the result may be larger than the shape asked for). */
    static OnnxValue expand(OnnxNode node, OnnxValue x, OnnxValue shapeInput) {
        long[] requested = shapeInput.ints();
        int[] target = new int[requested.length];
        for (int i = 0; i < target.length; i++) {
            target[i] = (int) requested[i];
        }
        int[] outShape = Broadcast.shape(node, x.shape(), target);
        return x.pick(outShape, Broadcast.sourceIndices(x.shape(), outShape));
    }
}
