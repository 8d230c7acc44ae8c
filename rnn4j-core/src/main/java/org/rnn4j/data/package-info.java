/**
 * Dataset readers: {@link org.rnn4j.data.Idx} reads the IDX files MNIST is distributed in.
 */
package org.rnn4j.data;
