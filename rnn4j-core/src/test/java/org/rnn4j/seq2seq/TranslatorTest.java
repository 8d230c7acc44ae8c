package org.rnn4j.seq2seq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnn4j.io.ApplicationModelFile;
import org.rnn4j.io.Provenance;
import org.rnn4j.nn.Parameter;
import org.rnn4j.nn.attention.AttentionMemory;
import org.rnn4j.nn.attention.LuongAttention;
import org.rnn4j.nn.recurrent.CellType;
import org.rnn4j.optim.Adam;
import org.rnn4j.optim.AdamOptions;
import org.rnn4j.text.Vocabulary;

/** Search (greedy, beam against exhaustive search), unknown-word replacement, the model file, and learning. */
class TranslatorTest {
    private static final TranslationBatch.Ids IDS = Seq2SeqModelTest.IDS;
    private static final int[] FORBIDDEN = {0, 2};

    @Test
    void greedySearchTakesTheMostLikelyTokenAtEveryStep() {
        Seq2SeqModel model = Seq2SeqModelTest.model(Seq2SeqModelTest.tiny(CellType.GRU, AttentionType.BAHDANAU,
                LuongAttention.Score.GENERAL, false, 1), 21);
        int[] source = {4, 5, 6};
        DecodeOptions options = DecodeOptions.greedy().withMaxLength(2.0, 6);
        BeamSearch.Hypothesis found = BeamSearch.search(model, List.of(source), IDS, FORBIDDEN, options).get(0);

        Seq2SeqModel.Encoded encoded = model.encode(source, 1, 3, org.rnn4j.tensor.SequenceMask.fromLengths(
                new int[] {3}, 3));
        AttentionMemory memory = model.memory(encoded);
        Seq2SeqModel.DecoderState state = model.initialState(encoded);
        List<Integer> tokens = new ArrayList<>();
        double logP = 0;
        int previous = IDS.start();
        for (int t = 0; t < 6; t++) {
            Seq2SeqModel.StepResult step = model.step(memory, state, new int[] {previous});
            float[] logits = step.logits().toArray();
            boolean[] banned = banned(logits.length);
            banned[IDS.end()] = t == 0;
            int best = BeamSearch.topK(logits, 0, logits.length, 1, banned)[0];
            logP += logits[best] - logSumExp(logits, t == 0);
            if (best == IDS.end()) {
                break;
            }
            tokens.add(best);
            previous = best;
            state = step.state();
        }
        assertThat(found.tokens()).containsExactly(tokens.stream().mapToInt(Integer::intValue).toArray());
        assertThat(found.logProbability()).isCloseTo(logP, Offset.offset(1e-5));
    }

    @Test
    void aWideBeamFindsWhatExhaustiveSearchFinds() {
        for (double alpha : new double[] {0, 0.6, 2}) {
            for (long seed = 30; seed < 34; seed++) {
                Seq2SeqModel model = Seq2SeqModelTest.model(Seq2SeqModelTest.tiny(CellType.LSTM, AttentionType.LUONG,
                        LuongAttention.Score.GENERAL, true, 1), seed);
                // Sharper distributions than at initialisation, so that the sequences differ clearly in score.
                for (Parameter p : model.parameters()) {
                    if (p.name().startsWith("decoder.output")) {
                        for (int i = 0; i < p.size(); i++) {
                            p.value().set(i, p.value().get(i) * 4);
                        }
                    }
                }
                int[] source = {4, 6};
                DecodeOptions options = new DecodeOptions(64, alpha, 1.0, 3, true);
                BeamSearch.Hypothesis beam = BeamSearch.search(model, List.of(source), IDS, FORBIDDEN, options).get(0);
                double[] best = exhaustive(model, source, options);
                assertThat(beam.score()).as("alpha %s seed %d", alpha, seed).isCloseTo(best[0], Offset.offset(1e-5));
                // and a narrow beam never beats it
                BeamSearch.Hypothesis narrow = BeamSearch.search(model, List.of(source), IDS, FORBIDDEN,
                        options.withBeamSize(2)).get(0);
                assertThat(narrow.score()).isLessThanOrEqualTo(best[0] + 1e-6); // float32 scores: paths of B rows and of one row round differently
            }
        }
    }

