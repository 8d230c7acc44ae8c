package org.rnn4j.cli;

import org.rnn4j.seq2seq.DecodeOptions;
import picocli.CommandLine.Option;

/** The search options of {@code translate} and {@code eval-translator}. */
final class DecodeOptionsMixin {
    @Option(names = "--beam", paramLabel = "K", defaultValue = "5", description = "beam size; 1 = greedy search (default: ${DEFAULT-VALUE})")
    int beam;
    @Option(names = "--length-penalty", defaultValue = "0.6", paramLabel = "ALPHA", description = "GNMT length "
            + "normalisation: hypotheses ranked by log P / ((5 + length) / 6)^ALPHA; 0 = off (default: ${DEFAULT-VALUE})")
    double lengthPenalty;
    @Option(names = "--max-length-ratio", paramLabel = "R", defaultValue = "2", description = "output tokens per source token at most, "
            + "plus 10 (default: ${DEFAULT-VALUE})")
    double maxLengthRatio;
    @Option(names = "--max-length", paramLabel = "N", defaultValue = "200", description = "output tokens at most (default: "
            + "${DEFAULT-VALUE})")
    int maxLength;
    @Option(names = "--keep-unk", description = "leave <unk> in the output instead of copying the source word the "
            + "step attended to most")
    boolean keepUnknown;

    DecodeOptions options() {
        return DecodeOptions.defaults().withBeamSize(beam).withLengthPenalty(lengthPenalty)
                .withMaxLength(maxLengthRatio, maxLength).withReplaceUnknown(!keepUnknown);
    }

    String describe() {
        return (beam == 1 ? "greedy" : "beam " + beam) + ", length penalty " + lengthPenalty
                + (keepUnknown ? ", <unk> kept" : ", <unk> replaced from the source");
    }
}
