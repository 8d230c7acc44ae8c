package org.rnn4j.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.rnn4j.nn.Parameter;
import org.rnn4j.nn.Pooling;
import org.rnn4j.nn.recurrent.CellType;
import org.rnn4j.nn.recurrent.RecurrentConfig;
import org.rnn4j.tensor.Tensor;
import org.rnn4j.testing.GradientCheck;
import org.rnn4j.testing.Tensors;
import org.rnn4j.train.TokenBatch;

/** The text classifier's network: whole-model finite differences and padding invariance for every pooling. */
class TokenClassifierTest {
    private static final float STEP = 1e-2f;
    private static final List<int[]> TEXTS = List.of(new int[] {2, 5, 3, 7, 4}, new int[] {6, 2}, new int[] {3, 3, 8});

    private static TokenClassifier model(Pooling pooling, CellType cell, int layers, float dropout) {
        return new TokenClassifier(9, new RecurrentConfig(cell, 3, 4, layers, true, 0f), pooling, 5, dropout, 3,
                new SplittableRandom(11));
    }

    @ParameterizedTest
    @EnumSource(Pooling.class)
    void backwardMatchesFiniteDifferencesWithVariableLengths(Pooling pooling) {
        TokenClassifier model = model(pooling, CellType.LSTM, 2, 0f);
        TokenBatch batch = TokenBatch.of(TEXTS, new int[] {0, 1, 2}, 0);
        Tensor probe = Tensors.uniform(new SplittableRandom(12), -1, 1, 3, 3);
        model.parameters().forEach(Parameter::zeroGrad);
        model.backward(model.forward(batch.ids(), 3, batch.steps(), batch.mask(), null), probe);
        GradientCheck check = GradientCheck.of(() -> Tensors.dot(model.predict(batch.ids(), 3, batch.steps(),
                batch.mask()), probe)).step(STEP).tolerance(2e-2).sampled(4, new SplittableRandom(13));
        for (Parameter p : model.parameters()) {
            check.check(p.name(), p.value(), p.grad());
        }
    }

    @ParameterizedTest
    @EnumSource(Pooling.class)
    void paddedAndMaskedBatchGivesEachTextsOwnLogitsAndGradients(Pooling pooling) {
        TokenClassifier model = model(pooling, CellType.GRU, 1, 0f);
        TokenBatch batch = TokenBatch.of(TEXTS, new int[] {0, 1, 2}, 0);
        Tensor logits = model.predict(batch.ids(), 3, batch.steps(), batch.mask());
        Tensor probe = Tensors.uniform(new SplittableRandom(14), -1, 1, 3, 3);
        model.parameters().forEach(Parameter::zeroGrad);
        model.backward(model.forward(batch.ids(), 3, batch.steps(), batch.mask(), null), probe);
        List<Tensor> batched = model.parameters().stream().map(p -> p.grad().copy()).toList();
        model.parameters().forEach(Parameter::zeroGrad);
        for (int b = 0; b < 3; b++) {
            int[] ids = TEXTS.get(b);
            Tensor alone = model.predict(ids, 1, ids.length, null);
            for (int k = 0; k < 3; k++) {
                assertThat(alone.get(k)).as("text %d class %d", b, k).isCloseTo(logits.at(b, k), offset(1e-5f));
            }
            model.backward(model.forward(ids, 1, ids.length, null, null), probe.row(b).reshape(1, 3));
        }
        for (int k = 0; k < batched.size(); k++) {
            assertThat(Tensors.maxAbsDiff(model.parameters().get(k).grad(), batched.get(k)))
                    .as(model.parameters().get(k).name()).isLessThan(1e-5);
        }
        assertThat(model.parameters().get(0).grad().row(0).toArray()).as("the padding embedding").containsOnly(0f);
    }

    @Test
    void withEmbeddingDropoutBackwardMatchesFiniteDifferencesUnderTheSameMasks() {
        TokenClassifier model = new TokenClassifier(9, new RecurrentConfig(CellType.GRU, 3, 4, 1, true, 0f),
                Pooling.MAX, 5, 0.4f, 0.3f, 3, new SplittableRandom(11));
        TokenBatch batch = TokenBatch.of(TEXTS, new int[] {0, 1, 2}, 0);
        Tensor probe = Tensors.uniform(new SplittableRandom(12), -1, 1, 3, 3);
        model.parameters().forEach(Parameter::zeroGrad);
        TokenClassifier.Trace trace = model.forward(batch.ids(), 3, batch.steps(), batch.mask(), new SplittableRandom(2));
        assertThat(trace.embeddingMask()).as("a keep-mask over (B, T, E)").isNotNull();
        assertThat(trace.embeddingMask().toArray()).contains(0f);
        model.backward(trace, probe);
        GradientCheck check = GradientCheck.of(() -> {
            TokenClassifier.Trace again = model.forward(batch.ids(), 3, batch.steps(), batch.mask(),
                    new SplittableRandom(2));
            again.recurrent().release();
            return Tensors.dot(again.logits(), probe);
        }).step(STEP).tolerance(2e-2)
                .sampled(4, new SplittableRandom(13)).skipKinks(0.005); // max pooling switches rows at a tie
        for (Parameter p : model.parameters()) {
            check.check(p.name(), p.value(), p.grad());
        }
    }

    @Test
    void dropoutActsInTrainingOnlyAndNamesFollowPyTorch() {
        TokenClassifier model = model(Pooling.ATTENTION, CellType.LSTM, 1, 0.5f);
        TokenBatch batch = TokenBatch.of(TEXTS, new int[] {0, 1, 2}, 0);
        Tensor a = model.predict(batch.ids(), 3, batch.steps(), batch.mask());
        Tensor b = model.predict(batch.ids(), 3, batch.steps(), batch.mask());
        assertThat(Tensors.maxAbsDiff(a, b)).isZero();
        TokenClassifier.Trace training = model.forward(batch.ids(), 3, batch.steps(), batch.mask(),
                new SplittableRandom(1));
        assertThat(training.dropoutMask()).isNotNull();
        assertThat(model.parameters()).extracting(Parameter::name).containsExactly("embedding.weight",
                "weight_ih_l0", "weight_hh_l0", "bias_ih_l0", "bias_hh_l0", "weight_ih_l0_reverse",
                "weight_hh_l0_reverse", "bias_ih_l0_reverse", "bias_hh_l0_reverse", "pooling.weight", "pooling.bias",
                "pooling.context", "head.weight", "head.bias");
        assertThat(model.describe()).isEqualTo("Lstm(input 3, hidden 4, bidirectional), attention pooling "
                + "(attention size 5), 3 classes");
    }
}
