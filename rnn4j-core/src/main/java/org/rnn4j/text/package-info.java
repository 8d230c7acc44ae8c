/**
 * Text for recurrent models: reading it ({@link org.rnn4j.text.TextFiles}, strict UTF-8), cutting it into tokens
 * ({@link org.rnn4j.text.CharTokenizer}, {@link org.rnn4j.text.WordTokenizer}), mapping tokens to ids
 * ({@link org.rnn4j.text.Vocabulary}, stored as JSON in a model file) and picking generated tokens from logits
 * ({@link org.rnn4j.text.Sampler}: temperature, top-k, top-p).
 */
package org.rnn4j.text;
