package org.rnn4j.text;

import com.fasterxml.jackson.annotation.JsonProperty;
import org.rnn4j.nn.Pooling;
import org.rnn4j.nn.recurrent.CellType;
import org.rnn4j.nn.recurrent.RecurrentConfig;
import org.rnn4j.train.OptionChecks;

/**
 * What a {@link TextClassifier}'s file records besides its weights, vocabulary and labels: how text becomes tokens
 * and the network's architecture (Embedding E → (bi)recurrent stack of H per direction → pooling → dropout → Dense →
 * softmax). Written into the model file's spec by {@link org.rnn4j.io.SpecJson}, field names in snake_case as files
 * before this record had them.
 *
 * @param unit          character or word tokens
 * @param lowerCase     word models: the text is lower-cased before it is split
 * @param cell          lstm, gru or a simple RNN
 * @param embeddingSize E
 * @param hiddenSize    H per direction
 * @param layers        stacked recurrent layers ({@code num_layers} in the file, as PyTorch names it)
 * @param bidirectional read the text both ways (D = 2)
 * @param pooling       how the outputs over time become one vector
 * @param attentionSize A, the attention pooling's hidden width (ignored by the other poolings)
 * @param dropout       on the pooled vector and between stacked layers, in training
 * @param maxLength     tokens read of a text at most (head + tail kept, see {@link TextClassifier})
 * @param embeddingDropout on the embedded tokens, each value on its own, in training (0 in files written before it:
 *                      training only, so it changes no prediction)
 * @param ngrams        the n-grams of the {@link NgramClassifier} blended with the network, or null for the network
 *                      alone (as in files written before it)
 */
