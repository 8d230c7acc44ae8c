package org.rnn4j.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClassicRnnExamplesTest {

    private static List<String> output() {
        StringWriter text = new StringWriter();
        ClassicRnnExamples.run(new PrintWriter(text));
        return text.toString().lines().toList();
    }

    @Test
    void simpleRnnReturnsTheSequenceAndOneStateTensor() {
        assertThat(output()).contains(
                "(a) SimpleRNN(128, return_sequences=True, return_state=True) returns 2 tensors",
                "SimpleRNN sequence: (32, 10, 128)",
                "SimpleRNN final state: (32, 128)",
                "With return_sequences=True alone, Keras returns 1 tensor: the sequence (32, 10, 128)");
    }

    @Test
    void lstmStateIsHAndCNotAForwardBackwardPair() {
        assertThat(output()).contains(
                "(b) LSTM(128, return_sequences=True, return_state=True) returns 3 tensors",
                "LSTM sequence: (32, 10, 128)",
                "LSTM final h: (32, 128)",
                "LSTM final c: (32, 128)",
                "The LSTM state is 2 tensors, h and c, each (32, 128): not one (32, 2, 128) forward/backward tensor.",
                "PyTorch's nn.LSTM returns them as h_n (1, 32, 128) and c_n (1, 32, 128), i.e. (layers*directions, B, H).");
    }

    @Test
    void bidirectionalLstmHasOneHAndCPerDirection() {
        assertThat(output()).containsSubsequence(
                "(c) Bidirectional(LSTM(128, return_sequences=True, return_state=True)) returns 5 tensors",
                "Bidirectional LSTM sequence: (32, 10, 256)",
                "forward h: (32, 128)",
                "forward c: (32, 128)",
                "backward h: (32, 128)",
                "backward c: (32, 128)",
                "last output, forward half == forward h: true",
                "first output, backward half == backward h: true",
                "The state is one (h, c) pair per direction: 4 tensors, each (32, 128).");
    }

    @Test
    void lastOutputIsTheFinalHiddenState() {
        assertThat(output()).filteredOn(line -> line.startsWith("last output == h: "))
                .containsExactly("last output == h: true", "last output == h: true");
        assertThat(output()).noneMatch(line -> line.endsWith(": false"));
    }

    /** docs/lstm-state-shapes.md quotes this program's output; it must not drift from what the program prints. */
    @Test
    void theDocShowsTheCurrentOutput() throws IOException {
        Path doc = Path.of("..", "docs", "lstm-state-shapes.md");
        assumeTrue(Files.exists(doc), "run from rnn4j-cli/ in a checkout of the whole project");
        StringWriter text = new StringWriter();
        ClassicRnnExamples.run(new PrintWriter(text));
        assertThat(Files.readString(doc)).as("regenerate the block in " + doc + " from `rnn4j examples`")
                .contains("$ java -jar rnn4j-cli/target/rnn4j.jar examples\n" + text);
    }
}
