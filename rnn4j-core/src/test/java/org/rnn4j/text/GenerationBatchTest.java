package org.rnn4j.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.rnn4j.nn.recurrent.CellType;

class GenerationBatchTest {
    private static final String TEXT = "the cat sat on the mat.\nthe dog sat on the log.\n\"a cat,\" said the dog.\n";

    private static LanguageModel model(CellType cell, Vocabulary.Unit unit) {
        Tokenizer tokenizer = unit == Vocabulary.Unit.CHARACTER ? new CharTokenizer() : new WordTokenizer(false);
        Vocabulary vocabulary = Vocabulary.fromTokens(tokenizer.split(TEXT), VocabularyOptions.of(unit));
        LanguageModelSpec spec = LanguageModelSpec.defaults().withCell(cell).withEmbeddingSize(8).withHiddenSize(16)
                .withLayers(2).withDropout(0f);
        if (unit == Vocabulary.Unit.WORD) {
            spec = spec.withUnit(unit);
        }
        return LanguageModel.create(vocabulary, spec, 7);
    }

    private record Request(String prime, int length, long seed, int joinsAtStep) {
    }

    private static final List<Request> REQUESTS = List.of(new Request("the ", 30, 1, 0), new Request("", 12, 2, 0),
            new Request("a cat sat", 25, 3, 4), new Request("the dog", 0, 4, 5), new Request("cat", 40, 5, 9));

    @Test
    void streamsSteppedTogetherJoiningAtAnyStepGenerateWhatEachGeneratesAlone() {
        for (CellType cell : List.of(CellType.LSTM, CellType.GRU, CellType.RNN_TANH)) {
            for (Vocabulary.Unit unit : List.of(Vocabulary.Unit.CHARACTER, Vocabulary.Unit.WORD)) {
                LanguageModel model = model(cell, unit);
                GenerationBatch batch = new GenerationBatch(model);
                Sampler sampler = new Sampler(0.9, 5, 0.95);
                List<GenerationBatch.Stream> streams = new ArrayList<>();
                List<StringBuilder> streamed = new ArrayList<>();
                for (int step = 0; streams.size() < REQUESTS.size() || streams.stream().anyMatch(s -> !s.finished());
                     step++) {
                    for (Request r : REQUESTS) {
                        if (r.joinsAtStep() == step) {
                            streams.add(batch.start(r.prime(), r.length(), sampler, new SplittableRandom(r.seed())));
                            streamed.add(new StringBuilder());
                        }
                    }
                    List<GenerationBatch.Stream> active = streams.stream().filter(s -> !s.finished()).toList();
                    batch.step(active);
                    for (GenerationBatch.Stream s : active) {
                        if (s.piece() != null) {
                            streamed.get(streams.indexOf(s)).append(s.piece());
                        }
                    }
                }

                for (int i = 0; i < REQUESTS.size(); i++) {
                    Request r = REQUESTS.get(i);
                    String alone = model.generate(r.prime(), r.length(), sampler, new SplittableRandom(r.seed()),
                            piece -> { });
                    assertThat(streams.get(i).text()).as(cell + " " + unit + " request " + i).isEqualTo(alone);
                    assertThat(streamed.get(i).toString()).isEqualTo(alone);
                    assertThat(streams.get(i).tokens()).isEqualTo(r.length());
                }
            }
        }
    }

    @Test
    void aStreamOfLengthZeroIsFinishedAtOnceAndAFinishedStreamCannotBeStepped() {
        GenerationBatch batch = new GenerationBatch(model(CellType.LSTM, Vocabulary.Unit.CHARACTER));
        GenerationBatch.Stream none = batch.start("the", 0, Sampler.greedy(), new SplittableRandom(1));

        assertThat(none.finished()).isTrue();
        assertThat(none.text()).isEmpty();
        assertThatThrownBy(() -> batch.step(List.of(none))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("already finished");
        assertThatThrownBy(() -> batch.start("the", -1, Sampler.greedy(), new SplittableRandom(1)))
                .hasMessageContaining("length must be 0 or more");
    }
}
