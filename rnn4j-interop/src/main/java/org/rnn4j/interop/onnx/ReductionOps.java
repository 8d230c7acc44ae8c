package org.rnn4j.interop.onnx;

import java.util.function.DoubleBinaryOperator;

/**
 * The ops that reduce along axes: ReduceSum and ReduceMax (rnn4j's export counts and detects a mask's valid steps
 * with them) and CumSum (a step's count of valid steps up to it).
 */
final class ReductionOps {
    private ReductionOps() {
    }

    /** Σ over the axes (all without axes); axes are an input from opset 13, an attribute before. */
    static OnnxValue reduceSum(OnnxNode node, OnnxValue x, OnnxValue axesInput) {
        long[] axes = node.opset() >= 13 ? (axesInput == null ? null : axesInput.ints()) : node.intsAttribute("axes");
        boolean noopWithoutAxes = node.intAttribute("noop_with_empty_axes", 0) == 1;
        if ((axes == null || axes.length == 0) && noopWithoutAxes) {
            return x;
        }
        return reduce(node, x, axes, 0, Double::sum);
    }

    /** max over the axes; axes are an attribute until opset 18, an input from then on. */
    static OnnxValue reduceMax(OnnxNode node, OnnxValue x, OnnxValue axesInput) {
        long[] axes = node.opset() >= 18 ? (axesInput == null ? null : axesInput.ints()) : node.intsAttribute("axes");
        return reduce(node, x, axes, Double.NEGATIVE_INFINITY, Math::max);
    }

    private static OnnxValue reduce(OnnxNode node, OnnxValue x, long[] axes, double start, DoubleBinaryOperator op) {
        int rank = x.rank();
        boolean[] reduced = new boolean[rank];
        if (axes == null || axes.length == 0) {
            java.util.Arrays.fill(reduced, true);
        } else {
            for (long a : axes) {
                reduced[node.axis(a, rank, "axis")] = true;
            }
        }
        boolean keepDims = node.intAttribute("keepdims", 1) == 1;
        int[] shape = x.shape();
        int[] kept = new int[rank];                      // the output's shape with the reduced axes as 1
        int outRank = 0;
        for (int a = 0; a < rank; a++) {
            kept[a] = reduced[a] ? 1 : shape[a];
            outRank += reduced[a] && !keepDims ? 0 : 1;
        }
        int[] keptStrides = OnnxValue.strides(kept);
        double[] acc = new double[OnnxValue.elementCount(kept)];
        java.util.Arrays.fill(acc, start);
        int[] index = new int[rank];
        for (int flat = 0; flat < x.size(); flat++) {
            int target = 0;
            for (int a = 0; a < rank; a++) {
                target += reduced[a] ? 0 : index[a] * keptStrides[a];
            }
            acc[target] = op.applyAsDouble(acc[target], x.number(flat));
            for (int a = rank - 1; a >= 0; a--) {
                if (++index[a] < shape[a]) {
                    break;
                }
                index[a] = 0;
            }
        }
        int[] outShape = new int[outRank];
        for (int a = 0, j = 0; a < rank; a++) {
            if (!(reduced[a] && !keepDims)) {
                outShape[j++] = kept[a];
            }
        }
        if (x.isFloat()) {
            float[] out = new float[acc.length];
            for (int i = 0; i < out.length; i++) {
                out[i] = (float) acc[i];
            }
            return OnnxValue.ofFloats(out, outShape);
        }
        long[] out = new long[acc.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = (long) acc[i];
        }
        return OnnxValue.ofInts(out, outShape);
    }

    /** Running sums along the axis (a scalar input); {@code exclusive} leaves out the element itself, {@code reverse} sums from the end. */
    static OnnxValue cumSum(OnnxNode node, OnnxValue x, OnnxValue axisInput) {
        if (axisInput == null || axisInput.isFloat() || axisInput.size() != 1) {
            throw node.problem("needs one integer axis, got " + axisInput);
        }
        int axis = node.axis(axisInput.ints()[0], x.rank(), "axis");
        boolean exclusive = node.intAttribute("exclusive", 0) == 1;
        boolean reverse = node.intAttribute("reverse", 0) == 1;
        int n = x.dim(axis);
        int inner = 1;
        for (int a = axis + 1; a < x.rank(); a++) {
            inner *= x.dim(a);
        }
        int outer = x.size() / Math.max(1, n * inner);
        double[] out = new double[x.size()];
        for (int o = 0; o < outer; o++) {
            for (int i = 0; i < inner; i++) {
                double sum = 0;
                for (int s = 0; s < n; s++) {
                    int k = reverse ? n - 1 - s : s;
                    int at = (o * n + k) * inner + i;
                    double v = x.number(at);
                    out[at] = exclusive ? sum : sum + v;
                    sum += v;
                }
            }
        }
        if (x.isFloat()) {
            float[] f = new float[out.length];
            for (int i = 0; i < f.length; i++) {
                f[i] = (float) out[i];
            }
            return OnnxValue.ofFloats(f, x.shape());
        }
        long[] l = new long[out.length];
        for (int i = 0; i < l.length; i++) {
            l[i] = (long) out[i];
        }
        return OnnxValue.ofInts(l, x.shape());
    }
}
