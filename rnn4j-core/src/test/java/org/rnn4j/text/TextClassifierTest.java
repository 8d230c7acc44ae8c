package org.rnn4j.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnn4j.io.FileFormatException;
import org.rnn4j.io.Provenance;
import org.rnn4j.nn.Pooling;
import org.rnn4j.nn.recurrent.CellType;
import org.rnn4j.optim.Adam;
import org.rnn4j.optim.AdamOptions;
import org.rnn4j.train.DatasetBatches;
import org.rnn4j.train.TokenBatch;
import org.rnn4j.train.TokenClassification;
import org.rnn4j.train.Trainer;
import org.rnn4j.train.TrainerOptions;
import org.rnn4j.train.TrainingHistory;

class TextClassifierTest {
    private static final TextClassifierSpec SMALL = TextClassifierSpec.defaults().withEmbeddingSize(8)
            .withHiddenSize(8).withPooling(Pooling.MEAN).withAttentionSize(4).withDropout(0f).withMaxLength(6);

    @TempDir
    Path dir;

    private static List<LabelledTexts.Example> synthetic(int n, long seed) {
        String[] good = {"great", "fine", "superb", "lovely"};
        String[] bad = {"awful", "dull", "boring", "poor"};
        String[] filler = {"the", "film", "was", "a", "plot", "and", "actors"};
        SplittableRandom rng = new SplittableRandom(seed);
        List<LabelledTexts.Example> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            boolean positive = rng.nextBoolean();
            StringBuilder text = new StringBuilder();
            int length = 3 + rng.nextInt(8);
            int at = rng.nextInt(length);
            for (int t = 0; t < length; t++) {
                String[] pool = t == at ? (positive ? good : bad) : filler;
                text.append(t == 0 ? "" : " ").append(pool[rng.nextInt(pool.length)]);
            }
            out.add(new LabelledTexts.Example(text.toString(), positive ? "pos" : "neg", i + 1));
        }
        return out;
    }

    private static TextClassifier model(List<LabelledTexts.Example> data, TextClassifierSpec spec) {
        Vocabulary vocabulary = TextClassifier.buildVocabulary(data.stream().map(LabelledTexts.Example::text).toList(),
                spec.tokenizer(), 0, 1);
        return TextClassifier.create(vocabulary, LabelledTexts.of(data).labels(), spec, 3);
    }

    @Test
    void encodesNormalisedLowerCasedTokensWithUnknownsAndHeadPlusTailTruncation() {
        TextClassifier model = model(List.of(new LabelledTexts.Example("a b c", "x", 1),
                new LabelledTexts.Example("d", "y", 2)), SMALL);
        Vocabulary v = model.vocabulary();
        assertThat(v.id(SpecialToken.PADDING)).isZero();
        assertThat(model.encode("A<br /><br />zzz")).containsExactly(v.id("a"), v.id(SpecialToken.UNKNOWN));
        assertThat(TextClassifier.normalize("x<br />y<BR>z")).isEqualTo("x y z");
        assertThat(TextClassifier.truncate(new int[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, 8))
                .containsExactly(1, 2, 5, 6, 7, 8, 9, 10);
        assertThat(TextClassifier.truncate(new int[] {1, 2}, 8)).containsExactly(1, 2);
        assertThat(model.encode("a a a a a a a a a a")).hasSize(6);
        assertThat(model.labels()).containsExactly("x", "y");
        assertThatThrownBy(() -> model.classId("z")).hasMessageContaining("not one of the model's classes: x, y");
    }

    @Test
    void learnsASyntheticSentimentTaskAndSurvivesTheFile() {
        List<LabelledTexts.Example> train = synthetic(400, 1);
        List<LabelledTexts.Example> test = synthetic(100, 2);
        TextClassifier model = model(train, SMALL.withPooling(Pooling.MAX));
        DatasetBatches<LabelledTexts.Example, TokenBatch> batches = DatasetBatches.bucketed(train, 16,
                e -> model.encode(e.text()).length, 1, chosen -> model.batch(
                        chosen.stream().map(e -> model.encode(e.text())).toList(),
                        chosen.stream().mapToInt(e -> model.classId(e.label())).toArray()));
        Trainer<TokenBatch> trainer = new Trainer<>(new TokenClassification(model.network()),
                new Adam(AdamOptions.defaults().withLearningRate(0.01)), null, batches, null,
                TrainerOptions.defaults().withMaxEpochs(6));
        TrainingHistory history = new TrainingHistory();
        trainer.addListener(history).fit();
        double first = history.training().subList(0, 5).stream().mapToDouble(TrainingHistory.Point::value).average()
                .orElseThrow();
        int n = history.training().size();
        double last = history.training().subList(n - 5, n).stream().mapToDouble(TrainingHistory.Point::value)
                .average().orElseThrow();
        assertThat(last).isLessThan(first * 0.5);
        TextClassifier.Evaluation evaluation = model.evaluate(test, 32);
        assertThat(evaluation.metrics().accuracy()).isGreaterThan(0.9);

        Path file = dir.resolve("c.safetensors");
        model.save(file, Provenance.now(3L, null, "test"));
        TextClassifier loaded = TextClassifier.load(file);
        assertThat(loaded.labels()).isEqualTo(model.labels());
        assertThat(loaded.spec()).isEqualTo(model.spec());
        assertThat(loaded.vocabulary()).isEqualTo(model.vocabulary());
        List<String> texts = test.stream().map(LabelledTexts.Example::text).toList();
        List<TextClassifier.Prediction> a = model.predict(texts, 7);
        List<TextClassifier.Prediction> b = loaded.predict(texts, 100);
        for (int i = 0; i < texts.size(); i++) {
            assertThat(b.get(i).label()).isEqualTo(a.get(i).label());
            assertThat(b.get(i).probabilities()).containsExactly(a.get(i).probabilities(),
                    within(1e-6f));
        }
    }

    @Test
    void aBlendedModelPredictsTheWeightedMeanOfItsTwoModelsAndSurvivesTheFile() {
        TextClassifierSpec spec = SMALL.withNgrams(new HashedNgrams(2, 1024));
        List<LabelledTexts.Example> train = synthetic(200, 5);
        TextClassifier model = model(train, spec);
        NgramClassifier ngrams = NgramClassifier.train(spec.ngrams(), train.stream()
                .map(e -> model.ngramBuckets(e.text())).toList(), train.stream()
                .mapToInt(e -> model.classId(e.label())).toArray(), 2, NgramClassifier.DEFAULT_COST);
        List<String> texts = List.of("a superb film", "the plot was dull", "");
        float[][] net = model.networkProbabilities(texts, 8, done -> { });
        model.blend(ngrams, 0.25);
        float[][] ngram = model.ngramProbabilities(texts);
        List<TextClassifier.Prediction> blended = model.predict(texts, 8);
        for (int i = 0; i < texts.size(); i++) {
            for (int k = 0; k < 2; k++) {
                assertThat(blended.get(i).probabilities()[k]).isCloseTo(0.25f * net[i][k] + 0.75f * ngram[i][k],
                        within(1e-6f));
            }
        }
        assertThat(blended.get(0).label()).isEqualTo("pos");

        Path file = dir.resolve("blended.safetensors");
        model.save(file, Provenance.now(3L, null, "test"));
        TextClassifier loaded = TextClassifier.load(file);
        assertThat(loaded.spec()).isEqualTo(spec);
        assertThat(loaded.networkWeight()).isEqualTo(0.25);
        List<TextClassifier.Prediction> again = loaded.predict(texts, 2);
        for (int i = 0; i < texts.size(); i++) {
            assertThat(again.get(i).probabilities()).containsExactly(blended.get(i).probabilities(), within(1e-6f));
        }

        model.blend(ngrams, 0);
        assertThat(model.predict(texts, 8).get(1).probabilities()).containsExactly(ngram[1], within(1e-7f));
        assertThatThrownBy(() -> model.blend(ngrams, 1.5)).hasMessageContaining("in [0, 1], got 1.5");
        assertThatThrownBy(() -> model.blend(NgramClassifier.train(new HashedNgrams(1, 1024), List.of(new int[] {1},
                new int[] {2}), new int[] {0, 1}, 2, 1), 0.5)).hasMessageContaining("the n-gram model has");
        assertThatThrownBy(() -> model.blend(new NgramClassifier(spec.ngrams(), 3), 0.5))
                .hasMessageContaining("and 3 classes, this classifier").hasMessageContaining("and 2");
        TextClassifier plain = model(train, SMALL.withNgrams(null));
        assertThatThrownBy(() -> plain.blend(ngrams, 0.5)).hasMessageContaining("has no n-grams");
    }

    @Test
    void aFileWhoseBlendWeightIsNotBetweenZeroAndOneIsRefusedNamingTheField() {
        TextClassifierSpec spec = SMALL.withNgrams(new HashedNgrams(1, 64));
        TextClassifier model = model(synthetic(20, 6), spec);
        Path file = dir.resolve("blend.safetensors");
        model.save(file, Provenance.now(3L, null, "test"));
        org.rnn4j.io.ApplicationModelFile.Header header = org.rnn4j.io.ApplicationModelFile.open(file,
                TextClassifier.TYPE);
        com.fasterxml.jackson.databind.node.ObjectNode json = header.spec().deepCopy();
        json.put("network_weight", 1.5);
        List<org.rnn4j.nn.Parameter> tensors = new ArrayList<>(model.network().parameters());
        tensors.addAll(model.ngrams().parameters());
        Path bad = dir.resolve("bad-blend.safetensors");
        org.rnn4j.io.ApplicationModelFile.save(bad, json, java.util.Map.of("vocabulary", header.entry("vocabulary")),
                tensors, Provenance.now(3L, null, "test"));
        assertThatThrownBy(() -> TextClassifier.load(bad)).isInstanceOf(FileFormatException.class)
                .hasMessageContaining("bad-blend.safetensors").hasMessageContaining("'network_weight' must be the"
                        + " network's weight in the blend with the n-gram model, in [0, 1], got 1.5");
    }

    @Test
    void evaluationRefusesALabelTheModelDoesNotKnowNamingTheLine() {
        TextClassifier model = model(synthetic(20, 1), SMALL);
        assertThatThrownBy(() -> model.evaluate(List.of(new LabelledTexts.Example("great", "neutral", 7)), 8))
                .hasMessageContaining("line 7: label 'neutral' is not one of the model's classes (neg, pos)");
    }

    @Test
    void loadingAnotherKindOfModelSaysWhatItIs() throws Exception {
        Path file = dir.resolve("lm.safetensors");
        Vocabulary chars = Vocabulary.fromTokens(List.of("a", "b"), VocabularyOptions.of(Vocabulary.Unit.CHARACTER));
        LanguageModel.create(chars, LanguageModelSpec.defaults().withCell(CellType.GRU).withEmbeddingSize(2)
                .withHiddenSize(2).withLayers(1).withDropout(0f), 1)
                .save(file, Provenance.now(1L, null, "test"));
        assertThatThrownBy(() -> TextClassifier.load(file)).isInstanceOf(FileFormatException.class)
                .hasMessageContaining("lm.safetensors").hasMessageContaining("not a text classifier model");
        assertThat(Files.exists(file)).isTrue();
    }

    @Test
    void aModelFileWrittenBeforeTheSpecRecordLoadsAndPredictsAsItDidThen() throws Exception {
        // Made by the jar before the spec records: rnn4j train-classifier --train tiny.csv --embedding 3 --hidden 4
        // --attention-size 2 --pooling attention --min-count 1 --max-epochs 1 --seed 5; that jar's classify gave
        // the probabilities below.
        TextClassifier model = TextClassifier.load(Path.of(TextClassifierTest.class
                .getResource("text-classifier-before-spec.safetensors").toURI()));
        assertThat(model.labels()).containsExactly("neg", "pos");
        assertThat(model.spec().pooling()).isEqualTo(Pooling.ATTENTION);
        assertThat(model.spec().hiddenSize()).isEqualTo(4);
        assertThat(model.spec().attentionSize()).isEqualTo(2);
        List<TextClassifier.Prediction> p = model.predict(List.of("good great fun", "awful film"), 64);
        assertThat(p.get(0).probabilities()).containsExactly(new float[] {0.36689875f, 0.6331013f},
                within(1e-6f));
        assertThat(p.get(1).probabilities()).containsExactly(new float[] {0.36483404f, 0.635166f},
                within(1e-6f));
    }

    @Test
    void aModelFileWrittenBeforeTheSpecRecordReadsAsTheSpecOfTheCommandLineThatMadeIt() throws Exception {
        TextClassifier model = TextClassifier.load(Path.of(TextClassifierTest.class
                .getResource("text-classifier-before-spec.safetensors").toURI()));
        assertThat(model.spec()).isEqualTo(TextClassifierSpec.defaults().withEmbeddingSize(3).withHiddenSize(4)
                .withPooling(Pooling.ATTENTION).withAttentionSize(2).withNgrams(null)); // before the n-gram model
        assertThat(model.ngrams()).isNull();
        assertThat(model.networkWeight()).isEqualTo(1);
    }

    @Test
    void aCharacterModelSurvivesTheFileWithItsSpec() {
        TextClassifierSpec chars = SMALL.withUnit(Vocabulary.Unit.CHARACTER).withLowerCase(false).withCell(CellType.GRU)
                .withBidirectional(false).withPooling(Pooling.LAST);
        List<LabelledTexts.Example> data = synthetic(20, 1);
        Vocabulary vocabulary = TextClassifier.buildVocabulary(data.stream().map(LabelledTexts.Example::text).toList(),
                chars.tokenizer(), 0, 1);
        TextClassifier model = TextClassifier.create(vocabulary, LabelledTexts.of(data).labels(), chars, 3);
        Path file = dir.resolve("chars.safetensors");
        model.save(file, Provenance.now(3L, null, "test"));
        TextClassifier loaded = TextClassifier.load(file);
        assertThat(loaded.spec()).isEqualTo(chars);
        assertThat(loaded.predict("great film").probabilities()).containsExactly(
                model.predict("great film").probabilities(), within(1e-6f));
    }
}
