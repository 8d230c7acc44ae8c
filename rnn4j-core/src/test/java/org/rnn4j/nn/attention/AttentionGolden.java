package org.rnn4j.nn.attention;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Map;
import org.rnn4j.io.Safetensors;
import org.rnn4j.io.SafetensorsFile;
import org.rnn4j.nn.Parameter;
import org.rnn4j.tensor.SequenceMask;
import org.rnn4j.tensor.Tensor;
import org.rnn4j.testing.Golden;

/** One PyTorch reference file under golden/attention, written by tools/golden/generate_attention.py. */
record AttentionGolden(Path file, Map<String, Tensor> tensors, JsonNode config) {
    static final String REGENERATE =
            "regenerate with: apt-get install -y python3-torch && /usr/bin/python3 tools/golden/generate_attention.py";
    /** max |java − torch| / max |torch| for context, weights and outputs. */
    static final double OUTPUT_TOLERANCE = 1e-5;
    /** max |java − torch| / max |torch| for every gradient. */
    static final double GRADIENT_TOLERANCE = 1e-4;

    static AttentionGolden read(Path file) {
        SafetensorsFile golden = Safetensors.read(file);
        try {
            return new AttentionGolden(file, golden.tensors(), new ObjectMapper().readTree(golden.metadata().get("config")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static AttentionGolden read(String name) {
        return read(Golden.file("attention/" + name + ".safetensors", REGENERATE));
    }

    Tensor get(String name) {
        Tensor t = tensors.get(name);
        assertThat(t).as("%s: tensor %s missing; %s", file.getFileName(), name, REGENERATE).isNotNull();
        return t;
    }

    SequenceMask mask() {
        return tensors.containsKey("mask") ? SequenceMask.fromTensor(get("mask")) : null;
    }

    /** The attention the file describes, its parameters copied from the file. */
    Attention attention() {
        String score = config.get("score").asText();
        int query = config.get("query_size").asInt();
        int key = config.get("key_size").asInt();
        Attention attention = AttentionCases.make(score, query, key, config.path("attention_size").asInt(1), 0);
        for (Parameter p : attention.parameters()) {
            p.value().copyFrom(get(p.name()));
        }
        return attention;
    }

    void assertOutput(String name, Tensor actual) {
        assertClose(name, actual, OUTPUT_TOLERANCE);
    }

    void assertGradient(String name, Tensor actual) {
        assertClose(name, actual, GRADIENT_TOLERANCE);
    }

    private void assertClose(String name, Tensor actual, double tolerance) {
        Golden.assertClose(file, name, actual, get(name), tolerance, REGENERATE);
    }
}
