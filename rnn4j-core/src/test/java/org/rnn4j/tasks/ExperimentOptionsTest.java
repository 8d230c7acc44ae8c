package org.rnn4j.tasks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.rnn4j.nn.recurrent.CellType;
import org.rnn4j.nn.recurrent.RecurrentInit;

/** The settings of the long-memory experiments: defaults, one change at a time, and bad values named by component. */
class ExperimentOptionsTest {
    @Test
    void eachWithChangesOneComponentOfTheDefaults() {
        ExperimentOptions o = ExperimentOptions.defaults().withCell(CellType.GRU).withLength(7).withSeed(9);
        assertThat(o).isEqualTo(new ExperimentOptions(CellType.GRU, 7, 128, 50, 1e-3, 1.0, 100_000, 10, 100, 1000, 9,
                StartingWeights.PYTORCH));
        assertThat(o.withRecurrentInit(RecurrentInit.ORTHOGONAL).start())
                .isEqualTo(new StartingWeights(false, RecurrentInit.ORTHOGONAL));
    }

    @Test
    void badValuesAreNamedByTheirRecordComponent() {
        ExperimentOptions d = ExperimentOptions.defaults();
        assertThatThrownBy(() -> d.withLength(0)).hasMessage("ExperimentOptions.length must be at least 1, got 0");
        assertThatThrownBy(() -> d.withEvalEvery(0)).hasMessageStartingWith("ExperimentOptions.evalEvery");
        assertThatThrownBy(() -> d.withLearningRate(-1))
                .hasMessage("ExperimentOptions.learningRate must be a positive number, got -1.0");
        assertThatThrownBy(() -> d.withClipNorm(-1)).hasMessageStartingWith("ExperimentOptions.clipNorm");
        assertThatThrownBy(() -> d.withCell(CellType.GRU).withUnitForgetBias(true))
                .hasMessageStartingWith("ExperimentOptions.unitForgetBias applies to an LSTM only");
        assertThatThrownBy(() -> d.withRecurrentInit(RecurrentInit.IDENTITY))
                .hasMessage("ExperimentOptions.recurrentInit identity (IRNN) applies to rnn_relu or rnn_tanh, not to lstm");
    }

    @Test
    void anIrnnStartsWithTheIdentityAsItsRecurrentWeights() {
        ExperimentOptions irnn = ExperimentOptions.defaults().withCell(CellType.RNN_RELU).withHidden(3)
                .withRecurrentInit(RecurrentInit.IDENTITY);
        float[] w = AddingExperiment.newModel(irnn).recurrent().parameters().stream()
                .filter(p -> p.name().equals("weight_hh_l0")).findFirst().orElseThrow().value().toArray();
        assertThat(w).containsExactly(1f, 0f, 0f, 0f, 1f, 0f, 0f, 0f, 1f);
    }

    @Test
    void mnistOptionsAreNamedByTheirRecordComponentToo() {
        MnistExperiment.Options d = MnistExperiment.Options.defaults(Path.of("mnist"));
        assertThat(d.withHidden(16).withBatch(8).hidden()).isEqualTo(16);
        assertThatThrownBy(() -> d.withBatch(0)).hasMessage("MnistExperiment.Options.batch must be at least 1, got 0");
        assertThatThrownBy(() -> d.withMaxMinutes(0)).hasMessageStartingWith("MnistExperiment.Options.maxMinutes");
        assertThatThrownBy(() -> d.withStart(new StartingWeights(true, RecurrentInit.DEFAULT)).withCell(CellType.GRU))
                .hasMessageStartingWith("MnistExperiment.Options.unitForgetBias applies to an LSTM only");
    }
}
