package org.rnn4j.text;

/**
 * The reserved entries a {@link Vocabulary} can hold besides the tokens of the text, each with a fixed spelling.
 *
 * <p>When a vocabulary has several, they take the first ids in this order (declaration order), so that padding,
 * when requested, is always id 0: the id an {@code Embedding} and a sequence mask conventionally treat as "no
 * token".
 */
public enum SpecialToken {
    /** Fills the steps after a shorter sequence's end in a batch; {@code <pad>}. */
    PADDING("<pad>"),
    /** Stands for every token the vocabulary lacks; {@code <unk>}. */
    UNKNOWN("<unk>"),
    /** Marks the start of a sequence, e.g. the first input of a decoder; {@code <s>}. */
    START("<s>"),
    /** Marks the end of a sequence, so that a model can learn to stop; {@code </s>}. */
    END("</s>");

    private final String text;

    SpecialToken(String text) {
        this.text = text;
    }

    /** How the token is spelled in the vocabulary, e.g. {@code <unk>}. */
    public String text() {
        return text;
    }

    /** The name in a vocabulary's JSON form: {@code padding}, {@code unknown}, {@code start} or {@code end}. */
    public String jsonName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
