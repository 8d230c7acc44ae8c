/**
 * ONNX in and out: {@link org.rnn4j.interop.onnx.OnnxExport} writes a recurrent layer as an ONNX graph,
 * {@link org.rnn4j.interop.onnx.OnnxModel} runs an ONNX graph of RNN, LSTM and GRU nodes and their glue (the
 * recurrent nodes through rnn4j's own layers), {@link org.rnn4j.interop.onnx.OnnxImport} turns a graph that is one
 * recurrent stack into a {@link org.rnn4j.nn.recurrent.RecurrentLayer}. See docs/interop.md.
 */
package org.rnn4j.interop.onnx;
