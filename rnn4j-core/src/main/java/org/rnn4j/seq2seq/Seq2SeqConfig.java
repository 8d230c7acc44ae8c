package org.rnn4j.seq2seq;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;
import org.rnn4j.io.FileFormatException;
import org.rnn4j.nn.attention.LuongAttention;
import org.rnn4j.nn.recurrent.CellType;

/**
 * The architecture of a {@link Seq2SeqModel}; every value is checked here and a bad one is named by its
 * command-line option.
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
        Objects.requireNonNull(cell, "cell");
        Objects.requireNonNull(attention, "attention");
        Objects.requireNonNull(luongScore, "luongScore");
        if (cell != CellType.LSTM && cell != CellType.GRU) {
            throw new IllegalArgumentException("--cell must be lstm or gru for a translator, got " + cell.id());
        }
        if (sourceVocabularySize < 1 || targetVocabularySize < 1) {
            throw new IllegalArgumentException("vocabulary sizes must be at least 1, got source " + sourceVocabularySize
                    + ", target " + targetVocabularySize);
        }
        if (embeddingSize < 1) {
            throw new IllegalArgumentException("--embedding must be at least 1, got " + embeddingSize);
        }
        if (hiddenSize < 1) {
            throw new IllegalArgumentException("--hidden must be at least 1, got " + hiddenSize);
        }
        if (encoderLayers < 1) {
            throw new IllegalArgumentException("--encoder-layers must be at least 1, got " + encoderLayers);
        }
        if (attentionSize < 1) {
            throw new IllegalArgumentException("--attention-size must be at least 1, got " + attentionSize);
        }
        if (attention == AttentionType.LUONG && luongScore == LuongAttention.Score.DOT) {
            throw new IllegalArgumentException("--score dot needs queries and keys of one size, but the decoder has "
                    + hiddenSize + " units and the bidirectional encoder's outputs " + 2 * hiddenSize
                    + "; use --score general or concat");
        }
        if (attention == AttentionType.BAHDANAU && inputFeeding) {
            throw new IllegalArgumentException("--input-feeding is Luong's; Bahdanau's decoder already reads the"
                    + " context at every step");
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

    /** Writes the fields into a model file's spec. */
    public void writeTo(ObjectNode spec) {
        spec.put("cell", cell.id());
        spec.put("source_vocabulary_size", sourceVocabularySize);
        spec.put("target_vocabulary_size", targetVocabularySize);
        spec.put("embedding_size", embeddingSize);
        spec.put("hidden_size", hiddenSize);
        spec.put("encoder_layers", encoderLayers);
        spec.put("encoder_bidirectional", true);
        spec.put("attention", attention.id());
        spec.put("luong_score", luongScore.name().toLowerCase(Locale.ROOT));
        spec.put("attention_size", attentionSize);
        spec.put("input_feeding", inputFeeding);
    }

    /** Reads what {@link #writeTo} wrote; a missing or bad field is an error naming the file and the field. */
    public static Seq2SeqConfig readFrom(Path file, JsonNode spec) {
        try {
            return new Seq2SeqConfig(CellType.fromId(text(file, spec, "cell")), integer(file, spec, "source_vocabulary_size"),
                    integer(file, spec, "target_vocabulary_size"), integer(file, spec, "embedding_size"),
                    integer(file, spec, "hidden_size"), integer(file, spec, "encoder_layers"),
                    AttentionType.fromId(text(file, spec, "attention")),
                    LuongAttention.Score.valueOf(text(file, spec, "luong_score").toUpperCase(Locale.ROOT)),
                    integer(file, spec, "attention_size"), bool(file, spec, "input_feeding"));
        } catch (IllegalArgumentException e) {
            throw new FileFormatException(file, "spec: " + e.getMessage(), e);
        }
    }

    private static JsonNode field(Path file, JsonNode spec, String name) {
        JsonNode n = spec.get(name);
        if (n == null) {
            throw new FileFormatException(file, "spec has no '" + name + "', which a translator needs");
        }
        return n;
    }

    private static String text(Path file, JsonNode spec, String name) {
        JsonNode n = field(file, spec, name);
        if (!n.isTextual()) {
            throw new FileFormatException(file, "spec field '" + name + "' must be text, got " + n);
        }
        return n.asText();
    }

    private static int integer(Path file, JsonNode spec, String name) {
        JsonNode n = field(file, spec, name);
        if (!n.isInt()) {
            throw new FileFormatException(file, "spec field '" + name + "' must be a whole number, got " + n);
        }
        return n.asInt();
    }

    private static boolean bool(Path file, JsonNode spec, String name) {
        JsonNode n = field(file, spec, name);
        if (!n.isBoolean()) {
            throw new FileFormatException(file, "spec field '" + name + "' must be true or false, got " + n);
        }
        return n.asBoolean();
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