    /** The best length-normalised score over every output of at most 3 tokens (end mark included), by brute force. */
    private static double[] exhaustive(Seq2SeqModel model, int[] source, DecodeOptions options) {
        Seq2SeqModel.Encoded encoded = model.encode(source, 1, source.length,
                org.rnn4j.tensor.SequenceMask.fromLengths(new int[] {source.length}, source.length));
        AttentionMemory memory = model.memory(encoded);
        double[] best = {Double.NEGATIVE_INFINITY};
        explore(model, memory, model.initialState(encoded), IDS.start(), 0, 0, options, best);
        return best;
    }

    private static void explore(Seq2SeqModel model, AttentionMemory memory, Seq2SeqModel.DecoderState state,
                                int previous, int length, double logP, DecodeOptions options, double[] best) {
        Seq2SeqModel.StepResult step = model.step(memory, state, new int[] {previous});
        float[] logits = step.logits().toArray();
        boolean first = length == 0; // no empty translation: the end mark is not a first token
        double lse = logSumExp(logits, first);
        int limit = options.maxOutputLength(2);
        for (int token = 0; token < logits.length; token++) {
            if (token == 0 || token == 2 || first && token == IDS.end()) {
                continue;
            }
            double score = logP + logits[token] - lse;
            if (token == IDS.end() || length + 1 == limit) {
                best[0] = Math.max(best[0], score / options.lengthPenalty(length + 1));
            } else {
                explore(model, memory, step.state(), token, length + 1, score, options, best);
            }
        }
    }

    /** log Σ exp over the tokens search may produce: not padding or start, and not the end mark first. */
    private static double logSumExp(float[] logits, boolean first) {
        double max = Double.NEGATIVE_INFINITY;
        for (int v = 0; v < logits.length; v++) {
            if (v != 0 && v != 2 && !(first && v == IDS.end())) {
                max = Math.max(max, logits[v]);
            }
        }
        double sum = 0;
        for (int v = 0; v < logits.length; v++) {
            if (v != 0 && v != 2 && !(first && v == IDS.end())) {
                sum += Math.exp(logits[v] - max);
            }
        }
        return max + Math.log(sum);
    }

    private static boolean[] banned(int size) {
        boolean[] banned = new boolean[size];
        banned[0] = true;
        banned[2] = true;
        return banned;
    }

    @Test
    void topKReturnsTheLargestFirstAndSkipsBannedIds() {
        float[] logits = {9, 1, 8, 3, 7, 3.5f};
        boolean[] banned = new boolean[6];
        banned[0] = true;
        assertThat(BeamSearch.topK(logits, 0, 6, 3, banned)).containsExactly(2, 4, 5);
        assertThat(BeamSearch.topK(logits, 0, 6, 9, banned)).containsExactly(2, 4, 5, 3, 1);
    }

    /** A translator of a few words each way, with an untrained model. */
    private static Translator smallTranslator(long seed) {
        List<String> english = List.of("the king said", "the Lord spoke to Moses", "and he said");
        List<String> spanish = List.of("el rey dijo", "y habló Jehová a Moisés", "y él dijo");
        Vocabulary source = Translator.buildVocabulary(english, false, 0, 1);
        Vocabulary target = Translator.buildVocabulary(spanish, false, 0, 1);
        Seq2SeqConfig config = new Seq2SeqConfig(CellType.LSTM, source.size(), target.size(), 4, 6, 1,
                AttentionType.LUONG, LuongAttention.Score.GENERAL, 6, false);
        return new Translator(new Seq2SeqModel(config, new SplittableRandom(seed)), source, target, false);
    }

