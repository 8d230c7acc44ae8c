package org.rnn4j.nn.attention;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.rnn4j.nn.Parameter;
import org.rnn4j.tensor.SequenceMask;
import org.rnn4j.tensor.ShapeException;
import org.rnn4j.tensor.Tensor;
import org.rnn4j.testing.GradientCheck;
import org.rnn4j.testing.Tensors;

/** Names, shapes and counts of the parameters and of every input and output; errors that say expected vs got. */
class AttentionSpecTest {
    private static final int B = 2;
    private static final int TQ = 3;
    private static final int TK = 4;
    private static final int HQ = 5;
    private static final int HK = 6;
    private static final int HV = 7;
    private static final int A = 8;

    static Stream<String> scores() {
        return Stream.of(AttentionCases.SCORES);
    }

    @Test
    void parametersAreNamedAsPyTorchNamesLinearSubmodulesAfterThePrefix() {
        SplittableRandom rng = new SplittableRandom(1);
        assertThat(LuongAttention.dot(HK).parameters()).isEmpty();
        assertShapes(LuongAttention.general(HQ, HK, "decoder.attention.", rng).parameters(),
                "decoder.attention.W_a.weight", new int[] {HQ, HK});
        assertShapes(LuongAttention.concat(HQ, HK, A, "attention.", rng).parameters(),
                "attention.W_a.weight", new int[] {A, HQ + HK}, "attention.v_a.weight", new int[] {1, A});
        assertShapes(new BahdanauAttention(HQ, HK, A, "attention.", rng).parameters(),
                "attention.W_q.weight", new int[] {A, HQ}, "attention.W_k.weight", new int[] {A, HK},
                "attention.v_a.weight", new int[] {1, A});
        assertShapes(new AttentionalHidden(HV, HQ, 9, "attention.", rng).parameters(),
                "attention.W_c.weight", new int[] {9, HV + HQ});
    }

    @Test
    void parameterCounts() {
        SplittableRandom rng = new SplittableRandom(1);
        assertThat(count(LuongAttention.general(HQ, HK, "", rng).parameters())).isEqualTo(HQ * HK);
        assertThat(count(LuongAttention.concat(HQ, HK, A, "", rng).parameters())).isEqualTo(A * (HQ + HK) + A);
        assertThat(count(new BahdanauAttention(HQ, HK, A, "", rng).parameters())).isEqualTo(A * HQ + A * HK + A);
        assertThat(count(new AttentionalHidden(HV, HQ, 9, "", rng).parameters())).isEqualTo(9 * (HV + HQ));
    }

