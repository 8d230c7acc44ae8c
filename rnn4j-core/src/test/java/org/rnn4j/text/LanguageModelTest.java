package org.rnn4j.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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

class LanguageModelTest {
    private static final String TEXT = "the cat sat on the mat.\nthe dog sat on the log.\n";
    private static final LanguageModel.Options SMALL = new LanguageModel.Options(CellType.LSTM, 8, 16, 2, 0f);

    private static LanguageModel charModel() {
        CharTokenizer tokenizer = new CharTokenizer();
        Vocabulary vocabulary = Vocabulary.fromTokens(tokenizer.split(TEXT),
                VocabularyOptions.of(Vocabulary.Unit.CHARACTER));
        return LanguageModel.create(vocabulary, tokenizer, SMALL, 3);
    }

    @Test
    void aSavedModelLoadsWithTheSameVocabularyArchitectureAndWeights(@TempDir Path dir) {
        LanguageModel model = charModel();
        Path file = dir.resolve("lm.safetensors");
        model.save(file, Provenance.now(3L, null, "test"));

        LanguageModel loaded = LanguageModel.load(file);
        assertThat(loaded.vocabulary()).isEqualTo(model.vocabulary());
        assertThat(loaded.options()).isEqualTo(SMALL);
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
}
