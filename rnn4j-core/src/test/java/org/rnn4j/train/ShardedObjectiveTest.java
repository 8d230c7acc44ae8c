package org.rnn4j.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.rnn4j.nn.Parameter;
import org.rnn4j.nn.recurrent.CellType;
import org.rnn4j.text.LabelledTexts;
import org.rnn4j.text.LanguageModelSpec;
import org.rnn4j.text.LanguageModelTrainer;
import org.rnn4j.text.LanguageModelTraining;
import org.rnn4j.text.TextClassifierSpec;
import org.rnn4j.text.TextClassifierTrainer;
import org.rnn4j.text.TextClassifierTraining;

class ShardedObjectiveTest {
    private static final TextClassifierSpec CLASSIFIER = TextClassifierSpec.defaults().withEmbeddingSize(8)
            .withHiddenSize(8).withDropout(0f).withMaxLength(12);
    private static final TextClassifierTraining CLASSIFIER_TRAINING = TextClassifierTraining.defaults().withMinCount(1)
            .withBatch(12).withLearningRate(0.01)
            .withTrainer(TextClassifierTraining.defaults().trainer().withMaxEpochs(2));
    private static final LanguageModelSpec LM = LanguageModelSpec.defaults().withCell(CellType.LSTM)
            .withEmbeddingSize(6).withHiddenSize(8).withLayers(2).withDropout(0f);
    private static final LanguageModelTraining LM_TRAINING = LanguageModelTraining.defaults().withBatch(6).withBptt(5)
            .withBpttBack(8).withTrainer(LanguageModelTraining.defaults().trainer().withMaxEpochs(2));
    private static final String TEXT = "the cat sat on the mat. the dog sat on the log. a cat and a dog met.\n".repeat(4);

    @Test
    void shardsAreContiguousAndDifferByAtMostOneRow() {
        assertThat(GradientShards.bounds(10, 3)).containsExactly(0, 3, 6, 10);
        assertThat(GradientShards.bounds(2, 4)).containsExactly(0, 1, 2);
        assertThat(GradientShards.bounds(5, 1)).containsExactly(0, 5);
        assertThatThrownBy(() -> GradientShards.bounds(0, 2)).hasMessageContaining("0 rows cannot be cut into 2");
    }

    @Test
    void aClassifierTrainedOnThreeShardsHasTheWeightsOfOneMachineToRounding() {
        List<Parameter> whole = classifier(TextClassifierTrainer.LOCAL);
        List<Parameter> sharded = classifier((model, local) ->
                new ShardedObjective<>(local, RowShards.TOKEN_BATCHES, 3));
        assertThat(maxDifference(sharded, whole)).isLessThan(1e-5);
    }

    @Test
    void oneShardIsTheUnshardedRunBitForBit() {
        List<Parameter> whole = classifier(TextClassifierTrainer.LOCAL);
        List<Parameter> one = classifier((model, local) -> new ShardedObjective<>(local, RowShards.TOKEN_BATCHES, 1));
        assertThat(maxDifference(one, whole)).isZero();
    }

    @Test
    void aTruncatedBpttLanguageModelCarriesEachStreamsStateWithItsShard() {
        List<Parameter> whole = languageModel(LanguageModelTrainer.LOCAL);
        List<Parameter> sharded = languageModel((model, local) -> new ShardedObjective<>(local, RowShards.WINDOWS, 4));
        assertThat(maxDifference(sharded, whole)).isLessThan(1e-5);
    }

    private static List<Parameter> classifier(TextClassifierTrainer.Placement placement) {
        return TextClassifierTrainer.of(CLASSIFIER, CLASSIFIER_TRAINING).withPlacement(placement)
                .train(texts(60), null).model().network().parameters();
    }

    private static List<Parameter> languageModel(LanguageModelTrainer.Placement placement) {
        return LanguageModelTrainer.prepare(TEXT, LM, LM_TRAINING).withPlacement(placement).train(List.of()).model()
                .network().parameters();
    }

    /** The largest |a − b| over all weights, relative to max(1, |b|). */
    static double maxDifference(List<Parameter> a, List<Parameter> b) {
        double worst = 0;
        for (int i = 0; i < a.size(); i++) {
            float[] x = a.get(i).value().toArray();
            float[] y = b.get(i).value().toArray();
            for (int j = 0; j < x.length; j++) {
                worst = Math.max(worst, Math.abs(x[j] - y[j]) / Math.max(1, Math.abs(y[j])));
            }
        }
        return worst;
    }

    private static LabelledTexts texts(int n) {
        String[] good = {"great", "fine", "superb"};
        String[] bad = {"awful", "dull", "poor"};
        String[] filler = {"the", "film", "was", "a", "plot", "and"};
        SplittableRandom rng = new SplittableRandom(7);
        List<LabelledTexts.Example> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            boolean positive = rng.nextBoolean();
            StringBuilder text = new StringBuilder();
            int length = 2 + rng.nextInt(7);
            int at = rng.nextInt(length);
            for (int t = 0; t < length; t++) {
                String[] pool = t == at ? (positive ? good : bad) : filler;
                text.append(t == 0 ? "" : " ").append(pool[rng.nextInt(pool.length)]);
            }
            out.add(new LabelledTexts.Example(text.toString(), positive ? "pos" : "neg", i + 1));
        }
        return LabelledTexts.of(out);
    }
}
