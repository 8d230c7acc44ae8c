package org.rnn4j.text;

import com.fasterxml.jackson.annotation.JsonProperty;
import org.rnn4j.nn.recurrent.CellType;
import org.rnn4j.train.OptionChecks;

/**
 * What a {@link LanguageModel}'s file records besides its weights and vocabulary: how text becomes tokens and the
 * network's architecture (Embedding E → recurrent stack of H → Dense to the vocabulary). Written into the model
 * file's spec by {@link org.rnn4j.io.SpecJson}, field names in snake_case as files before this record had them.
 *
 * @param unit          character or word tokens
 * @param lowerCase     word models: the text is lower-cased before it is split
 * @param cell          lstm, gru or a simple RNN
 * @param embeddingSize E
 * @param hiddenSize    H
 * @param layers        stacked recurrent layers ({@code num_layers} in the file, as PyTorch names it)
 * @param dropout       between stacked layers, in training
 */
public record LanguageModelSpec(Vocabulary.Unit unit, boolean lowerCase, CellType cell, int embeddingSize,
                                int hiddenSize, @JsonProperty("num_layers") int layers, float dropout) {
    public LanguageModelSpec {
        if (unit != Vocabulary.Unit.CHARACTER && unit != Vocabulary.Unit.WORD) {
            throw new IllegalArgumentException("LanguageModelSpec.unit must be character or word, got " + unit);
        }
        if (cell == null) {
            throw new IllegalArgumentException("LanguageModelSpec.cell is required");
        }
        OptionChecks.atLeast("LanguageModelSpec.embeddingSize", embeddingSize, 1);
        OptionChecks.atLeast("LanguageModelSpec.hiddenSize", hiddenSize, 1);
        OptionChecks.atLeast("LanguageModelSpec.layers", layers, 1);
        if (!(dropout >= 0 && dropout < 1)) {
            throw new IllegalArgumentException("LanguageModelSpec.dropout must be in [0, 1), got " + dropout);
        }
    }

    /** A character model: two LSTM layers of 256 over embeddings of 64, dropout 0.1 (what {@code train-lm} uses). */
    public static LanguageModelSpec defaults() {
        return new LanguageModelSpec(Vocabulary.Unit.CHARACTER, false, CellType.LSTM, 64, 256, 2, 0.1f);
    }

    public LanguageModelSpec withUnit(Vocabulary.Unit value) {
        return new LanguageModelSpec(value, lowerCase, cell, embeddingSize, hiddenSize, layers, dropout);
    }

    public LanguageModelSpec withLowerCase(boolean value) {
        return new LanguageModelSpec(unit, value, cell, embeddingSize, hiddenSize, layers, dropout);
    }

    public LanguageModelSpec withCell(CellType value) {
        return new LanguageModelSpec(unit, lowerCase, value, embeddingSize, hiddenSize, layers, dropout);
    }

    public LanguageModelSpec withEmbeddingSize(int value) {
        return new LanguageModelSpec(unit, lowerCase, cell, value, hiddenSize, layers, dropout);
    }

    public LanguageModelSpec withHiddenSize(int value) {
        return new LanguageModelSpec(unit, lowerCase, cell, embeddingSize, value, layers, dropout);
    }

    public LanguageModelSpec withLayers(int value) {
        return new LanguageModelSpec(unit, lowerCase, cell, embeddingSize, hiddenSize, value, dropout);
    }

    public LanguageModelSpec withDropout(float value) {
        return new LanguageModelSpec(unit, lowerCase, cell, embeddingSize, hiddenSize, layers, value);
    }

    /** The tokenizer this spec reads text with. */
    public Tokenizer tokenizer() {
        return unit == Vocabulary.Unit.WORD ? new WordTokenizer(lowerCase) : new CharTokenizer();
    }
}
