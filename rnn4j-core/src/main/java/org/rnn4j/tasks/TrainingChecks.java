package org.rnn4j.tasks;

/** Stops training with a useful message instead of carrying NaN weights forward. */
final class TrainingChecks {
    private TrainingChecks() {
    }

    static void requireFinite(double loss, int step) {
        if (!Double.isFinite(loss)) {
            throw new ArithmeticException("the loss became " + loss + " at step " + step
                    + ": lower the learning rate (--lr) or clip gradients (--clip 1)");
        }
    }
}
