package org.rnn4j.diagnostics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.rnn4j.models.ManyToOne;
import org.rnn4j.nn.Parameter;
import org.rnn4j.nn.recurrent.CellType;
import org.rnn4j.nn.recurrent.RecurrentConfig;
import org.rnn4j.tasks.AddingProblem;
import org.rnn4j.tensor.Tensor;

class GradientNormsTest {

    @Test
    void inAnUntrainedTanhRnnTheGradientVanishesGeometricallyAwayFromTheLoss() {
        ManyToOne rnn = new ManyToOne(RecurrentConfig.of(CellType.RNN_TANH, 2, 32), 1, new SplittableRandom(1));
        AddingProblem.Batch batch = new AddingProblem(60).sample(64, new SplittableRandom(2));
        double[] norms = GradientNorms.perStep(rnn, batch.inputs(), batch.targets());
        assertThat(norms).hasSize(60);
        assertThat(norms[0]).isLessThan(1e-6 * norms[59]);
        assertThat(rnn.parameters()).allSatisfy(p -> assertThat(p.grad().toArray()).containsOnly(0f));
    }

    @Test
    void aSpectralRadiusAboveOneMakesTheGradientGrowBackwardsInTime() {
        ManyToOne rnn = new ManyToOne(RecurrentConfig.of(CellType.RNN_RELU, 2, 16), 1, new SplittableRandom(3));
        Parameter whh = rnn.parameters().get(1);
        GradientNorms.setSpectralRadius(whh, 3.0);
        assertThat(GradientNorms.spectralRadius(whh.value())).isCloseTo(3.0, org.assertj.core.data.Offset.offset(0.02));
        AddingProblem.Batch batch = new AddingProblem(30).sample(16, new SplittableRandom(4));
        double[] norms = GradientNorms.perStep(rnn, batch.inputs(), batch.targets());
        assertThat(norms[0]).isGreaterThan(100 * norms[29]);
    }

    @Test
    void theSpectralRadiusOfADiagonalMatrixIsItsLargestMagnitude() {
        Tensor w = Tensor.of(new float[] {0.5f, 0, 0, -2f}, 2, 2);
        assertThat(GradientNorms.spectralRadius(w)).isCloseTo(2.0, org.assertj.core.data.Offset.offset(1e-9));
    }
}
