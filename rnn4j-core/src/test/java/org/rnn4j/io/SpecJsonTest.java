package org.rnn4j.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.rnn4j.nn.recurrent.CellType;

class SpecJsonTest {
    record Example(CellType cell, int hiddenSize, float dropout, boolean lowerCase) {
        Example {
            if (hiddenSize < 1) {
                throw new IllegalArgumentException("Example.hiddenSize must be at least 1, got " + hiddenSize);
            }
        }
    }

    @Test
    void aSpecIsWrittenWithItsTypeFirstAndSnakeCaseFields() {
        ObjectNode node = SpecJson.write("example", new Example(CellType.GRU, 64, 0.25f, true));

        assertThat(node.toString())
                .isEqualTo("{\"type\":\"example\",\"cell\":\"gru\",\"hidden_size\":64,\"dropout\":0.25,\"lower_case\":true}");
    }

    @Test
    void readingGivesBackTheSameRecordAndIgnoresUnknownFields() {
        Example spec = new Example(CellType.RNN_RELU, 3, 0f, false);
        ObjectNode node = SpecJson.write("example", spec);
        node.put("added_later", 7);

        assertThat(SpecJson.read(node, Example.class)).isEqualTo(spec);
    }

    @Test
    void aValueTheConstructorRefusesIsReportedWithTheConstructorsMessage() {
        ObjectNode node = SpecJson.write("example", new Example(CellType.LSTM, 3, 0f, false));
        node.put("hidden_size", 0);

        assertThatThrownBy(() -> SpecJson.read(node, Example.class))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Example.hiddenSize must be at least 1, got 0");
    }
}
