package org.rnn4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExplainCommandTest {

    @Test
    void gradientsWritesOneCsvRowPerStepAndAPngChart(@TempDir Path dir) throws Exception {
        CliTesting.Result r = CliTesting.run("explain", "gradients", "--length", "12", "--hidden", "8", "--out",
                dir.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        List<String> csv = Files.readAllLines(dir.resolve("gradients.csv"));
        assertThat(csv.get(0)).isEqualTo("t,rnn_tanh_untrained,lstm_untrained,gru_untrained,rnn_relu_radius_2.0");
        assertThat(csv).hasSize(13);
        byte[] png = Files.readAllBytes(dir.resolve("gradients.png"));
        assertThat(png).startsWith((byte) 0x89, (byte) 'P', (byte) 'N', (byte) 'G');
        assertThat(r.out()).contains("after clipping to 1.0");
    }

    @Test
    void aTooShortSequenceIsRefusedBeforeAnythingIsWritten(@TempDir Path dir) {
        CliTesting.Result r = CliTesting.run("explain", "gradients", "--length", "1", "--out", dir.resolve("x").toString());
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).contains("--length must be at least 2");
        assertThat(dir.resolve("x")).doesNotExist();
    }
}
