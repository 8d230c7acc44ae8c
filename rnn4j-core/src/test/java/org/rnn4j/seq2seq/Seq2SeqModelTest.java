package org.rnn4j.seq2seq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.rnn4j.loss.LossResult;
import org.rnn4j.loss.SoftmaxCrossEntropy;
import org.rnn4j.nn.Parameter;
import org.rnn4j.nn.attention.AttentionMemory;
import org.rnn4j.nn.attention.LuongAttention;
import org.rnn4j.nn.recurrent.CellType;
import org.rnn4j.tensor.Tensor;
import org.rnn4j.testing.GradientCheck;
import org.rnn4j.testing.Tensors;

/**
 * The whole model's backward against central differences at every coordinate of every parameter, for both
 * attentions and both cells; teacher forcing against the one-step decoder that search uses; the two training paths
 * against each other.
 */
class Seq2SeqModelTest {
    private static final float STEP = 1e-2f;
    private static final double TOLERANCE = 3e-3;
    private static final SoftmaxCrossEntropy CE = new SoftmaxCrossEntropy();
    static final TranslationBatch.Ids IDS = new TranslationBatch.Ids(0, 0, 2, 3);

    /** A tiny configuration: V_s 7, V_t 6, E 3, H 4, A 5. */
    static Seq2SeqConfig tiny(CellType cell, AttentionType attention, LuongAttention.Score score, boolean feeding,
                              int layers) {
        return new Seq2SeqConfig(cell, 7, 6, 3, 4, layers, attention, score, 5, feeding);
    }

    static Stream<Arguments> configurations() {
        return Stream.of(
                Arguments.of("lstm luong general", tiny(CellType.LSTM, AttentionType.LUONG, LuongAttention.Score.GENERAL, false, 1)),
                Arguments.of("gru luong concat feeding", tiny(CellType.GRU, AttentionType.LUONG, LuongAttention.Score.CONCAT, true, 1)),
                Arguments.of("lstm luong general feeding 2 layers", tiny(CellType.LSTM, AttentionType.LUONG, LuongAttention.Score.GENERAL, true, 2)),
                Arguments.of("lstm bahdanau", tiny(CellType.LSTM, AttentionType.BAHDANAU, LuongAttention.Score.GENERAL, false, 1)),
                Arguments.of("gru bahdanau 2 layers", tiny(CellType.GRU, AttentionType.BAHDANAU, LuongAttention.Score.GENERAL, false, 2)));
    }

    /** Three pairs of different lengths: sources of 4, 2 and 3 tokens, targets of 2, 3 and 0 tokens. */
    static TranslationBatch batch() {
        return TranslationBatch.of(
                List.of(new int[] {4, 5, 6, 1}, new int[] {5, 4}, new int[] {6, 6, 4}),
                List.of(new int[] {4, 5}, new int[] {5, 1, 4}, new int[] {}), IDS);
    }

    static Seq2SeqModel model(Seq2SeqConfig config, long seed) {
        Seq2SeqModel model = new Seq2SeqModel(config, new SplittableRandom(seed));
        // Smaller embeddings than N(0, 1), so that no tanh saturates and the differences stay accurate.
        for (Parameter p : model.parameters()) {
            if (p.name().endsWith("embedding.weight")) {
                p.value().copyFrom(Tensors.uniform(new SplittableRandom(seed + 1), -1, 1, p.value().shape()));
            }
        }
        return model;
    }

