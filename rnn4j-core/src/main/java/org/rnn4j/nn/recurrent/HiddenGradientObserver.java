package org.rnn4j.nn.recurrent;

import org.rnn4j.tensor.Tensor;

/** Sees dLoss/dh_t, (B, H), at each step of a backward pass; for diagnostics of vanishing and exploding gradients. */
@FunctionalInterface
public interface HiddenGradientObserver {
    /**
     * @param time     the time step t of the hidden state
     * @param dHidden  dLoss/dh_t, (B, H); only valid during the call
     */
    void onStep(int time, Tensor dHidden);
}
