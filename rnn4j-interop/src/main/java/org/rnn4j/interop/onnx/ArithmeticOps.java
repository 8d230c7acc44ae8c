package org.rnn4j.interop.onnx;

import java.util.function.DoubleBinaryOperator;
import java.util.function.LongBinaryOperator;
import org.rnn4j.tensor.Blas;
import org.rnn4j.tensor.Tensor;

/**
 * The ops that compute: the Dense head an exporter writes after the recurrent stack (Gemm, or MatMul + Add, and its
 * activation: Relu, Tanh, Sigmoid, Softmax), the elementwise Add, Sub, Mul and Min (numpy broadcasting), and Equal
 * and Not, whose booleans are integers 0 and 1 here (rnn4j's export makes masks with them).
 */
final class ArithmeticOps {
    private ArithmeticOps() {
    }

    /** {@code Y = A·B} with numpy's matmul rules: the last two axes multiply, the leading ones broadcast. */
    static OnnxValue matMul(OnnxNode node, OnnxValue a, OnnxValue b) {
        requireFloat(node, a, b);
        if (a.rank() < 1 || b.rank() < 1) {
            throw node.problem("needs inputs of rank 1 or more, got " + a.shapeString() + " and " + b.shapeString());
        }
        boolean vectorA = a.rank() == 1;
        boolean vectorB = b.rank() == 1;
        OnnxValue a2 = vectorA ? a.reshaped(1, a.dim(0)) : a;                  // (…, M, K)
        OnnxValue b2 = vectorB ? b.reshaped(b.dim(0), 1) : b;                  // (…, K, N)
        int m = a2.dim(a2.rank() - 2);
        int k = a2.dim(a2.rank() - 1);
        int n = b2.dim(b2.rank() - 1);
        if (b2.dim(b2.rank() - 2) != k) {
            throw node.problem("cannot multiply " + a.shapeString() + " by " + b.shapeString());
        }
        int[] batchA = java.util.Arrays.copyOf(a2.shape(), a2.rank() - 2);
        int[] batchB = java.util.Arrays.copyOf(b2.shape(), b2.rank() - 2);
        int[] batch = Broadcast.shape(node, batchA, batchB);
        int[] outShape = java.util.Arrays.copyOf(batch, batch.length + 2);
        outShape[batch.length] = m;
        outShape[batch.length + 1] = n;
        float[] out;
        if (batchB.length == 0) {
            // The usual head, (B, T, K) × (K, N): every leading axis folds into the rows of one product.
            int rows = a2.size() / k;
            Tensor c = Tensor.zeros(rows, n);
            Blas.gemm(false, false, 1f, a2.reshaped(rows, k).toTensor(), b2.toTensor(), 0f, c);
            out = c.toArray();
        } else {
            out = batchedProduct(a2, b2, batch, m, k, n);
        }
        int[] shape = outShape;
        if (vectorA || vectorB) {                                              // drop the axes rank-1 inputs gained
            int drop = (vectorA ? 1 : 0) + (vectorB ? 1 : 0);
            shape = new int[outShape.length - drop];
            int j = 0;
            for (int i = 0; i < outShape.length; i++) {
                boolean gainedM = vectorA && i == outShape.length - 2;
                boolean gainedN = vectorB && i == outShape.length - 1;
                if (!gainedM && !gainedN) {
                    shape[j++] = outShape[i];
                }
            }
        }
        return OnnxValue.ofFloats(out, shape);
    }