    @Test
    void weightsAreInitialisedAsPyTorchLinearWithinOneOverSquareRootOfFanIn() {
        Parameter w = LuongAttention.general(HQ, 100, "", new SplittableRandom(2)).parameters().get(0);
        assertThat(Tensors.maxAbs(w.value())).isLessThanOrEqualTo(0.1).isGreaterThan(0.09);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scores")
    void aBlockOfQueriesGivesContextAndWeightsPerQuery(String score) {
        int hq = AttentionCases.querySize(score, HQ, HK);
        Attention attention = AttentionCases.make(score, hq, HK, A, 3);
        SplittableRandom rng = new SplittableRandom(4);
        Tensor queries = Tensors.uniform(rng, -1, 1, B, TQ, hq);
        Tensor keys = Tensors.uniform(rng, -1, 1, B, TK, HK);
        Tensor values = Tensors.uniform(rng, -1, 1, B, TK, HV);

        AttentionTrace trace = attention.forward(queries, keys, values, null);
        Tensor dQueries = attention.backward(trace, Tensor.zeros(B, TQ, HV), Tensor.zeros(B, TQ, TK));
        MemoryGradients dMemory = attention.backwardMemory(trace.memory());

        assertThat(trace.context().shape()).containsExactly(B, TQ, HV);
        assertThat(trace.weights().shape()).containsExactly(B, TQ, TK);
        assertThat(dQueries.shape()).containsExactly(B, TQ, hq);
        assertThat(dMemory.keys().shape()).containsExactly(B, TK, HK);
        assertThat(dMemory.values().shape()).containsExactly(B, TK, HV);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scores")
    void oneDecoderStepGivesOneContextAndOneRowOfWeights(String score) {
        int hq = AttentionCases.querySize(score, HQ, HK);
        Attention attention = AttentionCases.make(score, hq, HK, A, 3);
        SplittableRandom rng = new SplittableRandom(4);
        AttentionMemory memory = attention.memory(Tensors.uniform(rng, -1, 1, B, TK, HK), SequenceMask.fromLengths(
                new int[] {4, 2}, TK));

        AttentionTrace trace = attention.attend(Tensors.uniform(rng, -1, 1, B, hq), memory);
        Tensor dQuery = attention.backward(trace, Tensor.zeros(B, HK), null);

        assertThat(memory.valueSize()).isEqualTo(HK);
        assertThat(trace.context().shape()).containsExactly(B, HK);
        assertThat(trace.weights().shape()).containsExactly(B, TK);
        assertThat(dQuery.shape()).containsExactly(B, hq);
    }

    /** Both papers attend over the encoder outputs as keys and values: their gradient is the sum of the two. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("scores")
    void encoderOutputsAsKeysAndValuesGetTheSumOfBothGradients(String score) {
        int hq = AttentionCases.querySize(score, HQ, HK);
        Attention attention = AttentionCases.make(score, hq, HK, A, 5);
        SplittableRandom rng = new SplittableRandom(6);
        Tensor queries = Tensors.uniform(rng, -1, 1, B, TQ, hq);
        Tensor encoder = Tensors.uniform(rng, -1, 1, B, TK, HK);
        Tensor probe = Tensors.uniform(rng, -1, 1, B, TQ, HK);

        AttentionTrace trace = attention.attend(queries, attention.memory(encoder, null));
        attention.backward(trace, probe, null);
        Tensor dEncoder = attention.backwardMemory(trace.memory()).keysPlusValues();

        GradientCheck.of(() -> Tensors.dot(attention.attend(queries, attention.memory(encoder, null)).context(), probe))
                .step(1e-2f).tolerance(2e-3).where(i -> i % 5 == 0) // every fifth coordinate
                .check("encoder", encoder, dEncoder);
    }

    @Test
    void luongConcatIsBahdanauWithTheColumnBlocksOfItsWeight() {
        SplittableRandom rng = new SplittableRandom(7);
        LuongAttention luong = LuongAttention.concat(HQ, HK, A, "", new SplittableRandom(8));
        BahdanauAttention bahdanau = new BahdanauAttention(HQ, HK, A, "", new SplittableRandom(9));
        Tensor wa = luong.parameters().get(0).value();
        for (int r = 0; r < A; r++) {
            for (int c = 0; c < HQ + HK; c++) {
                Tensor target = c < HQ ? bahdanau.parameters().get(0).value() : bahdanau.parameters().get(1).value();
                target.setAt(wa.at(r, c), r, c < HQ ? c : c - HQ);
            }
        }
        bahdanau.parameters().get(2).value().copyFrom(luong.parameters().get(1).value());
        Tensor queries = Tensors.uniform(rng, -1, 1, B, TQ, HQ);
        Tensor keys = Tensors.uniform(rng, -1, 1, B, TK, HK);
        Tensor values = Tensors.uniform(rng, -1, 1, B, TK, HV);

        AttentionTrace a = luong.forward(queries, keys, values, null);
        AttentionTrace b = bahdanau.forward(queries, keys, values, null);

        assertThat(Tensors.maxAbsDiff(a.context(), b.context())).isLessThan(1e-6);
        assertThat(Tensors.maxAbsDiff(a.weights(), b.weights())).isLessThan(1e-6);
    }

    @Test
    void gradientsAccumulateAndTheMemoryStartsItsSumsAgain() {
        BahdanauAttention attention = new BahdanauAttention(HQ, HK, A, "", new SplittableRandom(10));
        SplittableRandom rng = new SplittableRandom(11);
        Tensor queries = Tensors.uniform(rng, -1, 1, B, HQ);
        Tensor keys = Tensors.uniform(rng, -1, 1, B, TK, HK);
        Tensor probe = Tensors.uniform(rng, -1, 1, B, HK);
        AttentionMemory memory = attention.memory(keys, null);
        AttentionTrace trace = attention.attend(queries, memory);

        attention.backward(trace, probe, null);
        MemoryGradients once = attention.backwardMemory(memory);
        float[] weightOnce = attention.parameters().get(1).grad().toArray();
        attention.backward(trace, probe, null);
        MemoryGradients again = attention.backwardMemory(memory);

        assertThat(Tensors.maxAbsDiff(once.keys(), again.keys())).isZero();
        float[] weightTwice = attention.parameters().get(1).grad().toArray();
        for (int i = 0; i < weightOnce.length; i++) {
            assertThat(weightTwice[i]).isCloseTo(2 * weightOnce[i], Offset.offset(1e-5f));
        }
        assertThat(Tensors.maxAbs(attention.backwardMemory(memory).keys())).as("no backward since").isZero();
    }

    @Test
    void callsInBetweenDoNotChangeATrace() {
        LuongAttention attention = LuongAttention.general(HQ, HK, "", new SplittableRandom(12));
        SplittableRandom rng = new SplittableRandom(13);
        Tensor queries = Tensors.uniform(rng, -1, 1, B, TQ, HQ);
        Tensor keys = Tensors.uniform(rng, -1, 1, B, TK, HK);
        Tensor probe = Tensors.uniform(rng, -1, 1, B, TQ, HK);
        AttentionTrace first = attention.forward(queries, keys, keys, null);
        Tensor alone = attention.backward(first, probe, null);

        AttentionTrace again = attention.forward(queries, keys, keys, null);
        Tensor otherKeys = Tensors.uniform(rng, -1, 1, 3, 2, HK);
        attention.backward(attention.forward(Tensors.uniform(rng, -1, 1, 3, 1, HQ), otherKeys, otherKeys, null),
                Tensors.uniform(rng, -1, 1, 3, 1, HK), null);
        Tensor interleaved = attention.backward(again, probe, null);

        assertThat(Tensors.maxAbsDiff(alone, interleaved)).isZero();
    }

    @Test
    void wrongShapesAreRefusedWithExpectedAndActualShapes() {
        LuongAttention attention = LuongAttention.general(HQ, HK, "", new SplittableRandom(0));
        Tensor keys = Tensor.zeros(B, TK, HK);

        assertThatThrownBy(() -> attention.memory(Tensor.zeros(B, TK, 3), null))
                .isInstanceOf(ShapeException.class)
                .hasMessage("LuongAttention(general, query 5, key 6) keys: expected shape (B, Tk, 6), got (2, 4, 3)");
        assertThatThrownBy(() -> attention.memory(keys, Tensor.zeros(B, 3, HV), null))
                .isInstanceOf(ShapeException.class)
                .hasMessage("LuongAttention(general, query 5, key 6) values: expected shape (2, 4, Hv), got (2, 3, 7)");
        assertThatThrownBy(() -> attention.memory(keys, SequenceMask.fromLengths(new int[] {1, 2}, 5)))
                .isInstanceOf(ShapeException.class)
                .hasMessage("LuongAttention(general, query 5, key 6) mask: expected shape (2, 4) like the keys, got (2, 5)");
        AttentionMemory memory = attention.memory(keys, null);
        assertThatThrownBy(() -> attention.attend(Tensor.zeros(3, HQ), memory))
                .isInstanceOf(ShapeException.class)
                .hasMessage("LuongAttention(general, query 5, key 6) queries: expected shape (2, 5) or (2, Tq, 5), got (3, 5)");
        AttentionTrace trace = attention.attend(Tensor.zeros(B, HQ), memory);
        assertThatThrownBy(() -> attention.backward(trace, Tensor.zeros(B, 1, HK), null))
                .isInstanceOf(ShapeException.class)
                .hasMessage("LuongAttention(general, query 5, key 6) dcontext: expected shape (2, 6) like the context, "
                        + "got (2, 1, 6)");
        LuongAttention other = LuongAttention.general(HQ, HK, "", new SplittableRandom(0));
        assertThatThrownBy(() -> other.attend(Tensor.zeros(B, HQ), memory))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("the memory was made by another attention");
        assertThatThrownBy(() -> new AttentionalHidden(HV, HQ, 9, "", new SplittableRandom(0))
                .forward(Tensor.zeros(B, TQ, HV), Tensor.zeros(B, 2, HQ)))
                .isInstanceOf(ShapeException.class)
                .hasMessage("AttentionalHidden(context 7, query 5, output 9): expected context (B, [Tq,] 7) and queries "
                        + "(B, [Tq,] 5) with the same leading dimensions, got (2, 3, 7) and (2, 2, 5)");
    }

    @Test
    void sizesBelowOneAreRefused() {
        assertThatThrownBy(() -> LuongAttention.dot(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("attention sizes must be at least 1, got query 0, key 0");
        assertThatThrownBy(() -> LuongAttention.concat(HQ, HK, 0, "", new SplittableRandom(0)))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("attention size must be at least 1, got 0");
        assertThatThrownBy(() -> new BahdanauAttention(HQ, HK, 0, "", new SplittableRandom(0)))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("attention size must be at least 1, got 0");
    }

    private static void assertShapes(List<Parameter> parameters, Object... nameThenShape) {
        assertThat(parameters).hasSize(nameThenShape.length / 2);
        for (int k = 0; k < parameters.size(); k++) {
            assertThat(parameters.get(k).name()).isEqualTo(nameThenShape[2 * k]);
            assertThat(parameters.get(k).value().shape()).as(parameters.get(k).name())
                    .containsExactly((int[]) nameThenShape[2 * k + 1]);
        }
    }

    private static int count(List<Parameter> parameters) {
        return parameters.stream().mapToInt(Parameter::size).sum();
    }
}
