package org.rnn4j.seq2seq;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.rnn4j.io.SpecJson;
import org.rnn4j.nn.attention.LuongAttention;
import org.rnn4j.nn.recurrent.CellType;

/** A translator file written by rnn4j 0.1.0 (hand-written spec JSON) loads and translates exactly as it did then. */
class TranslatorFileCompatibilityTest {
    private static final List<String> SENTENCES = List.of("In the beginning God created the heaven and the earth.",
            "And God said, Let there be light.");

    private static Path oldFile() throws URISyntaxException {
        return Path.of(TranslatorFileCompatibilityTest.class.getResource("/seq2seq/translator-0.1.0.safetensors")
                .toURI());
    }

    @Test
    void theOldSpecReadsAsATranslatorSpec() throws URISyntaxException {
        Translator.Loaded loaded = Translator.load(oldFile());
        assertThat(loaded.translator().spec()).isEqualTo(TranslatorSpec.defaults().withCell(CellType.LSTM)
                .withVocabularySizes(40, 40).withEmbeddingSize(4).withHiddenSize(4).withAttentionSize(4)
                .withAttention(AttentionType.LUONG, LuongAttention.Score.GENERAL, false));
        assertThat(loaded.trainingData()).isEqualTo(new Translator.TrainingData("en_kjv", "es_rv1909", null, List.of()));
        assertThat(loaded.provenance()).containsEntry("seed", "1").containsEntry("data_sha256",
                "98b3bed46da62a4d2082be3c636cfaf18af648e50467e20cae4ced802c248c64");
    }

    /**
     * The text must be the old jar's to the letter; the log probabilities are float sums over ~30 softmaxes, which a
     * change of the softmax kernel (float exp, one normalising pass) moves in the 8th digit.
     */
    private static final Offset<Double> SCORE_TOLERANCE = Offset.offset(1e-5);

    @Test
    void translatesAsTheOldJarDid() throws URISyntaxException {
        Translator translator = Translator.load(oldFile()).translator();
        String longer = String.join(" ", Collections.nCopies(32, "su"));
        String shorter = String.join(" ", Collections.nCopies(28, "su"));
        for (DecodeOptions options : List.of(DecodeOptions.greedy(), DecodeOptions.defaults().withBeamSize(3))) {
            List<Translator.Translation> out = translator.translate(SENTENCES, options);
            assertThat(out.get(0).text()).isEqualTo(longer);
            assertThat(out.get(0).logProbability()).isCloseTo(-101.63174489168884, SCORE_TOLERANCE);
            assertThat(out.get(0).score()).isCloseTo(-34.11922027786639, SCORE_TOLERANCE);
            assertThat(out.get(1).text()).isEqualTo(shorter);
            assertThat(out.get(1).logProbability()).isCloseTo(-88.71588543843288, SCORE_TOLERANCE);
            assertThat(out.get(1).score()).isCloseTo(-31.899492790810765, SCORE_TOLERANCE);
        }
    }

    @Test
    void theSpecWrittenNowHasTheOldFieldNames() {
        assertThat(SpecJson.write(Translator.TYPE, TranslatorSpec.defaults()).toString()).isEqualTo("{\"type\":"
                + "\"translator\",\"cell\":\"lstm\",\"source_vocabulary_size\":6000,\"target_vocabulary_size\":6000,"
                + "\"embedding_size\":128,\"hidden_size\":128,\"encoder_layers\":1,\"encoder_bidirectional\":true,"
                + "\"attention\":\"luong\",\"luong_score\":\"general\",\"attention_size\":128,\"input_feeding\":false,"
                + "\"tokenizer\":\"word\",\"lowercase\":false}");
    }
}
