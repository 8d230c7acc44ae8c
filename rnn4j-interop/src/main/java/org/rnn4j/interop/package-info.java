/**
 * Models in from Keras ({@code .keras}, {@code .h5}) and ONNX, and out to ONNX. Kept out of {@code rnn4j-core}
 * because it needs HDF5 (jhdf) and protobuf.
 */
package org.rnn4j.interop;
