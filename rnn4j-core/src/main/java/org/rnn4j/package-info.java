/**
 * rnn4j: recurrent neural networks for the JVM.
 *
 * <h2>Dimension letters</h2>
 * Every shape comment in this library uses these letters, defined once here:
 * <ul>
 *   <li>{@code B} batch size (rows)</li>
 *   <li>{@code T} time steps</li>
 *   <li>{@code F} input features</li>
 *   <li>{@code H} hidden units</li>
 *   <li>{@code D} directions (1, or 2 for a bidirectional layer)</li>
 *   <li>{@code L} stacked layers</li>
 *   <li>{@code V} vocabulary size</li>
 *   <li>{@code G} gates per cell: 1 for a simple RNN, 3 for a GRU, 4 for an LSTM</li>
 *   <li>{@code N} rows of a flattened batch, usually {@code B*T}</li>
 * </ul>
 * The public API is batch-first, {@code (B, T, F)}, like Keras and PyTorch with {@code batch_first=True}.
 * Inside, the time loop runs time-major so that each step is one contiguous {@code (B, .)} block.
 */
package org.rnn4j;
