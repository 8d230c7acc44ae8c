package org.rnn4j.seq2seq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.rnn4j.train.TrainerOptions;

/** The recipe of train-translator, as a library user calls it. */
class TranslatorTrainerTest {
    /** Number words translated word for word, English to Spanish, 2 or 3 a pair; the first two pairs are too long. */
    private static List<TranslationPairs.Pair> pairs() {
        String[] source = {"one", "two", "three", "four"};
        String[] target = {"uno", "dos", "tres", "cuatro"};
        List<TranslationPairs.Pair> out = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            int length = i % 2 == 0 ? 2 : 3;
            StringBuilder s = new StringBuilder();
            StringBuilder t = new StringBuilder();
            for (int k = 0; k < (i < 2 ? 9 : length); k++) {
                int w = (i + k) % source.length;
                s.append(source[w]).append(' ');
                t.append(target[w]).append(' ');
            }
            out.add(new TranslationPairs.Pair(i + 2, "Book", s.toString().strip(), t.toString().strip()));
        }
        return out;
    }

    private static TranslatorSpec tiny() {
        return TranslatorSpec.defaults().withEmbeddingSize(4).withHiddenSize(6).withAttentionSize(6);
    }

    private static TranslatorTraining quick(int epochs) {
        return TranslatorTraining.defaults().withMinCount(1).withMaxTrainLength(5).withValidationFraction(0.1)
                .withBatchSize(8).withLearningRate(0.02)
                .withTrainer(TrainerOptions.defaults().withMaxEpochs(epochs).withClipNorm(5).withEarlyStopping(0, true)
                        .withSeed(3));
    }

    @Test
    void theSpecsVocabularySizesAreLimitsAndTheTrainedSpecHoldsTheSizesBuilt() {
        TranslatorTrainer recipe = TranslatorTrainer.prepare(pairs(), tiny(), quick(1));
        // 4 specials and 4 words a side
        assertThat(recipe.translator().spec()).isEqualTo(tiny().withVocabularySizes(8, 8));
        assertThat(recipe.validationPairs()).hasSize(4);
        assertThat(recipe.trainingPairs() + recipe.leftOutTooLong()).isEqualTo(36);
        assertThat(recipe.unknownPercent(true)).isZero();
    }

    @Test
    void trainingLowersTheLossAndKeepsTheBestValidation() {
        TranslatorTrainer.Result trained = TranslatorTrainer.train(pairs(), tiny(), quick(15), List.of());
        assertThat(trained.result().restoredBest()).isTrue();
        assertThat(trained.result().progress().bestValidationLoss()).isLessThan(Math.log(8));
    }

    @Test
    void noPairShortEnoughIsAnErrorNamingTheComponent() {
        assertThatThrownBy(() -> TranslatorTrainer.prepare(pairs(), tiny(), quick(1).withMaxTrainLength(1)))
                .hasMessage("no training pair has at most 1 tokens on each side; raise"
                        + " TranslatorTraining.maxTrainLength");
        assertThatThrownBy(() -> tiny().withHiddenSize(0)).hasMessage("TranslatorSpec.hiddenSize must be at least 1,"
                + " got 0");
    }
}
