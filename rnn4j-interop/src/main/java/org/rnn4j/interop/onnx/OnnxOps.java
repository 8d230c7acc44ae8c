package org.rnn4j.interop.onnx;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;

/**
 * The operators this reader runs, by op_type: the recurrent nodes, the glue exporters put around them, and what
 * rnn4j's export of a layer chain uses (masks, Dense heads and their activations). Each
 * names the attributes it understands; any other attribute is refused rather than ignored.
 */
final class OnnxOps {
    private OnnxOps() {
    }

    private record Simple(Set<String> attributes, BiFunction<OnnxNode, List<OnnxValue>, OnnxValue> body)
            implements OnnxOp {
        @Override
        public void check(OnnxNode node) {
            node.allowOnly(attributes);
        }

        @Override
        public List<OnnxValue> run(OnnxNode node, List<OnnxValue> inputs) {
            return java.util.Collections.singletonList(body.apply(node, inputs));
        }
    }

    private static final Map<String, OnnxOp> OPS = Map.ofEntries(
            Map.entry("RNN", new RecurrentNodeOp("RNN")),
            Map.entry("LSTM", new RecurrentNodeOp("LSTM")),
            Map.entry("GRU", new RecurrentNodeOp("GRU")),
            Map.entry("Transpose", simple(Set.of("perm"), (n, in) -> ShapeOps.transpose(n, in.get(0)))),
            Map.entry("Squeeze", simple(Set.of("axes"), (n, in) -> ShapeOps.squeeze(n, in.get(0), at(in, 1)))),
            Map.entry("Unsqueeze", simple(Set.of("axes"), (n, in) -> ShapeOps.unsqueeze(n, in.get(0), at(in, 1)))),
            Map.entry("Reshape", simple(Set.of("allowzero"), (n, in) -> ShapeOps.reshape(n, in.get(0), in.get(1)))),
            Map.entry("Concat", simple(Set.of("axis"), ShapeOps::concat)),
            Map.entry("Slice", simple(Set.of("starts", "ends", "axes"), (n, in) -> ShapeOps.slice(n, in.get(0), in))),
            Map.entry("Gather", simple(Set.of("axis"), (n, in) -> ShapeOps.gather(n, in.get(0), in.get(1)))),
            Map.entry("Shape", simple(Set.of("start", "end"), (n, in) -> ShapeOps.shape(n, in.get(0)))),
            Map.entry("Expand", simple(Set.of(), (n, in) -> ShapeOps.expand(n, in.get(0), in.get(1)))),
            Map.entry("Identity", simple(Set.of(), (n, in) -> in.get(0))),
            Map.entry("Constant", simple(Set.of("value", "value_float", "value_floats", "value_int", "value_ints"),
                    (n, in) -> ValueOps.constant(n))),
            Map.entry("ConstantOfShape", simple(Set.of("value"), (n, in) -> ValueOps.constantOfShape(n, in.get(0)))),
            Map.entry("Cast", simple(Set.of("to", "saturate"), (n, in) -> ValueOps.cast(n, in.get(0)))),
            Map.entry("Gemm", simple(Set.of("alpha", "beta", "transA", "transB"),
                    (n, in) -> ArithmeticOps.gemm(n, in.get(0), in.get(1), at(in, 2)))),
            Map.entry("MatMul", simple(Set.of(), (n, in) -> ArithmeticOps.matMul(n, in.get(0), in.get(1)))),
            Map.entry("Add", simple(Set.of(), (n, in) -> ArithmeticOps.add(n, in.get(0), in.get(1)))),
            Map.entry("Sub", simple(Set.of(), (n, in) -> ArithmeticOps.sub(n, in.get(0), in.get(1)))),
            Map.entry("Mul", simple(Set.of(), (n, in) -> ArithmeticOps.mul(n, in.get(0), in.get(1)))),
            Map.entry("Equal", simple(Set.of(), (n, in) -> ArithmeticOps.equal(n, in.get(0), in.get(1)))),
            Map.entry("Not", simple(Set.of(), (n, in) -> ArithmeticOps.not(n, in.get(0)))),
            Map.entry("Relu", simple(Set.of(), (n, in) -> ArithmeticOps.unary(n, in.get(0), x -> Math.max(0, x)))),
            Map.entry("Tanh", simple(Set.of(), (n, in) -> ArithmeticOps.unary(n, in.get(0), Math::tanh))),
            Map.entry("Sigmoid", simple(Set.of(), (n, in) -> ArithmeticOps.unary(n, in.get(0), ArithmeticOps::sigmoid))),
            Map.entry("Softmax", simple(Set.of("axis"), (n, in) -> ArithmeticOps.softmax(n, in.get(0)))),
            Map.entry("ReduceSum", simple(Set.of("axes", "keepdims", "noop_with_empty_axes"),
                    (n, in) -> ReductionOps.reduceSum(n, in.get(0), at(in, 1)))),
            Map.entry("ReduceMax", simple(Set.of("axes", "keepdims"),
                    (n, in) -> ReductionOps.reduceMax(n, in.get(0), at(in, 1)))),
            Map.entry("CumSum", simple(Set.of("exclusive", "reverse"),
                    (n, in) -> ReductionOps.cumSum(n, in.get(0), at(in, 1)))),
            Map.entry("Range", simple(Set.of(), (n, in) -> ValueOps.range(n, in.get(0), in.get(1), in.get(2)))),
            Map.entry("GatherElements", simple(Set.of("axis"),
                    (n, in) -> IndexOps.gatherElements(n, in.get(0), in.get(1)))),
            Map.entry("TopK", new TopK()),
            Map.entry("Min", simple(Set.of(), (n, in) -> in.stream().reduce((a, b) -> ArithmeticOps.min(n, a, b))
                    .orElseThrow(() -> n.problem("has no inputs")))));

    /** TopK makes two outputs, the values and their indices. */
    private static final class TopK implements OnnxOp {
        @Override
        public void check(OnnxNode node) {
            node.allowOnly(Set.of("axis", "largest", "sorted"));
            if (node.opset() < 10) {
                throw node.problem("TopK before opset 10 (K as an attribute) is not supported");
            }
        }

        @Override
        public List<OnnxValue> run(OnnxNode node, List<OnnxValue> inputs) {
            return IndexOps.topK(node, inputs.get(0), at(inputs, 1));
        }
    }

    private static OnnxOp simple(Set<String> attributes, BiFunction<OnnxNode, List<OnnxValue>, OnnxValue> body) {
        return new Simple(attributes, body);
    }

    private static OnnxValue at(List<OnnxValue> inputs, int slot) {
        return slot < inputs.size() ? inputs.get(slot) : null;
    }

    /** The op for a node, refusing an op this reader does not run (a Loop, a Scan, anything else). */
    static OnnxOp of(OnnxNode node, String domain) {
        OnnxOp op = domain.isEmpty() || domain.equals("ai.onnx") ? OPS.get(node.opType()) : null;
        if (op == null) {
            throw node.problem("operator " + (domain.isEmpty() ? "" : domain + ".") + node.opType()
                    + " is not supported (rnn4j runs RNN, LSTM, GRU and the ops exporters put around them: "
                    + String.join(", ", new java.util.TreeSet<>(OPS.keySet()).stream()
                    .filter(k -> !Set.of("RNN", "LSTM", "GRU").contains(k)).toList()) + ")");
        }
        return op;
    }
}
