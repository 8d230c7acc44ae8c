/**
 * Evaluation measures with the definitions of the reference tools, so that results compare with published ones:
 * {@link org.rnn4j.metrics.ClassificationMetrics} (scikit-learn), {@link org.rnn4j.metrics.Bleu} and
 * {@link org.rnn4j.metrics.Tokenizer13a} (sacreBLEU's defaults), {@link org.rnn4j.metrics.ForecastMetrics} (the
 * M4 competition's sMAPE and MASE).
 */
package org.rnn4j.metrics;