    private static double loss(Seq2SeqModel model, TranslationBatch batch) {
        Seq2SeqModel.Trace trace = model.forward(batch);
        trace.release();
        return CE.compute(trace.logits(), batch.targets(), batch.targetMask()).value();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("configurations")
    void backwardMatchesCentralDifferencesAtEveryCoordinate(String name, Seq2SeqConfig config) {
        Seq2SeqModel model = model(config, 11);
        TranslationBatch batch = batch();
        Seq2SeqModel.Trace trace = model.forward(batch);
        LossResult result = CE.compute(trace.logits(), batch.targets(), batch.targetMask());
        model.backward(trace, result.gradient());

        GradientCheck check = GradientCheck.of(() -> loss(model, batch)).step(STEP).tolerance(TOLERANCE)
                .everyCoordinate();
        Set<String> names = new HashSet<>();
        for (Parameter p : model.parameters()) {
            assertThat(names.add(p.name())).as("unique name %s", p.name()).isTrue();
            check.check(p.name(), p.value(), p.grad());
        }
    }

    /**
     * With dropout on the embedded tokens and on h̃: backward is the gradient of the loss under the same masks (one
     * seed draws them the same at every evaluation), and without an rng nothing is dropped.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("configurations")
    void withDropoutBackwardMatchesCentralDifferencesUnderTheSameMasks(String name, Seq2SeqConfig config) {
        Seq2SeqModel model = model(config, 12);
        TranslationBatch batch = batch();
        float rate = 0.3f;
        Seq2SeqModel.Trace trace = model.forward(batch, rate, new SplittableRandom(5));
        LossResult result = CE.compute(trace.logits(), batch.targets(), batch.targetMask());
        model.backward(trace, result.gradient());

        GradientCheck check = GradientCheck.of(() -> {
            Seq2SeqModel.Trace t = model.forward(batch, rate, new SplittableRandom(5));
            t.release();
            return CE.compute(t.logits(), batch.targets(), batch.targetMask()).value();
        }).step(STEP).tolerance(TOLERANCE).sampled(40, new SplittableRandom(6));
        for (Parameter p : model.parameters()) {
            check.check(p.name(), p.value(), p.grad());
        }
        assertThat(result.value()).as("something was dropped").isNotCloseTo(loss(model, batch),
                org.assertj.core.data.Offset.offset(1e-6));
        Seq2SeqModel.Trace inference = model.forward(batch, rate, null);
        inference.release();
        assertThat(inference.logits().toArray()).containsExactly(model.forward(batch).logits().toArray());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("configurations")
    void teacherForcingEqualsTheOneStepDecoderFedTheReference(String name, Seq2SeqConfig config) {
        Seq2SeqModel model = model(config, 12);
        TranslationBatch batch = batch();
        Seq2SeqModel.Trace trace = model.forward(batch);
        trace.release();

        Seq2SeqModel.Encoded encoded = model.encode(batch.source(), batch.batch(), batch.sourceSteps(),
                batch.sourceMask());
        AttentionMemory memory = model.memory(encoded);
        Seq2SeqModel.DecoderState state = model.initialState(encoded);
        int steps = batch.targetSteps();
        Tensor logits = Tensor.zeros(batch.batch(), steps, config.targetVocabularySize());
        Tensor weights = Tensor.zeros(batch.batch(), steps, batch.sourceSteps());
        for (int t = 0; t < steps; t++) {
            int[] tokens = new int[batch.batch()];
            for (int b = 0; b < batch.batch(); b++) {
                tokens[b] = batch.decoderInput()[b * steps + t];
            }
            Seq2SeqModel.StepResult step = model.step(memory, state, tokens);
            Rows.putStep(logits, t, step.logits());
            Rows.putStep(weights, t, step.weights());
            state = step.state();
        }
        assertThat(Tensors.maxAbsDiff(logits, trace.logits())).isLessThan(1e-5);
        assertThat(Tensors.maxAbsDiff(weights, trace.attentionWeights())).isLessThan(1e-6);
        double teacherForced = CE.compute(trace.logits(), batch.targets(), batch.targetMask()).value();
        double stepByStep = CE.compute(logits, batch.targets(), batch.targetMask()).value();
        assertThat(stepByStep).isCloseTo(teacherForced, Offset.offset(1e-5));
        // padded source positions get no attention
        assertThat(weights.at(1, 0, 2)).isZero();
        assertThat(weights.at(1, 0, 3)).isZero();
    }

    @Test
    void theAllStepsPathAndTheStepwisePathAgreeOnLogitsAndGradients() {
        Seq2SeqConfig config = tiny(CellType.LSTM, AttentionType.LUONG, LuongAttention.Score.GENERAL, false, 1);
        TranslationBatch batch = batch();
        List<Tensor> grads = new ArrayList<>();
        Tensor[] logits = new Tensor[2];
        for (boolean stepwise : new boolean[] {false, true}) {
            Seq2SeqModel model = model(config, 13);
            Seq2SeqModel.Trace trace = model.forward(batch, stepwise);
            logits[stepwise ? 1 : 0] = trace.logits();
            model.backward(trace, CE.compute(trace.logits(), batch.targets(), batch.targetMask()).gradient());
            model.parameters().forEach(p -> grads.add(p.grad()));
        }
        assertThat(Tensors.maxAbsDiff(logits[0], logits[1])).isLessThan(1e-6);
        int half = grads.size() / 2;
        for (int i = 0; i < half; i++) {
            assertThat(Tensors.maxAbsDiff(grads.get(i), grads.get(half + i))).as("gradient %d", i).isLessThan(1e-5);
        }
    }

    @Test
    void parameterNamesArePrefixedPyTorchNames() {
        Seq2SeqModel model = new Seq2SeqModel(tiny(CellType.LSTM, AttentionType.BAHDANAU,
                LuongAttention.Score.GENERAL, false, 1), new SplittableRandom(1));
        assertThat(model.parameters()).extracting(Parameter::name).contains("encoder.embedding.weight",
                "encoder.rnn.weight_ih_l0", "encoder.rnn.bias_hh_l0_reverse", "bridge.h.weight", "bridge.c.bias",
                "decoder.embedding.weight", "decoder.rnn.weight_ih_l0", "decoder.attention.W_q.weight",
                "decoder.attention.v_a.weight", "decoder.attentional.W_c.weight", "decoder.output.bias");
        Parameter decoderInput = model.parameters().stream().filter(p -> p.name().equals("decoder.rnn.weight_ih_l0"))
                .findFirst().orElseThrow();
        assertThat(decoderInput.value().shape()).containsExactly(16, 3 + 8); // Bahdanau: [embedding; context]
    }

    @Test
    void badConfigurationsAreNamedByTheirOption() {
        assertThatThrownBy(() -> tiny(CellType.LSTM, AttentionType.LUONG, LuongAttention.Score.DOT, false, 1))
                .hasMessageContaining("Seq2SeqConfig.luongScore dot");
        assertThatThrownBy(() -> tiny(CellType.LSTM, AttentionType.BAHDANAU, LuongAttention.Score.GENERAL, true, 1))
                .hasMessageContaining("Seq2SeqConfig.inputFeeding");
        assertThatThrownBy(() -> tiny(CellType.RNN_TANH, AttentionType.LUONG, LuongAttention.Score.GENERAL, false, 1))
                .hasMessageContaining("Seq2SeqConfig.cell must be lstm or gru");
    }
}
