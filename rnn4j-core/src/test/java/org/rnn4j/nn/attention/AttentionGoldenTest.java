package org.rnn4j.nn.attention;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.rnn4j.nn.Parameter;
import org.rnn4j.tensor.Tensor;
import org.rnn4j.testing.Golden;

/**
 * Context, weights and every gradient agree with the few lines of PyTorch (autograd) in
 * {@code tools/golden/generate_attention.py}: Luong's dot, general and concat scores and Bahdanau's additive score,
 * without and with a key mask (lengths [5, 2, 4, 0]: a row without any valid key included), for a block of queries
 * and for the same queries one decoder step at a time.
 */
class AttentionGoldenTest {

    static Stream<Path> attentionFiles() throws IOException {
        return Golden.files("attention").filter(p -> !p.getFileName().toString().startsWith("attentional_hidden"));
    }

    @Test
    void everyScoreHasAFileWithAndWithoutMask() throws IOException {
        assertThat(attentionFiles().map(p -> p.getFileName().toString())).as(AttentionGolden.REGENERATE)
                .containsExactlyInAnyOrder(Stream.of(AttentionCases.SCORES)
                        .flatMap(s -> Stream.of(s + "_full.safetensors", s + "_lengths.safetensors")).toArray(String[]::new));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("attentionFiles")
    void blockOfQueriesMatchesPyTorch(Path file) {
        AttentionGolden g = AttentionGolden.read(file);
        Attention attention = g.attention();

        AttentionTrace trace = attention.forward(g.get("queries"), g.get("keys"), g.get("values"), g.mask());
        g.assertOutput("context", trace.context());
        g.assertOutput("weights", trace.weights());

        Tensor dQueries = attention.backward(trace, g.get("probe.context"), g.get("probe.weights"));
        MemoryGradients dMemory = attention.backwardMemory(trace.memory());
        g.assertGradient("grad.queries", dQueries);
        g.assertGradient("grad.keys", dMemory.keys());
        g.assertGradient("grad.values", dMemory.values());
        for (Parameter p : attention.parameters()) {
            g.assertGradient("grad." + p.name(), p.grad());
        }
    }

    /** How a Bahdanau decoder uses it: one memory, one query (B, Hq) per step, backward per step, memory last. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("attentionFiles")
    void oneDecoderStepAtATimeMatchesPyTorch(Path file) {
        AttentionGolden g = AttentionGolden.read(file);
        Attention attention = g.attention();
        Tensor queries = g.get("queries");
        int steps = queries.dim(1);
        Tensor context = Tensor.zeros(g.get("context").shape());
        Tensor weights = Tensor.zeros(g.get("weights").shape());
        Tensor dQueries = Tensor.zeros(queries.shape());

        AttentionMemory memory = attention.memory(g.get("keys"), g.get("values"), g.mask());
        AttentionTrace[] traces = new AttentionTrace[steps];
        for (int t = 0; t < steps; t++) {
            traces[t] = attention.attend(AttentionCases.step(queries, t), memory);
            AttentionCases.setStep(context, t, traces[t].context());
            AttentionCases.setStep(weights, t, traces[t].weights());
        }
        for (int t = steps - 1; t >= 0; t--) {
            Tensor dq = attention.backward(traces[t], AttentionCases.step(g.get("probe.context"), t),
                    AttentionCases.step(g.get("probe.weights"), t));
            AttentionCases.setStep(dQueries, t, dq);
        }
        MemoryGradients dMemory = attention.backwardMemory(memory);

        g.assertOutput("context", context);
        g.assertOutput("weights", weights);
        g.assertGradient("grad.queries", dQueries);
        g.assertGradient("grad.keys", dMemory.keys());
        g.assertGradient("grad.values", dMemory.values());
        for (Parameter p : attention.parameters()) {
            g.assertGradient("grad." + p.name(), p.grad());
        }
    }

    @Test
    void attentionalHiddenStateMatchesPyTorch() {
        AttentionGolden g = AttentionGolden.read("attentional_hidden");
        Tensor context = g.get("context");
        Tensor queries = g.get("queries");
        AttentionalHidden hidden = new AttentionalHidden(context.dim(2), queries.dim(2),
                g.config().get("output_size").asInt(), "", new SplittableRandom(0));
        hidden.parameters().get(0).value().copyFrom(g.get("W_c.weight"));

        AttentionalHidden.Trace trace = hidden.forward(context, queries);
        AttentionalHidden.Gradients grads = hidden.backward(trace, g.get("probe.output"));

        g.assertOutput("output", trace.output());
        g.assertGradient("grad.context", grads.context());
        g.assertGradient("grad.queries", grads.queries());
        g.assertGradient("grad.W_c.weight", hidden.parameters().get(0).grad());
    }
}