    @Test
    void unknownOutputWordsAreReplacedByTheSourceWordAttendedToMost() {
        Translator translator = smallTranslator(3);
        int unknown = translator.targetVocabulary().id(org.rnn4j.text.SpecialToken.UNKNOWN);
        Parameter bias = translator.model().parameters().stream().filter(p -> p.name().equals("decoder.output.bias"))
                .findFirst().orElseThrow();
        bias.value().set(unknown, 100f); // the model says <unk> at every step
        DecodeOptions options = DecodeOptions.greedy().withMaxLength(1.0, 3);
        String sentence = "Pharaoh said to Zipporah";
        Translator.Translation replaced = translator.translate(sentence, options);
        assertThat(replaced.tokens()).hasSize(3).isSubsetOf(List.of("Pharaoh", "said", "to", "Zipporah"));
        assertThat(replaced.unknownsReplaced()).isEqualTo(3);
        Translator.Translation kept = translator.translate(sentence, options.withReplaceUnknown(false));
        assertThat(kept.text()).isEqualTo("<unk> <unk> <unk>");
    }

    @Test
    void translationsComeBackInTheOrderGivenWhateverTheBatching() {
        Translator translator = smallTranslator(4);
        List<String> sentences = List.of("the king said to Moses and the Lord", "and", "the Lord spoke", "", "he said");
        DecodeOptions options = DecodeOptions.defaults().withBeamSize(3);
        List<Translator.Translation> together = translator.translate(sentences, options);
        for (int i = 0; i < sentences.size(); i++) {
            Translator.Translation alone = translator.translate(sentences.get(i), options);
            assertThat(together.get(i).tokens()).as("sentence %d", i).isEqualTo(alone.tokens());
            assertThat(together.get(i).score()).isCloseTo(alone.score(), Offset.offset(1e-4));
        }
        assertThat(together.get(3).text()).isEmpty();
    }

    @Test
    void theModelFileRoundTripsTheTranslatorAndItsTrainingData(@TempDir Path dir) {
        Translator translator = smallTranslator(5);
        Path file = dir.resolve("t.safetensors");
        Translator.TrainingData data = new Translator.TrainingData("en", "es", "ref", List.of("Mark", "Jude"));
        translator.save(file, data, Provenance.now(5L, null, "test"));
        Translator.Loaded loaded = Translator.load(file);
        assertThat(loaded.trainingData()).isEqualTo(data);
        assertThat(loaded.translator().sourceVocabulary()).isEqualTo(translator.sourceVocabulary());
        assertThat(loaded.translator().model().config()).isEqualTo(translator.model().config());
        DecodeOptions options = DecodeOptions.defaults();
        assertThat(loaded.translator().translate("the king spoke", options))
                .isEqualTo(translator.translate("the king spoke", options));
    }

    @Test
    void theLengthPenaltyChosenInTrainingIsTheSearchTheFileGivesByDefault(@TempDir Path dir) {
        Translator translator = smallTranslator(6);
        assertThat(translator.decodeOptions()).isEqualTo(DecodeOptions.defaults());
        translator.useLengthPenalty(1.5);
        assertThat(translator.decodeOptions()).isEqualTo(DecodeOptions.defaults().withLengthPenalty(1.5));
        Path file = dir.resolve("t.safetensors");
        translator.save(file, null, Provenance.now(6L, null, "test"));
        assertThat(Translator.load(file).translator().decodeOptions().lengthPenalty()).isEqualTo(1.5);
        assertThatThrownBy(() -> translator.useLengthPenalty(-1)).hasMessageContaining("lengthPenalty");
    }

    @Test
    void aFileWithABadLengthPenaltyIsRefusedNamingIt(@TempDir Path dir) {
        Translator translator = smallTranslator(6);
        Path file = dir.resolve("t.safetensors");
        translator.save(file, null, Provenance.now(6L, null, "test"));
        ApplicationModelFile.Header header = ApplicationModelFile.open(file, Translator.TYPE);
        Map<String, String> entries = new java.util.LinkedHashMap<>();
        for (String key : List.of("source_vocabulary", "target_vocabulary", "training_data")) {
            entries.put(key, header.entry(key));
        }
        entries.put("decoding", "{\"length_penalty\": -2}");
        Path bad = dir.resolve("bad.safetensors");
        ApplicationModelFile.save(bad, (com.fasterxml.jackson.databind.node.ObjectNode) header.spec(), entries,
                translator.model().parameters(), Provenance.now(6L, null, "test"));
        assertThatThrownBy(() -> Translator.load(bad)).isInstanceOf(org.rnn4j.io.FileFormatException.class)
                .hasMessageContaining("bad.safetensors").hasMessageContaining("length_penalty must be a number of 0"
                        + " or more, got -2");
    }

