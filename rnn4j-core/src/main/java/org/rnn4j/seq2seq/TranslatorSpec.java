package org.rnn4j.seq2seq;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import java.io.IOException;
import java.util.Locale;
import java.util.Objects;
import org.rnn4j.nn.attention.LuongAttention;
import org.rnn4j.nn.recurrent.CellType;

/**
 * What a translator is: the {@link Seq2SeqModel}'s architecture and the tokenizer that cuts its text. It is the
 * {@code spec} of a translator's model file, written and read by {@link org.rnn4j.io.SpecJson} (components in
 * snake_case: {@code hidden_size}, {@code luong_score}, …, the names the files have always had).
 *
 * <p>For training ({@link TranslatorTrainer}) the vocabulary sizes are the most entries each vocabulary may have;
 * the trained translator's spec holds the sizes actually built.
 *
 * @param cell                  lstm or gru, for the encoder and the decoder
 * @param sourceVocabularySize  V_s, the source embedding's rows (the 4 special entries included)
 * @param targetVocabularySize  V_t, the target embedding's rows and the output layer's width
 * @param embeddingSize         E, for source and target embeddings
 * @param hiddenSize            H: each encoder direction, the decoder, and Luong's attentional hidden state
 * @param encoderLayers         stacked encoder layers (the decoder has one)
 * @param encoderBidirectional  always true: the encoder reads both ways (a field of the file format)
 * @param attention             luong or bahdanau
 * @param luongScore            Luong's score, general or concat; ignored for Bahdanau
 * @param attentionSize         A, the hidden width of an additive score (Bahdanau, Luong concat)
 * @param inputFeeding          Luong's input feeding (Luong et al. 2015, §3.3)
 * @param tokenizer             always {@code word}: {@link org.rnn4j.text.WordTokenizer}
 * @param lowercase             whether the tokenizer lower-cases both sides (the output is then lower-case too)
 */
