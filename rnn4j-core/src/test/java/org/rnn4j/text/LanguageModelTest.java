package org.rnn4j.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnn4j.io.FileFormatException;
import org.rnn4j.io.ModelFile;
import org.rnn4j.io.Provenance;
import org.rnn4j.nn.Parameter;
import org.rnn4j.nn.recurrent.CellType;
import org.rnn4j.nn.recurrent.RecurrentLayer;
import org.rnn4j.train.Score;

class LanguageModelTest {
    private static final String TEXT = "the cat sat on the mat.\nthe dog sat on the log.\n";
    private static final LanguageModelSpec SMALL = LanguageModelSpec.defaults().withCell(CellType.LSTM)
            .withEmbeddingSize(8).withHiddenSize(16).withLayers(2).withDropout(0f);

    private static LanguageModel charModel() {
        Vocabulary vocabulary = Vocabulary.fromTokens(new CharTokenizer().split(TEXT),
                VocabularyOptions.of(Vocabulary.Unit.CHARACTER));
        return LanguageModel.create(vocabulary, SMALL, 3);
    }

    @Test
    void aSavedModelLoadsWithTheSameVocabularyArchitectureAndWeights(@TempDir Path dir) {
        LanguageModel model = charModel();
        Path file = dir.resolve("lm.safetensors");
        model.save(file, Provenance.now(3L, null, "test"));

        LanguageModel loaded = LanguageModel.load(file);
        assertThat(loaded.vocabulary()).isEqualTo(model.vocabulary());
        assertThat(loaded.spec()).isEqualTo(SMALL);
        List<Parameter> a = model.network().parameters();
        List<Parameter> b = loaded.network().parameters();
        for (int i = 0; i < a.size(); i++) {
            assertThat(b.get(i).value().toArray()).as(a.get(i).name()).containsExactly(a.get(i).value().toArray());
        }
        assertThat(loaded.describe()).isEqualTo("Lstm(input 8, hidden 16, layers 2), 15 characters");
    }

    @Test
    void generationIsReproducibleBySeedAndStreamsExactlyTheTextItReturns() {
        LanguageModel model = charModel();
        StringBuilder streamed = new StringBuilder();
        String text = model.generate("the ", 40, Sampler.withTemperature(1), new SplittableRandom(9), streamed::append);
        assertThat(text).hasSize(40).isEqualTo(streamed.toString());
        assertThat(model.generate("the ", 40, Sampler.withTemperature(1), new SplittableRandom(9), s -> { }))
                .isEqualTo(text);
        assertThat(model.generate("the ", 40, Sampler.withTemperature(1), new SplittableRandom(10), s -> { }))
                .isNotEqualTo(text);
        assertThat(text.codePoints()).allSatisfy(c -> assertThat(model.vocabulary().contains(Character.toString(c)))
                .isTrue());
    }

    @Test
    void aPrimeWithACharacterTheModelNeverSawIsAnErrorThatNamesIt() {
        assertThatThrownBy(() -> charModel().generate("the Zebra", 5, Sampler.greedy(), new SplittableRandom(1),
                s -> { })).isInstanceOf(UnknownTokenException.class).hasMessageContaining("'Z'");
    }

    @Test
    void anUntrainedModelScoresAboutTheLogOfItsVocabularySize() {
        LanguageModel model = charModel();
        double loss = model.evaluate(model.encode(TEXT), 2, 8).loss();
        assertThat(loss).isBetween(Math.log(15) - 0.3, Math.log(15) + 0.3);
    }

    @Test
    void aFileOfAnotherKindIsRefusedWithBothKindsNamed(@TempDir Path dir) {
        Path file = dir.resolve("layer.safetensors");
        ModelFile.save(file, RecurrentLayer.lstm(2, 3, new SplittableRandom(1)), Provenance.now(1L, null, "t"));
        assertThatThrownBy(() -> LanguageModel.load(file)).isInstanceOf(FileFormatException.class)
                .hasMessage(file + ": is a recurrent model, not a language model");
    }

    @Test
    void aModelFileWrittenBeforeTheSpecRecordLoadsAndScoresAsItDidThen() throws Exception {
        // Made by the jar before LanguageModelSpec: rnn4j train-lm --text tiny.txt --embedding 3 --hidden 4
        // --layers 1 --dropout 0 --batch 2 --bptt 10 --max-epochs 1 --seed 5; that jar's eval-lm and generate gave
        // the numbers below.
        LanguageModel model = LanguageModel.load(resource("language-model-before-spec.safetensors"));
        assertThat(model.spec()).isEqualTo(LanguageModelSpec.defaults().withEmbeddingSize(3).withHiddenSize(4)
                .withLayers(1).withDropout(0f));
        String text = Files.readString(resource("language-model-before-spec.txt"));
        Score score = model.evaluate(model.encode(text), 32, 100);
        assertThat(score.count()).isEqualTo(298);
        assertThat(score.loss()).isCloseTo(2.5863377799204934, within(1e-6));
        assertThat(model.generate("the ", 20, Sampler.withTemperature(1), new SplittableRandom(3), s -> { }))
                .isEqualTo(" db hotge\nbdn.i\nthtb");
    }

    private static Path resource(String name) throws Exception {
        return Path.of(LanguageModelTest.class.getResource(name).toURI());
    }

    @Test
    void aBadSpecIsNamedByItsComponent() {
        assertThatThrownBy(() -> LanguageModelSpec.defaults().withHiddenSize(0))
                .hasMessage("LanguageModelSpec.hiddenSize must be at least 1, got 0");
        assertThatThrownBy(() -> LanguageModelTraining.defaults().withValidationFraction(1))
                .hasMessage("LanguageModelTraining.validationFraction must be between 0 and 1, got 1.0");
    }
}