public record TextClassifierSpec(Vocabulary.Unit unit, boolean lowerCase, CellType cell, int embeddingSize,
                                 int hiddenSize, @JsonProperty("num_layers") int layers, boolean bidirectional,
                                 Pooling pooling, int attentionSize, float dropout, int maxLength,
                                 float embeddingDropout, HashedNgrams ngrams) {
    /** The default {@link #maxLength()}: 400 tokens cover about 85% of IMDB reviews whole. */
    public static final int DEFAULT_MAX_LENGTH = 400;

    public TextClassifierSpec {
        if (unit != Vocabulary.Unit.CHARACTER && unit != Vocabulary.Unit.WORD) {
            throw new IllegalArgumentException("TextClassifierSpec.unit must be character or word, got " + unit);
        }
        if (cell == null) {
            throw new IllegalArgumentException("TextClassifierSpec.cell is required");
        }
        if (pooling == null) {
            throw new IllegalArgumentException("TextClassifierSpec.pooling is required");
        }
        OptionChecks.atLeast("TextClassifierSpec.embeddingSize", embeddingSize, 1);
        OptionChecks.atLeast("TextClassifierSpec.hiddenSize", hiddenSize, 1);
        OptionChecks.atLeast("TextClassifierSpec.layers", layers, 1);
        if (pooling == Pooling.ATTENTION) {
            OptionChecks.atLeast("TextClassifierSpec.attentionSize", attentionSize, 1);
        }
        if (!(dropout >= 0 && dropout < 1)) {
            throw new IllegalArgumentException("TextClassifierSpec.dropout must be in [0, 1), got " + dropout);
        }
        OptionChecks.atLeast("TextClassifierSpec.maxLength", maxLength, 1);
        if (!(embeddingDropout >= 0 && embeddingDropout < 1)) {
            throw new IllegalArgumentException("TextClassifierSpec.embeddingDropout must be in [0, 1), got "
                    + embeddingDropout);
        }
    }

    /**
     * The default n-grams: tokens and pairs of tokens in 2²⁰ buckets. Chosen on 2,500 IMDB training reviews held out
     * (NB-LR trained on the other 22,500): accuracy 0.924 against 0.915 with trigrams too and 0.916 with 2¹⁸ buckets;
     * 2²¹ buckets gave 0.920 for a file twice the size (4 MB for two classes at 2²⁰).
     */
    public static final HashedNgrams DEFAULT_NGRAMS = new HashedNgrams(2, 1 << 20);

    /**
     * Lower-cased words, a bidirectional LSTM (E 128, H 128) with max pooling and dropout 0.3, reading 400 tokens,
     * blended with NB-LR on words and word pairs (what {@code train-classifier} uses).
     */
    public static TextClassifierSpec defaults() {
        return new TextClassifierSpec(Vocabulary.Unit.WORD, true, CellType.LSTM, 128, 128, 1, true, Pooling.MAX, 64,
                0.3f, DEFAULT_MAX_LENGTH, 0f, DEFAULT_NGRAMS);
    }

    public TextClassifierSpec withUnit(Vocabulary.Unit value) {
        return new TextClassifierSpec(value, lowerCase, cell, embeddingSize, hiddenSize, layers, bidirectional, pooling,
                attentionSize, dropout, maxLength, embeddingDropout, ngrams);
    }

    public TextClassifierSpec withLowerCase(boolean value) {
        return new TextClassifierSpec(unit, value, cell, embeddingSize, hiddenSize, layers, bidirectional, pooling,
                attentionSize, dropout, maxLength, embeddingDropout, ngrams);
    }

    public TextClassifierSpec withCell(CellType value) {
        return new TextClassifierSpec(unit, lowerCase, value, embeddingSize, hiddenSize, layers, bidirectional, pooling,
                attentionSize, dropout, maxLength, embeddingDropout, ngrams);
    }

    public TextClassifierSpec withEmbeddingSize(int value) {
        return new TextClassifierSpec(unit, lowerCase, cell, value, hiddenSize, layers, bidirectional, pooling,
                attentionSize, dropout, maxLength, embeddingDropout, ngrams);
    }

    public TextClassifierSpec withHiddenSize(int value) {
        return new TextClassifierSpec(unit, lowerCase, cell, embeddingSize, value, layers, bidirectional, pooling,
                attentionSize, dropout, maxLength, embeddingDropout, ngrams);
    }

    public TextClassifierSpec withLayers(int value) {
        return new TextClassifierSpec(unit, lowerCase, cell, embeddingSize, hiddenSize, value, bidirectional, pooling,
                attentionSize, dropout, maxLength, embeddingDropout, ngrams);
    }

    public TextClassifierSpec withBidirectional(boolean value) {
        return new TextClassifierSpec(unit, lowerCase, cell, embeddingSize, hiddenSize, layers, value, pooling,
                attentionSize, dropout, maxLength, embeddingDropout, ngrams);
    }

    public TextClassifierSpec withPooling(Pooling value) {
        return new TextClassifierSpec(unit, lowerCase, cell, embeddingSize, hiddenSize, layers, bidirectional, value,
                attentionSize, dropout, maxLength, embeddingDropout, ngrams);
    }

    public TextClassifierSpec withAttentionSize(int value) {
        return new TextClassifierSpec(unit, lowerCase, cell, embeddingSize, hiddenSize, layers, bidirectional, pooling,
                value, dropout, maxLength, embeddingDropout, ngrams);
    }

    public TextClassifierSpec withDropout(float value) {
        return new TextClassifierSpec(unit, lowerCase, cell, embeddingSize, hiddenSize, layers, bidirectional, pooling,
                attentionSize, value, maxLength, embeddingDropout, ngrams);
    }

    public TextClassifierSpec withMaxLength(int value) {
        return new TextClassifierSpec(unit, lowerCase, cell, embeddingSize, hiddenSize, layers, bidirectional, pooling,
                attentionSize, dropout, value, embeddingDropout, ngrams);
    }

    public TextClassifierSpec withEmbeddingDropout(float value) {
        return new TextClassifierSpec(unit, lowerCase, cell, embeddingSize, hiddenSize, layers, bidirectional, pooling,
                attentionSize, dropout, maxLength, value, ngrams);
    }

    /** The n-grams of the blended {@link NgramClassifier}; null: the network alone. */
    public TextClassifierSpec withNgrams(HashedNgrams value) {
        return new TextClassifierSpec(unit, lowerCase, cell, embeddingSize, hiddenSize, layers, bidirectional, pooling,
                attentionSize, dropout, maxLength, embeddingDropout, value);
    }

    /** The tokenizer this spec reads text with. */
    public Tokenizer tokenizer() {
        return unit == Vocabulary.Unit.WORD ? new WordTokenizer(lowerCase) : new CharTokenizer();
    }

    /** The recurrent stack: E in, H per direction, dropout between stacked layers. */
    public RecurrentConfig recurrentConfig() {
        return RecurrentConfig.of(cell, embeddingSize, hiddenSize).withLayers(layers)
                .withBidirectional(bidirectional).withDropout(layers > 1 ? dropout : 0f);
    }
}
