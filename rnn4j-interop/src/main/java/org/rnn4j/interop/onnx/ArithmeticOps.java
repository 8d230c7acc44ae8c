package org.rnn4j.interop.onnx;

import java.util.function.DoubleBinaryOperator;
import java.util.function.LongBinaryOperator;
import org.rnn4j.tensor.Blas;
import org.rnn4j.tensor.Tensor;

/**
 * The ops that compute: the Dense head an exporter writes after the recurrent stack (Gemm, or MatMul + Add) and the
 * elementwise Add and Min (numpy broadcasting).
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
