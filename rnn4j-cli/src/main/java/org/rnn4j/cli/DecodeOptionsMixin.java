package org.rnn4j.cli;

import org.rnn4j.seq2seq.DecodeOptions;
import org.rnn4j.seq2seq.Translator;
import picocli.CommandLine.Option;

/** The search options of {@code translate} and {@code eval-translator}. */
final class DecodeOptionsMixin {
    @Option(names = "--beam", paramLabel = "K", defaultValue = "5", description = "beam size; 1 = greedy search (default: ${DEFAULT-VALUE})")
    int beam;
    @Option(names = "--length-penalty", paramLabel = "ALPHA", description = "GNMT length normalisation: hypotheses "
            + "ranked by log P / ((5 + length) / 6)^ALPHA; 0 = off (default: the model's, chosen on its validation "
            + "pairs in training; 0.6 for older models)")
    Double lengthPenalty;
    @Option(names = "--max-length-ratio", paramLabel = "R", defaultValue = "2", description = "output tokens per source token at most, "
            + "plus 10 (default: ${DEFAULT-VALUE})")
    double maxLengthRatio;
    @Option(names = "--max-length", paramLabel = "N", defaultValue = "200", description = "output tokens at most (default: "
            + "${DEFAULT-VALUE})")
    int maxLength;
    @Option(names = "--keep-unk", description = "leave <unk> in the output instead of copying the source word the "
            + "step attended to most")
    boolean keepUnknown;

    /** The options as given, checked before any file is read (an unset length penalty is the usual default). */
    DecodeOptions options() {
        return given(DecodeOptions.defaults());
    }

    /** The options as given, with {@code translator}'s own length penalty unless one is given. */
    DecodeOptions options(Translator translator) {
        return given(translator.decodeOptions());
    }

    private DecodeOptions given(DecodeOptions base) {
        return base.withBeamSize(beam).withLengthPenalty(lengthPenalty != null ? lengthPenalty : base.lengthPenalty())
                .withMaxLength(maxLengthRatio, maxLength).withReplaceUnknown(!keepUnknown);
    }

    /** How {@code used} searches, in words, saying where its length penalty came from. */
    String describe(DecodeOptions used) {
        return (used.beamSize() == 1 ? "greedy" : "beam " + used.beamSize()) + ", length penalty "
                + used.lengthPenalty() + (lengthPenalty == null ? " (the model's)" : "")
                + (used.replaceUnknown() ? ", <unk> replaced from the source" : ", <unk> kept");
    }
}
