package org.rnn4j.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.rnn4j.nn.Pooling;
import org.rnn4j.train.RunFiles;

class TextClassifierTrainerTest {
    private static final TextClassifierSpec SMALL = TextClassifierSpec.defaults().withEmbeddingSize(8)
            .withHiddenSize(8).withDropout(0f).withMaxLength(12);

    /** Texts whose one sentiment word decides the label, among filler words. */
    private static LabelledTexts synthetic(int n, long seed) {
        String[] good = {"great", "fine", "superb", "lovely"};
        String[] bad = {"awful", "dull", "boring", "poor"};
        String[] filler = {"the", "film", "was", "a", "plot", "and", "actors"};
        SplittableRandom rng = new SplittableRandom(seed);
        List<LabelledTexts.Example> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            boolean positive = rng.nextBoolean();
            StringBuilder text = new StringBuilder();
            int length = 3 + rng.nextInt(6);
            int at = rng.nextInt(length);
            for (int t = 0; t < length; t++) {
                String[] pool = t == at ? (positive ? good : bad) : filler;
                text.append(t == 0 ? "" : " ").append(pool[rng.nextInt(pool.length)]);
            }
            out.add(new LabelledTexts.Example(text.toString(), positive ? "pos" : "neg", i + 1));
        }
        return LabelledTexts.of(out);
    }

    @Test
    void aLibraryCallTrainsWhatTheCommandTrainsHoldingOutAStratifiedPart() {
        TextClassifierTrainer.Result result = TextClassifier.train(synthetic(200, 1), SMALL,
                TextClassifierTraining.defaults().withMinCount(1).withBatch(16).withLearningRate(0.01)
                        .withTrainer(TextClassifierTraining.defaults().trainer().withMaxEpochs(6)));
        assertThat(result.trainingTexts() + result.validationTexts()).isEqualTo(200);
        assertThat(result.validationTexts()).isBetween(18, 22);
        assertThat(result.folds()).isEmpty();
        assertThat(result.validation().accuracy()).isGreaterThan(0.8);
        assertThat(result.model().evaluate(synthetic(100, 2).examples(), 32).metrics().accuracy())
                .isGreaterThan(0.8);
        assertThat(result.model().spec()).isEqualTo(SMALL);
    }

    @Test
    void theNgramModelIsBlendedInWithTheWeightOfTheBestValidationLoss() {
        TextClassifierSpec spec = SMALL.withNgrams(new HashedNgrams(2, 4096));
        TextClassifierTrainer.Result result = TextClassifier.train(synthetic(300, 3), spec,
                TextClassifierTraining.defaults().withMinCount(1).withBatch(16).withLearningRate(0.01)
                        .withTrainer(TextClassifierTraining.defaults().trainer().withMaxEpochs(2)));
        ClassifierBlend blend = result.blend();
        assertThat(blend).isNotNull();
        assertThat(result.model().networkWeight()).isEqualTo(blend.networkWeight()).isBetween(0.0, 1.0);
        // λ = 1 and λ = 0 are candidates, so the blend is never worse on validation than either model alone
        assertThat(result.validation().loss()).isLessThanOrEqualTo(blend.network().loss())
                .isLessThanOrEqualTo(blend.ngrams().loss());
        assertThat(blend.ngrams().accuracy()).isGreaterThan(0.9);
        assertThat(result.validation()).isEqualTo(blend.blended());
        assertThat(result.validation().count()).isEqualTo(result.validationTexts());
        assertThat(result.model().describe()).contains("blended").contains("NB-LR on word 1–2-grams in 4096 buckets");
    }

    @Test
    void withoutNgramsTheNetworkIsTheClassifier() {
        TextClassifierTrainer.Result result = TextClassifier.train(synthetic(100, 4), SMALL.withNgrams(null),
                TextClassifierTraining.defaults().withMinCount(1).withBatch(16)
                        .withTrainer(TextClassifierTraining.defaults().trainer().withMaxEpochs(1)));
        assertThat(result.blend()).isNull();
        assertThat(result.model().ngrams()).isNull();
        assertThat(result.model().networkWeight()).isEqualTo(1);
    }

    @Test
    void crossValidationTestsEachFoldThenTrainsTheFinalModelAndSaysSo() {
        List<String> said = new ArrayList<>();
        TextClassifierTrainer.Result result = TextClassifierTrainer.of(SMALL.withPooling(Pooling.MEAN),
                        TextClassifierTraining.defaults().withFolds(3).withMinCount(1).withBatch(16)
                                .withTrainer(TextClassifierTraining.defaults().trainer().withMaxEpochs(1)))
                .withObserver(new TextClassifierTrainer.Observer() {
                    @Override
                    public void say(String line) {
                        said.add(line);
                    }
                })
                .train(synthetic(60, 3), null);
        assertThat(result.folds()).hasSize(3);
        assertThat(result.crossValidationAccuracy()).isBetween(0.0, 1.0);
        assertThat(said).anyMatch(line -> line.startsWith("fold 1/3: training on"))
                .anyMatch(line -> line.startsWith("fold 3/3: test accuracy"))
                .anyMatch(line -> line.startsWith("final model: training on all " + result.trainingTexts()
                        + " texts (" + result.validationTexts() + " held out"));
    }

    @Test
    void aValidationSetWithALabelTheTrainingDataLacksIsRefused() {
        LabelledTexts held = LabelledTexts.of(List.of(new LabelledTexts.Example("great", "neutral", 4)));
        assertThatThrownBy(() -> TextClassifierTrainer.of(SMALL, TextClassifierTraining.defaults())
                .train(synthetic(20, 1), held))
                .hasMessageContaining("line 4: label 'neutral' does not occur in the training data (neg, pos)");
        assertThatThrownBy(() -> TextClassifierTrainer.of(SMALL, TextClassifierTraining.defaults().withFolds(2))
                .train(synthetic(20, 1), synthetic(5, 2)))
                .hasMessageStartingWith("TextClassifierTraining.folds holds out");
    }

    @Test
    void aBadSpecOrTrainingIsNamedByItsComponent() {
        assertThatThrownBy(() -> TextClassifierSpec.defaults().withHiddenSize(0))
                .hasMessage("TextClassifierSpec.hiddenSize must be at least 1, got 0");
        assertThatThrownBy(() -> TextClassifierSpec.defaults().withPooling(Pooling.ATTENTION).withAttentionSize(0))
                .hasMessage("TextClassifierSpec.attentionSize must be at least 1, got 0");
        assertThatThrownBy(() -> TextClassifierSpec.defaults().withDropout(1))
                .hasMessage("TextClassifierSpec.dropout must be in [0, 1), got 1.0");
        assertThatThrownBy(() -> TextClassifierTraining.defaults().withFolds(1))
                .hasMessage("TextClassifierTraining.folds must be 0 (none) or at least 2, got 1");
        assertThatThrownBy(() -> TextClassifierTraining.defaults().withValidationFraction(1))
                .hasMessage("TextClassifierTraining.validationFraction must be between 0 and 1, got 1.0");
        assertThatThrownBy(() -> TextClassifierTraining.defaults().withFolds(2)
                .withFiles(RunFiles.NONE.withCheckpoints(Path.of("ckpt"), 10)))
                .hasMessageContaining("RunFiles.checkpointDir/RunFiles.resume do not support");
    }
}
