/**
 * Time series for forecasting: reading a series from CSV ({@link org.rnn4j.forecast.SeriesCsv}), scaling it
 * ({@link org.rnn4j.forecast.Scaler}, stored in the model file) and the seasonal naive baseline
 * ({@link org.rnn4j.forecast.SeasonalNaive}); accuracy measures are in {@link org.rnn4j.metrics.ForecastMetrics}.
 */
package org.rnn4j.forecast;
