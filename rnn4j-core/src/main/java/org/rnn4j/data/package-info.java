/**
 * Dataset readers: {@link org.rnn4j.data.Idx} reads the IDX files MNIST is distributed in;
 * {@link org.rnn4j.data.DelimitedFile} reads CSV and TSV tables (columns by name, errors by line).
 */
package org.rnn4j.data;