public record TranslatorSpec(CellType cell, int sourceVocabularySize, int targetVocabularySize, int embeddingSize,
                             int hiddenSize, int encoderLayers, boolean encoderBidirectional, AttentionType attention,
                             @JsonSerialize(using = ScoreId.Writer.class) @JsonDeserialize(using = ScoreId.Reader.class)
                             LuongAttention.Score luongScore,
                             int attentionSize, boolean inputFeeding, String tokenizer, boolean lowercase) {
    /** The one tokenizer a translator has. */
    public static final String WORD_TOKENIZER = "word";

    public TranslatorSpec {
        Seq2SeqConfig.check("TranslatorSpec", cell, sourceVocabularySize, targetVocabularySize, embeddingSize,
                hiddenSize, encoderLayers, attention, luongScore, attentionSize, inputFeeding);
        if (!encoderBidirectional) {
            throw new IllegalArgumentException("TranslatorSpec.encoderBidirectional must be true: a translator's"
                    + " encoder always reads both ways");
        }
        if (!WORD_TOKENIZER.equals(tokenizer)) {
            throw new IllegalArgumentException("TranslatorSpec.tokenizer must be '" + WORD_TOKENIZER + "', got "
                    + (tokenizer == null ? "none" : "'" + tokenizer + "'"));
        }
    }

    /**
     * LSTM, vocabularies of at most 6000 words each, E 128, H 128, one encoder layer, Luong general attention of
     * width 128 without input feeding, case kept. Chosen with the English→Spanish Bible holding out Mark and
     * Philippians: in 15 minutes on two cores H 128 made enough epochs for the attention to align, where H 256 and
     * 8000 words had made too few (held-out BLEU 0.06); judged on John and Romans (BLEU 16.8 with beam 5).
     */
    public static TranslatorSpec defaults() {
        return new TranslatorSpec(CellType.LSTM, 6000, 6000, 128, 128, 1, true, AttentionType.LUONG,
                LuongAttention.Score.GENERAL, 128, false, WORD_TOKENIZER, false);
    }

    /** The spec of a model of this architecture, with its tokenizer's case. */
    public static TranslatorSpec of(Seq2SeqConfig config, boolean lowercase) {
        return defaults().withCell(config.cell())
                .withVocabularySizes(config.sourceVocabularySize(), config.targetVocabularySize())
                .withEmbeddingSize(config.embeddingSize()).withHiddenSize(config.hiddenSize())
                .withEncoderLayers(config.encoderLayers()).withAttentionSize(config.attentionSize())
                .withAttention(config.attention(), config.luongScore(), config.inputFeeding())
                .withLowercase(lowercase);
    }

    /** The network's architecture. */
    public Seq2SeqConfig config() {
        return Seq2SeqConfig.defaults(sourceVocabularySize, targetVocabularySize).withCell(cell)
                .withSizes(embeddingSize, hiddenSize, attentionSize).withEncoderLayers(encoderLayers)
                .withAttention(attention, luongScore, inputFeeding);
    }

    /** Luong's score by its id, {@code general} or {@code concat} (as the model file writes it). */
    public static LuongAttention.Score luongScoreOf(String id) {
        return ScoreId.fromId(id);
    }

    public TranslatorSpec withCell(CellType value) {
        return new TranslatorSpec(value, sourceVocabularySize, targetVocabularySize, embeddingSize, hiddenSize,
                encoderLayers, encoderBidirectional, attention, luongScore, attentionSize, inputFeeding, tokenizer,
                lowercase);
    }

    public TranslatorSpec withVocabularySizes(int source, int target) {
        return new TranslatorSpec(cell, source, target, embeddingSize, hiddenSize, encoderLayers,
                encoderBidirectional, attention, luongScore, attentionSize, inputFeeding, tokenizer, lowercase);
    }

    public TranslatorSpec withEmbeddingSize(int value) {
        return new TranslatorSpec(cell, sourceVocabularySize, targetVocabularySize, value, hiddenSize, encoderLayers,
                encoderBidirectional, attention, luongScore, attentionSize, inputFeeding, tokenizer, lowercase);
    }

    public TranslatorSpec withHiddenSize(int value) {
        return new TranslatorSpec(cell, sourceVocabularySize, targetVocabularySize, embeddingSize, value,
                encoderLayers, encoderBidirectional, attention, luongScore, attentionSize, inputFeeding, tokenizer,
                lowercase);
    }

    public TranslatorSpec withEncoderLayers(int value) {
        return new TranslatorSpec(cell, sourceVocabularySize, targetVocabularySize, embeddingSize, hiddenSize, value,
                encoderBidirectional, attention, luongScore, attentionSize, inputFeeding, tokenizer, lowercase);
    }

    /** The attention, its Luong score and input feeding together, since which combinations are valid depends on all. */
    public TranslatorSpec withAttention(AttentionType type, LuongAttention.Score score, boolean feeding) {
        return new TranslatorSpec(cell, sourceVocabularySize, targetVocabularySize, embeddingSize, hiddenSize,
                encoderLayers, encoderBidirectional, type, score, attentionSize, feeding, tokenizer, lowercase);
    }

    public TranslatorSpec withAttentionSize(int value) {
        return new TranslatorSpec(cell, sourceVocabularySize, targetVocabularySize, embeddingSize, hiddenSize,
                encoderLayers, encoderBidirectional, attention, luongScore, value, inputFeeding, tokenizer, lowercase);
    }

    public TranslatorSpec withLowercase(boolean value) {
        return new TranslatorSpec(cell, sourceVocabularySize, targetVocabularySize, embeddingSize, hiddenSize,
                encoderLayers, encoderBidirectional, attention, luongScore, attentionSize, inputFeeding, tokenizer,
                value);
    }

    /** Luong's score as the files write it: {@code general}, {@code concat}, {@code dot}. */
    static final class ScoreId {
        private ScoreId() {
        }

        static String id(LuongAttention.Score score) {
            return score.name().toLowerCase(Locale.ROOT);
        }

        /** The score of an id, or an error naming the component and the choices. */
        static LuongAttention.Score fromId(String id) {
            for (LuongAttention.Score s : LuongAttention.Score.values()) {
                if (id(s).equals(id)) {
                    return s;
                }
            }
            throw new IllegalArgumentException("TranslatorSpec.luongScore must be general or concat, got '" + id + "'");
        }

        static final class Writer extends JsonSerializer<LuongAttention.Score> {
            @Override
            public void serialize(LuongAttention.Score value, JsonGenerator out, SerializerProvider provider)
                    throws IOException {
                out.writeString(id(Objects.requireNonNull(value)));
            }
        }

        static final class Reader extends JsonDeserializer<LuongAttention.Score> {
            @Override
            public LuongAttention.Score deserialize(JsonParser in, DeserializationContext context) throws IOException {
                return fromId(in.getValueAsString());
            }
        }
    }
}
