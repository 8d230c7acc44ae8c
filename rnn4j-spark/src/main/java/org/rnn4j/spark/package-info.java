/**
 * Training and scoring rnn4j models on Apache Spark: synchronous data parallelism whose weights are, to float
 * rounding, those of training on one machine.
 */
package org.rnn4j.spark;
