package org.rnn4j.interop.onnx;

import java.util.List;

/** One ONNX operator's semantics over {@link OnnxValue}s. */
interface OnnxOp {
    /**
     * Checks what can be known before any data flows (its attributes), so that a graph with an option this reader
     * does not support is refused when it is loaded.
     */
    void check(OnnxNode node);

    /**
     * @param inputs one per input slot of the node, null where an optional input is left out
     * @return one value per output slot (null where the op does not make that output)
     */
    List<OnnxValue> run(OnnxNode node, List<OnnxValue> inputs);
}
