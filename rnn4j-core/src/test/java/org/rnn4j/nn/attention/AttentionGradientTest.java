package org.rnn4j.nn.attention;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.DoubleSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.rnn4j.nn.Parameter;
import org.rnn4j.tensor.SequenceMask;
import org.rnn4j.tensor.Tensor;
import org.rnn4j.testing.GradientCheck;
import org.rnn4j.testing.Tensors;

/**
 * Backward agrees with central differences of the probe loss Σ context ⊙ P + Σ weights ⊙ Q, at every coordinate of
 * the queries, keys, values and every parameter: each score, a block of queries and one step, with and without a
 * key mask (one row without any valid key).
 */
class AttentionGradientTest {
    private static final float STEP = 1e-2f;
    private static final double TOLERANCE = 2e-3;
    private static final int BATCH = 3;
    private static final int QUERY_STEPS = 2;
    private static final int KEY_STEPS = 4;
    private static final int QUERY = 4;
    private static final int KEY = 5;
    private static final int VALUE = 3;
    private static final int ATTENTION = 6;

    private static GradientCheck everyCoordinate(DoubleSupplier loss) {
        return GradientCheck.of(loss).step(STEP).tolerance(TOLERANCE).everyCoordinate();
    }

    static Stream<Arguments> configurations() {
        List<Arguments> all = new ArrayList<>();
        for (String score : AttentionCases.SCORES) {
            for (boolean block : new boolean[] {true, false}) {
                for (boolean masked : new boolean[] {false, true}) {
                    all.add(Arguments.of(score, block, masked));
                }
            }
        }
        return all.stream();
    }

    @ParameterizedTest(name = "{0} block={1} masked={2}")
    @MethodSource("configurations")
    void analyticGradientsMatchCentralDifferences(String score, boolean block, boolean masked) {
        SplittableRandom rng = new SplittableRandom(score.hashCode() + (block ? 1 : 0) + (masked ? 2 : 0));
        int query = AttentionCases.querySize(score, QUERY, KEY);
        Attention attention = AttentionCases.make(score, query, KEY, ATTENTION, 17);
        // Larger weights than the default initialisation, so that the softmax is far from uniform.
        for (Parameter p : attention.parameters()) {
            p.value().copyFrom(Tensors.uniform(rng, -1, 1, p.value().shape()));
        }
        Tensor queries = block ? Tensors.uniform(rng, -1, 1, BATCH, QUERY_STEPS, query)
                : Tensors.uniform(rng, -1, 1, BATCH, query);
        Tensor keys = Tensors.uniform(rng, -1, 1, BATCH, KEY_STEPS, KEY);
        Tensor values = Tensors.uniform(rng, -1, 1, BATCH, KEY_STEPS, VALUE);
        SequenceMask mask = masked ? SequenceMask.fromLengths(new int[] {4, 2, 0}, KEY_STEPS) : null;

        AttentionTrace trace = attention.forward(queries, keys, values, mask);
        Tensor probeContext = Tensors.uniform(rng, -1, 1, trace.context().shape());
        Tensor probeWeights = Tensors.uniform(rng, -1, 1, trace.weights().shape());
        Tensor dQueries = attention.backward(trace, probeContext, probeWeights);
        MemoryGradients dMemory = attention.backwardMemory(trace.memory());

        GradientCheck check = everyCoordinate(() -> AttentionCases.loss(attention.forward(queries, keys, values, mask),
                probeContext, probeWeights));
        check.check("queries", queries, dQueries);
        check.check("keys", keys, dMemory.keys());
        check.check("values", values, dMemory.values());
        for (Parameter p : attention.parameters()) {
            check.check(p.name(), p.value(), p.grad());
        }
    }

    @Test
    void attentionalHiddenGradientsMatchCentralDifferences() {
        SplittableRandom rng = new SplittableRandom(3);
        AttentionalHidden hidden = new AttentionalHidden(VALUE, QUERY, 5, "", new SplittableRandom(4));
        Tensor context = Tensors.uniform(rng, -1, 1, BATCH, QUERY_STEPS, VALUE);
        Tensor queries = Tensors.uniform(rng, -1, 1, BATCH, QUERY_STEPS, QUERY);
        Tensor probe = Tensors.uniform(rng, -1, 1, BATCH, QUERY_STEPS, 5);
        AttentionalHidden.Gradients grads = hidden.backward(hidden.forward(context, queries), probe);
        Parameter weight = hidden.parameters().get(0);

        GradientCheck check = everyCoordinate(() -> Tensors.dot(hidden.forward(context, queries).output(), probe));
        check.check("context", context, grads.context());
        check.check("queries", queries, grads.queries());
        check.check(weight.name(), weight.value(), weight.grad());
    }
}
