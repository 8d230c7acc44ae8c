/**
 * Sequence to sequence with attention, for translation: {@link org.rnn4j.seq2seq.Seq2SeqModel} (a bidirectional
 * LSTM or GRU encoder, a bridge to the decoder's first state, a decoder with Luong or Bahdanau attention; forward
 * by teacher forcing and backward, and one decoder step at a time for search), {@link org.rnn4j.seq2seq.Translator}
 * (vocabularies, greedy and beam search with GNMT's length normalisation, replacement of unknown words through the
 * attention, the model file), {@link org.rnn4j.seq2seq.TranslationObjective} (what the
 * {@link org.rnn4j.train.Trainer} trains) and {@link org.rnn4j.seq2seq.TranslationPairs} (sentence pairs from a
 * TSV or CSV file, whole books held out for testing).
 *
 * <h2>Letters</h2>
 * Besides those of {@code org.rnn4j}: S source steps, T target steps (the decoder's), E embedding size, V_s and V_t
 * the source and target vocabularies; H is each encoder direction's size and the decoder's, so the encoder's
 * outputs, the attention's keys and values, are 2H wide.
 */
package org.rnn4j.seq2seq;