    @Test
    void theLengthPenaltyChoiceKeepsTheCandidateWithTheBestValidationBleu() {
        Translator translator = smallTranslator(7);
        List<TranslationPairs.Pair> pairs = List.of(new TranslationPairs.Pair(2, "Book", "the king said", "el rey dijo"),
                new TranslationPairs.Pair(3, "Book", "and he said", "y él dijo"));
        java.util.List<Integer> progress = new ArrayList<>();
        LengthPenaltyChoice choice = LengthPenaltyChoice.choose(translator, pairs, DecodeOptions.defaults(),
                List.of(0.0, 0.6, 2.0), progress::add);
        assertThat(choice.candidates()).extracting(LengthPenaltyChoice.Candidate::lengthPenalty)
                .containsExactly(0.0, 0.6, 2.0);
        double best = choice.candidates().stream().mapToDouble(c -> c.bleu().score()).max().orElseThrow();
        assertThat(choice.chosenBleu().score()).isEqualTo(best);
        assertThat(choice.candidates().stream().filter(c -> c.bleu().score() == best).findFirst().orElseThrow()
                .lengthPenalty()).as("the first of equals").isEqualTo(choice.chosen());
        assertThat(progress.get(progress.size() - 1)).as("counted over all candidates").isEqualTo(6);
        assertThatThrownBy(() -> LengthPenaltyChoice.choose(translator, List.of(), DecodeOptions.defaults(),
                List.of(1.0), done -> { })).hasMessageContaining("needs pairs and candidates");
    }

    @Test
    void anotherKindOfModelFileIsRefusedByName(@TempDir Path dir) {
        Path file = dir.resolve("lm.safetensors");
        ApplicationModelFile.save(file, ApplicationModelFile.newSpec("language_model"), Map.of(), List.of(),
                Provenance.now(1L, null, null));
        assertThatThrownBy(() -> Translator.load(file)).hasMessageContaining(file.toString())
                .hasMessageContaining("not a translator model");
    }

    @Test
    void theModelLearnsASmallSetOfPairsAndTranslatesThemBack() {
        List<String> english = List.of("the king said", "the Lord spoke to Moses", "and he said", "the king spoke",
                "Moses said to the king");
        List<String> spanish = List.of("el rey dijo", "y habló Jehová a Moisés", "y él dijo", "el rey habló",
                "Moisés dijo al rey");
        Vocabulary source = Translator.buildVocabulary(english, false, 0, 1);
        Vocabulary target = Translator.buildVocabulary(spanish, false, 0, 1);
        Seq2SeqConfig config = new Seq2SeqConfig(CellType.LSTM, source.size(), target.size(), 16, 24, 1,
                AttentionType.LUONG, LuongAttention.Score.GENERAL, 24, false);
        Translator translator = new Translator(new Seq2SeqModel(config, new SplittableRandom(7)), source, target,
                false);
        List<TranslationPairs.Pair> pairs = new ArrayList<>();
        for (int i = 0; i < english.size(); i++) {
            pairs.add(new TranslationPairs.Pair(i + 2, "Book", english.get(i), spanish.get(i)));
        }
        TranslationBatch batch = translator.batch(pairs);
        TranslationObjective objective = new TranslationObjective(translator.model());
        Adam adam = new Adam(AdamOptions.defaults().withLearningRate(0.02));
        double first = Double.NaN;
        double last = Double.NaN;
        for (int step = 0; step < 150; step++) {
            objective.parameters().forEach(Parameter::zeroGrad);
            last = objective.train(batch, null);
            first = step == 0 ? last : first;
            adam.step(objective.parameters());
        }
        assertThat(last).isLessThan(first / 20);
        List<Translator.Translation> out = translator.translate(english, DecodeOptions.defaults());
        assertThat(out).extracting(Translator.Translation::text).containsExactlyElementsOf(spanish);
        assertThat(objective.evaluate(batch).accuracy()).isEqualTo(1.0);
    }
}
