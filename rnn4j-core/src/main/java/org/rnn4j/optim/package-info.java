/**
 * Optimisers, learning-rate schedules and gradient clipping, with PyTorch's exact update rules.
 *
 * <ul>
 *   <li>{@link org.rnn4j.optim.Optimizer}: {@link org.rnn4j.optim.Sgd} (momentum, Nesterov, weight decay),
 *       {@link org.rnn4j.optim.Adam}, {@link org.rnn4j.optim.AdamW}, {@link org.rnn4j.optim.RmsProp},
 *       {@link org.rnn4j.optim.Adagrad}; each takes an options record validated on construction (PyTorch's
 *       defaults in {@code defaults()}, changed with {@code withX} copies) and owns its state, which
 *       {@link org.rnn4j.optim.OptimizerState} carries to and from a safetensors checkpoint.</li>
 *   <li>{@link org.rnn4j.optim.LearningRateSchedule}: {@link org.rnn4j.optim.StepLr},
 *       {@link org.rnn4j.optim.ExponentialLr}, {@link org.rnn4j.optim.WarmupCosineLr},
 *       {@link org.rnn4j.optim.ReduceLrOnPlateau}; state in {@link org.rnn4j.optim.ScheduleState}.</li>
 *   <li>{@link org.rnn4j.optim.GradientClipping}: by global norm and by value.</li>
 * </ul>
 *
 * <p>Parameters and optimiser buffers are float32; each update is computed in double per element and rounded once
 * when stored. The tests compare every step with PyTorch 1.13 (golden files written by
 * {@code tools/golden/generate_optim.py}).
 */
package org.rnn4j.optim;
