package org.rnn4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnn4j.io.ModelFile;
import org.rnn4j.io.Provenance;
import org.rnn4j.io.Safetensors;
import org.rnn4j.nn.Parameter;
import org.rnn4j.nn.recurrent.CellType;
import org.rnn4j.nn.recurrent.RecurrentConfig;
import org.rnn4j.nn.recurrent.RecurrentLayer;
import org.rnn4j.tensor.Tensor;

class InspectCommandTest {
    @TempDir
    Path dir;

    @Test
    void summarisesAnRnn4jModel() {
        RecurrentConfig config = new RecurrentConfig(CellType.LSTM, 64, 128, 2, true, 0f);
        RecurrentLayer layer = new RecurrentLayer(config, new SplittableRandom(3));
        Path model = dir.resolve("m.safetensors");
        ModelFile.save(model, layer, Provenance.now(3L, null, "InspectCommandTest"));

        CliTesting.Result result = CliTesting.run("inspect", model);

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out()).contains(
                "Layer: Lstm(input 64, hidden 128, layers 2, bidirectional)",
                "Total parameters: " + ModelSummary.count(config.parameterCount()),
                "Input:  (B, T, 64)",
                "Output: (B, T, 256)",
                "h_n (4, B, 128), c_n (4, B, 128)",
                "h_fwd, c_fwd, h_bwd, c_bwd, each (B, 128)",
                "seed", "InspectCommandTest");
        assertThat(result.out()).containsPattern("weight_hh_l1_reverse +\\(512, 128\\) +65,536");
        assertThat(config.parameterCount()).isEqualTo(
                layer.parameters().stream().mapToLong(Parameter::size).sum());
    }

    @Test
    void namesTheResetBeforeGru() {
        RecurrentConfig config = new RecurrentConfig(CellType.GRU_RESET_BEFORE, 3, 4, 1, true, 0f);
        Path model = dir.resolve("gru.safetensors");
        ModelFile.save(model, new RecurrentLayer(config, new SplittableRandom(3)), Provenance.now(3L, null, "test"));

        CliTesting.Result result = CliTesting.run("inspect", model);

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out()).contains("Layer: Gru(reset before, input 3, hidden 4, bidirectional)",
                "Output: (B, T, 8)");
        assertThat(result.out()).containsPattern("weight_hh_l0_reverse +\\(12, 4\\) +48");
    }

    @Test
    void givesAProjectedLstmsStatesTheirOwnWidths() {
        RecurrentConfig config = new RecurrentConfig(CellType.LSTM, 4, 6, 2, true, 0f).withProjSize(3);
        Path model = dir.resolve("proj.safetensors");
        ModelFile.save(model, new RecurrentLayer(config, new SplittableRandom(3)), Provenance.now(3L, null, "test"));

        CliTesting.Result result = CliTesting.run("inspect", model);

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out()).contains("Lstm(input 4, hidden 6, proj 3, layers 2, bidirectional)",
                "Output: (B, T, 6)   = (B, T, D*P), D = 2, H = 6, P = 3",
                "h_n (4, B, 3), c_n (4, B, 6)", "h_fwd (B, 3), c_fwd (B, 6)");
        assertThat(result.out()).containsPattern("weight_hr_l1_reverse +\\(3, 6\\) +18");
    }

    @Test
    void saysWhenAModelCameFromPyTorch() {
        RecurrentLayer layer = RecurrentLayer.simpleRnn(3, 5, new SplittableRandom(1));
        Map<String, Tensor> stateDict = new LinkedHashMap<>();
        for (Parameter p : layer.parameters()) {
            stateDict.put("rnn." + p.name(), p.value());
        }
        Path model = dir.resolve("rnn.safetensors");
        Safetensors.write(model, stateDict);

        CliTesting.Result result = CliTesting.run("inspect", "--relu", model);

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out()).contains("SimpleRnn(relu, input 3, hidden 5)",
                "Total parameters: " + layer.config().parameterCount(), "imported from a PyTorch state_dict");
    }

    @Test
    void aMissingFileIsOneLine() {
        CliTesting.Result result = CliTesting.run("inspect", dir.resolve("none.safetensors"));
        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).isEqualTo("rnn4j: " + dir.resolve("none.safetensors") + ": no such file (MODEL)"
                + System.lineSeparator());
    }
}
