/**
 * Attention for sequence-to-sequence decoders: {@link org.rnn4j.nn.attention.LuongAttention} (scores dot, general,
 * concat) and {@link org.rnn4j.nn.attention.BahdanauAttention} (additive), with Luong's attentional hidden state
 * {@link org.rnn4j.nn.attention.AttentionalHidden} as a separate piece.
 *
 * <h2>Letters</h2>
 * Besides those of {@code org.rnn4j}: {@code Tq} query steps (decoder), {@code Tk} key steps (encoder),
 * {@code Hq} query size, {@code Hk} key size, {@code Hv} value size (the context's), {@code A} the width of an
 * additive score's hidden layer, {@code S} the width of the projected keys (Hq for Luong's dot and general, A for
 * the additive scores).
 *
 * <h2>Use in a decoder</h2>
 * <pre>{@code
 * // Luong, teacher forcing: the decoder runs over all target steps first, then one attention over the block.
 * AttentionMemory memory = attention.memory(encoderOutputs, sourceMask);    // (B, Tk, H), once per batch
 * AttentionTrace att = attention.attend(decoderOutputs, memory);           // (B, Tq, H): context (B, Tq, H)
 * AttentionalHidden.Trace ht = hidden.forward(att.context(), decoderOutputs); // h̃ (B, Tq, Ho) → output layer
 * ...
 * AttentionalHidden.Gradients g = hidden.backward(ht, dHt);
 * Tensor dDecoder = attention.backward(att, g.context(), null);            // + g.queries()
 * MemoryGradients dm = attention.backwardMemory(memory);                   // dm.keysPlusValues() → encoder
 *
 * // Bahdanau (or Luong with input feeding): step by step, one memory for all steps.
 * for each step i: att_i = attention.attend(s_prev, memory)   // (B, H) → context (B, H), weights (B, Tk)
 * backward, in reverse: dS_prev += attention.backward(att_i, dContext_i, null); then backwardMemory(memory) once
 * }</pre>
 * A padded source position (per the {@link org.rnn4j.nn.recurrent.SequenceMask}) gets score −∞, so weight 0; a row
 * without any valid source position gets all-zero weights and a zero context (not NaN), and no gradient.
 */
package org.rnn4j.nn.attention;
