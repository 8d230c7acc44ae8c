package org.rnn4j.tasks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class AddingProblemTest {

    @Test
    void eachSequenceMarksOneStepInEachHalfAndTheTargetIsTheirSum() {
        AddingProblem.Batch batch = new AddingProblem(10).sample(50, new SplittableRandom(1));
        for (int b = 0; b < 50; b++) {
            int marksFirstHalf = 0;
            int marksSecondHalf = 0;
            double sum = 0;
            for (int t = 0; t < 10; t++) {
                if (batch.inputs().at(b, t, 1) == 1f) {
                    sum += batch.inputs().at(b, t, 0);
                    if (t < 5) {
                        marksFirstHalf++;
                    } else {
                        marksSecondHalf++;
                    }
                }
            }
            assertThat(marksFirstHalf).isEqualTo(1);
            assertThat(marksSecondHalf).isEqualTo(1);
            assertThat((double) batch.targets().get(b)).isCloseTo(sum, org.assertj.core.data.Offset.offset(1e-6));
        }
    }

    @Test
    void alwaysAnsweringOneScoresTheBaselineOfOneSixth() {
        AddingProblem.Batch batch = new AddingProblem(50).sample(20_000, new SplittableRandom(2));
        double mse = 0;
        for (int b = 0; b < 20_000; b++) {
            double d = batch.targets().get(b) - 1.0;
            mse += d * d / 20_000;
        }
        assertThat(mse).isCloseTo(AddingProblem.BASELINE_MSE, org.assertj.core.data.Offset.offset(0.01));
    }

    @Test
    void tooShortASequenceIsRejected() {
        assertThatThrownBy(() -> new AddingProblem(1)).hasMessageContaining("at least 2, got 1");
    }
}
