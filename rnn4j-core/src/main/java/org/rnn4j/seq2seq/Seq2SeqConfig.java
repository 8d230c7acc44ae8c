package org.rnn4j.seq2seq;

import java.util.Objects;
import org.rnn4j.nn.attention.LuongAttention;
import org.rnn4j.nn.recurrent.CellType;

/**
 * The architecture of a {@link Seq2SeqModel}; every value is checked here. A model file holds it as part of a
 * {@link TranslatorSpec}.
 *
 * @param cell                 lstm or gru, for the encoder and the decoder
 * @param sourceVocabularySize V_s, the source embedding's rows
 * @param targetVocabularySize V_t, the target embedding's rows and the output layer's width
 * @param embeddingSize        E, for source and target embeddings
 * @param hiddenSize           H: each encoder direction, the decoder, and Luong's attentional hidden state
 * @param encoderLayers        stacked bidirectional encoder layers (the decoder has one)
 * @param attention            luong or bahdanau
 * @param luongScore           Luong's score, general or concat (dot needs the decoder's size to equal the encoder's
 *                             output 2H, which this model never has); ignored for Bahdanau
 * @param attentionSize        A, the hidden width of an additive score (Bahdanau, Luong concat)
 * @param inputFeeding         Luong's input feeding: the previous attentional state h̃_{t−1} joins the decoder's
 *                             input (Luong et al. 2015, §3.3); not with Bahdanau, whose input already has the context
 */
public record Seq2SeqConfig(CellType cell, int sourceVocabularySize, int targetVocabularySize, int embeddingSize,
                            int hiddenSize, int encoderLayers, AttentionType attention,
                            LuongAttention.Score luongScore, int attentionSize, boolean inputFeeding) {

    public Seq2SeqConfig {
        check("Seq2SeqConfig", cell, sourceVocabularySize, targetVocabularySize, embeddingSize, hiddenSize,
                encoderLayers, attention, luongScore, attentionSize, inputFeeding);
    }

    /**
     * The checks of an architecture, shared with {@link TranslatorSpec}; an error names the component as
     * {@code record.component}.
     */
    static void check(String record, CellType cell, int sourceVocabularySize, int targetVocabularySize,
                      int embeddingSize, int hiddenSize, int encoderLayers, AttentionType attention,
                      LuongAttention.Score luongScore, int attentionSize, boolean inputFeeding) {
        Objects.requireNonNull(cell, record + ".cell");
        Objects.requireNonNull(attention, record + ".attention");
        Objects.requireNonNull(luongScore, record + ".luongScore");
        if (cell != CellType.LSTM && cell != CellType.GRU) {
            throw new IllegalArgumentException(record + ".cell must be lstm or gru for a translator, got " + cell.id());
        }
        if (sourceVocabularySize < 1 || targetVocabularySize < 1) {
            throw new IllegalArgumentException(record + ".sourceVocabularySize and " + record
                    + ".targetVocabularySize must be at least 1, got " + sourceVocabularySize + " and "
                    + targetVocabularySize);
        }
        if (embeddingSize < 1) {
            throw new IllegalArgumentException(record + ".embeddingSize must be at least 1, got " + embeddingSize);
        }
        if (hiddenSize < 1) {
            throw new IllegalArgumentException(record + ".hiddenSize must be at least 1, got " + hiddenSize);
        }
        if (encoderLayers < 1) {
            throw new IllegalArgumentException(record + ".encoderLayers must be at least 1, got " + encoderLayers);
        }
        if (attentionSize < 1) {
            throw new IllegalArgumentException(record + ".attentionSize must be at least 1, got " + attentionSize);
        }
        if (attention == AttentionType.LUONG && luongScore == LuongAttention.Score.DOT) {
            throw new IllegalArgumentException(record + ".luongScore dot needs queries and keys of one size, but the"
                    + " decoder has " + hiddenSize + " units and the bidirectional encoder's outputs " + 2 * hiddenSize
                    + "; use general or concat");
        }
        if (attention == AttentionType.BAHDANAU && inputFeeding) {
            throw new IllegalArgumentException(record + ".inputFeeding is Luong's; Bahdanau's decoder already reads"
                    + " the context at every step");
        }
    }

    /** LSTM, E 128, H 256, one encoder layer, Luong general attention without input feeding. */
    public static Seq2SeqConfig defaults(int sourceVocabularySize, int targetVocabularySize) {
        return new Seq2SeqConfig(CellType.LSTM, sourceVocabularySize, targetVocabularySize, 128, 256, 1,
                AttentionType.LUONG, LuongAttention.Score.GENERAL, 256, false);
    }

    /** 2H, the size of an encoder output (both directions): the attention's keys and values. */
    public int encoderOutputSize() {
        return 2 * hiddenSize;
    }

    /** F, the decoder cell's input: E, plus the context (Bahdanau, 2H) or the previous h̃ (input feeding, H). */
    public int decoderInputSize() {
        return embeddingSize + (attention == AttentionType.BAHDANAU ? encoderOutputSize() : inputFeeding ? hiddenSize : 0);
    }

    /** Whether the decoder must run one step at a time in training too (its input depends on the step before). */
    public boolean stepwiseDecoder() {
        return attention == AttentionType.BAHDANAU || inputFeeding;
    }

    public Seq2SeqConfig withCell(CellType value) {
        return new Seq2SeqConfig(value, sourceVocabularySize, targetVocabularySize, embeddingSize, hiddenSize,
                encoderLayers, attention, luongScore, attentionSize, inputFeeding);
    }

    public Seq2SeqConfig withSizes(int embedding, int hidden, int attentionWidth) {
        return new Seq2SeqConfig(cell, sourceVocabularySize, targetVocabularySize, embedding, hidden, encoderLayers,
                attention, luongScore, attentionWidth, inputFeeding);
    }

    public Seq2SeqConfig withEncoderLayers(int value) {
        return new Seq2SeqConfig(cell, sourceVocabularySize, targetVocabularySize, embeddingSize, hiddenSize, value,
                attention, luongScore, attentionSize, inputFeeding);
    }

    public Seq2SeqConfig withAttention(AttentionType type, LuongAttention.Score score, boolean feeding) {
        return new Seq2SeqConfig(cell, sourceVocabularySize, targetVocabularySize, embeddingSize, hiddenSize,
                encoderLayers, type, score, attentionSize, feeding);
    }
}