    private static float[] batchedProduct(OnnxValue a, OnnxValue b, int[] batch, int m, int k, int n) {
        int count = OnnxValue.elementCount(batch);
        int[] aMatrices = Broadcast.sourceIndices(java.util.Arrays.copyOf(a.shape(), a.rank() - 2), batch);
        int[] bMatrices = Broadcast.sourceIndices(java.util.Arrays.copyOf(b.shape(), b.rank() - 2), batch);
        float[] x = a.floats();
        float[] y = b.floats();
        float[] out = new float[count * m * n];
        for (int p = 0; p < count; p++) {
            int aBase = aMatrices[p] * m * k;
            int bBase = bMatrices[p] * k * n;
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    double sum = 0;
                    for (int q = 0; q < k; q++) {
                        sum += x[aBase + i * k + q] * y[bBase + q * n + j];
                    }
                    out[(p * m + i) * n + j] = (float) sum;
                }
            }
        }
        return out;
    }

    /** {@code Y = alpha · A' · B' + beta · C}, A' = transA ? Aᵀ : A (M, K), B' likewise (K, N), C broadcast to (M, N). */
    static OnnxValue gemm(OnnxNode node, OnnxValue a, OnnxValue b, OnnxValue c) {
        requireFloat(node, a, b);
        if (a.rank() != 2 || b.rank() != 2) {
            throw node.problem("needs 2-D inputs, got " + a.shapeString() + " and " + b.shapeString());
        }
        boolean transA = node.intAttribute("transA", 0) == 1;
        boolean transB = node.intAttribute("transB", 0) == 1;
        float alpha = node.floatAttribute("alpha", 1f);
        float beta = node.floatAttribute("beta", 1f);
        int m = transA ? a.dim(1) : a.dim(0);
        int k = transA ? a.dim(0) : a.dim(1);
        int kb = transB ? b.dim(1) : b.dim(0);
        int n = transB ? b.dim(0) : b.dim(1);
        if (k != kb) {
            throw node.problem("cannot multiply " + a.shapeString() + (transA ? "ᵀ" : "") + " by "
                    + b.shapeString() + (transB ? "ᵀ" : ""));
        }
        Tensor y = Tensor.zeros(m, n);
        Blas.gemm(transA, transB, alpha, a.toTensor(), b.toTensor(), 0f, y);
        OnnxValue product = OnnxValue.of(y);
        if (c == null) {
            return product;
        }
        requireFloat(node, c, c);
        int[] shape = Broadcast.shape(node, new int[] {m, n}, c.shape());
        if (shape.length != 2 || shape[0] != m || shape[1] != n) {
            throw node.problem("C " + c.shapeString() + " does not broadcast to (" + m + ", " + n + ")");
        }
        float[] out = product.floats().clone();
        int[] source = Broadcast.sourceIndices(c.shape(), shape);
        for (int i = 0; i < out.length; i++) {
            out[i] += beta * c.floats()[source[i]];
        }
        return OnnxValue.ofFloats(out, m, n);
    }

    static OnnxValue add(OnnxNode node, OnnxValue a, OnnxValue b) {
        return elementwise(node, a, b, Double::sum, Long::sum);
    }

    static OnnxValue sub(OnnxNode node, OnnxValue a, OnnxValue b) {
        return elementwise(node, a, b, (x, y) -> x - y, (x, y) -> x - y);
    }

    static OnnxValue mul(OnnxNode node, OnnxValue a, OnnxValue b) {
        return elementwise(node, a, b, (x, y) -> x * y, (x, y) -> x * y);
    }

    /** a = b elementwise, as integers 1 (true) and 0. */
    static OnnxValue equal(OnnxNode node, OnnxValue a, OnnxValue b) {
        OnnxValue same = elementwise(node, a, b, (x, y) -> x == y ? 1 : 0, (x, y) -> x == y ? 1 : 0);
        if (!same.isFloat()) {
            return same;
        }
        long[] out = new long[same.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = (long) same.floats()[i];
        }
        return OnnxValue.ofInts(out, same.shape());
    }

    /** Logical not of a boolean (integers 0 and 1). */
    static OnnxValue not(OnnxNode node, OnnxValue x) {
        if (x.isFloat()) {
            throw node.problem("needs a boolean input, got floats");
        }
        long[] out = new long[x.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = x.ints()[i] == 0 ? 1 : 0;
        }
        return OnnxValue.ofInts(out, x.shape());
    }

    /** An activation elementwise, computed in double and rounded once: relu max(0, x), tanh, sigmoid 1/(1+e^−x). */
    static OnnxValue unary(OnnxNode node, OnnxValue x, java.util.function.DoubleUnaryOperator f) {
        requireFloat(node, x, x);
        float[] out = new float[x.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) f.applyAsDouble(x.floats()[i]);
        }
        return OnnxValue.ofFloats(out, x.shape());
    }

    static double sigmoid(double x) {
        return 1 / (1 + Math.exp(-x));
    }

    /** y_k = e^{x_k − m} / Σ_j e^{x_j − m} along {@code axis} (opset 13's meaning; −1 by default), m = max_j x_j. */
    static OnnxValue softmax(OnnxNode node, OnnxValue x) {
        requireFloat(node, x, x);
        if (node.opset() < 13) {
            throw node.problem("Softmax before opset 13 flattens its input to 2-D, which is not supported");
        }
        int axis = node.axis(node.intAttribute("axis", -1), x.rank(), "axis");
        int n = x.dim(axis);
        int inner = 1;
        for (int a = axis + 1; a < x.rank(); a++) {
            inner *= x.dim(a);
        }
        int outer = x.size() / Math.max(1, n * inner);
        float[] v = x.floats();
        float[] out = new float[v.length];
        for (int o = 0; o < outer; o++) {
            for (int i = 0; i < inner; i++) {
                int base = o * n * inner + i;
                double max = Double.NEGATIVE_INFINITY;
                for (int k = 0; k < n; k++) {
                    max = Math.max(max, v[base + k * inner]);
                }
                double sum = 0;
                for (int k = 0; k < n; k++) {
                    sum += Math.exp(v[base + k * inner] - max);
                }
                for (int k = 0; k < n; k++) {
                    out[base + k * inner] = (float) (Math.exp(v[base + k * inner] - max) / sum);
                }
            }
        }
        return OnnxValue.ofFloats(out, x.shape());
    }

    static OnnxValue min(OnnxNode node, OnnxValue a, OnnxValue b) {
        return elementwise(node, a, b, Math::min, Math::min);
    }

    private static OnnxValue elementwise(OnnxNode node, OnnxValue a, OnnxValue b, DoubleBinaryOperator onFloats,
                                         LongBinaryOperator onInts) {
        if (a.isFloat() != b.isFloat()) {
            throw node.problem("inputs of different element types");
        }
        int[] shape = Broadcast.shape(node, a.shape(), b.shape());
        int[] ia = Broadcast.sourceIndices(a.shape(), shape);
        int[] ib = Broadcast.sourceIndices(b.shape(), shape);
        if (a.isFloat()) {
            float[] out = new float[ia.length];
            for (int i = 0; i < out.length; i++) {
                out[i] = (float) onFloats.applyAsDouble(a.floats()[ia[i]], b.floats()[ib[i]]);
            }
            return OnnxValue.ofFloats(out, shape);
        }
        long[] out = new long[ia.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = onInts.applyAsLong(a.ints()[ia[i]], b.ints()[ib[i]]);
        }
        return OnnxValue.ofInts(out, shape);
    }

    private static void requireFloat(OnnxNode node, OnnxValue a, OnnxValue b) {
        if (!a.isFloat() || !b.isFloat()) {
            throw node.problem("needs float inputs");
        }
    }
}
