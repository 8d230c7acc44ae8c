package org.rnn4j.tasks;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import org.rnn4j.models.ManyToOne;
import org.rnn4j.nn.Parameter;
import org.rnn4j.nn.recurrent.CellType;

/** The same seed (and thread count) gives bit-identical weights. */
class ReproducibilityTest {

    private static ManyToOne train(long seed) {
        ExperimentOptions o = ExperimentOptions.defaults().withCell(CellType.LSTM).withLength(8).withHidden(12)
                .withBatch(16).withLearningRate(1e-2).withClipNorm(1.0).withMaxSteps(25).withMaxMinutes(5)
                .withEvalEvery(100).withTestSize(20).withSeed(seed);
        ManyToOne model = AddingExperiment.newModel(o);
        AddingExperiment.train(model, o, new PrintWriter(new StringWriter()));
        return model;
    }

    @Test
    void twoRunsWithTheSameSeedEndWithIdenticalWeights() {
        ManyToOne a = train(42);
        ManyToOne b = train(42);
        for (int i = 0; i < a.parameters().size(); i++) {
            Parameter p = a.parameters().get(i);
            assertThat(p.value().toArray()).as(p.name()).containsExactly(b.parameters().get(i).value().toArray());
        }
    }

    @Test
    void anotherSeedGivesOtherWeights() {
        assertThat(train(1).parameters().get(0).value().toArray())
                .isNotEqualTo(train(2).parameters().get(0).value().toArray());
    }
}
