package org.rnn4j.seq2seq;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** Which attention a {@link Seq2SeqModel}'s decoder uses; see the model's class comment for the two decoders. */
public enum AttentionType {
    /** Luong, Pham &amp; Manning 2015: the decoder's new state h_t queries the source. */
    LUONG,
    /** Bahdanau, Cho &amp; Bengio 2015: the decoder's previous state s_{t−1} queries, and the context is an input. */
    BAHDANAU;

    /** {@code luong} or {@code bahdanau}, as in model files and on the command line. */
    @JsonValue
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static AttentionType fromId(String id) {
        for (AttentionType t : values()) {
            if (t.id().equals(id)) {
                return t;
            }
        }
        throw new IllegalArgumentException("unknown attention '" + id + "': expected luong or bahdanau");
    }
}
