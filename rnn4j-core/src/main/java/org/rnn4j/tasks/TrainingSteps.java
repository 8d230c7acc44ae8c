package org.rnn4j.tasks;

import java.util.List;
import org.rnn4j.nn.Parameter;
import org.rnn4j.optim.GradientClipping;
import org.rnn4j.optim.Optimizer;

/** The parts of a training step that every experiment shares. */
final class TrainingSteps {
    private TrainingSteps() {
    }

    /** Stops training with a useful message instead of carrying NaN weights forward. */
    static void requireFinite(double loss, int step) {
        if (!Double.isFinite(loss)) {
            throw new ArithmeticException("the loss became " + loss + " at step " + step
                    + ": lower the learning rate (--lr) or clip gradients (--clip 1)");
        }
    }

    /** Clips the gradients (clipNorm 0: not), applies the optimizer and zeroes the gradients for the next step. */
    static void update(List<Parameter> parameters, Optimizer optimizer, double clipNorm) {
        if (clipNorm > 0) {
            GradientClipping.clipGlobalNorm(parameters, clipNorm);
        }
        optimizer.step(parameters);
        parameters.forEach(Parameter::zeroGrad);
    }
}
