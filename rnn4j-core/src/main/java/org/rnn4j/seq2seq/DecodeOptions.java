package org.rnn4j.seq2seq;

/**
 * How a {@link Translator} searches for a translation.
 *
 * <p>Length normalisation is GNMT's (Wu et al. 2016, eq. 14): a finished hypothesis Y is ranked by
 * {@code log P(Y|X) / lp(Y)} with {@code lp(Y) = ((5 + |Y|) / 6)^α}, |Y| counting its tokens and the end mark.
 * Without it (α = 0) beam search prefers short outputs, since every token lowers log P; α = 1 divides by
 * (nearly) the length.
 *
 * <p>An output is at most {@code min(maxLength, ⌈maxLengthRatio · source tokens⌉ + 10)} tokens long (the end mark
 * included); a hypothesis that reaches it ends there.
 *
 * @param beamSize       hypotheses kept per sentence; 1 is greedy search
 * @param lengthPenalty  α ≥ 0
 * @param maxLengthRatio output tokens per source token at most (before the + 10)
 * @param maxLength      output tokens at most, whatever the source's length
 * @param replaceUnknown replace each {@code <unk>} of the output by the source token that the step attended to
 *                       most (Luong et al. 2015, "Addressing the rare word problem", with attention as the
 *                       alignment): names and rare words, which a closed vocabulary lacks, usually pass unchanged
 */
public record DecodeOptions(int beamSize, double lengthPenalty, double maxLengthRatio, int maxLength,
                            boolean replaceUnknown) {

    public DecodeOptions {
        if (beamSize < 1) {
            throw new IllegalArgumentException("DecodeOptions.beamSize must be at least 1 (1 = greedy), got " + beamSize);
        }
        if (!(lengthPenalty >= 0) || Double.isInfinite(lengthPenalty)) {
            throw new IllegalArgumentException("DecodeOptions.lengthPenalty must be 0 (off) or positive, got " + lengthPenalty);
        }
        if (!(maxLengthRatio > 0) || Double.isInfinite(maxLengthRatio)) {
            throw new IllegalArgumentException("DecodeOptions.maxLengthRatio must be positive, got " + maxLengthRatio);
        }
        if (maxLength < 1) {
            throw new IllegalArgumentException("DecodeOptions.maxLength must be at least 1, got " + maxLength);
        }
    }

    /** Beam 5, α = 0.6 (GNMT's choice), outputs up to 2 × the source + 10 tokens and at most 200, unknowns replaced. */
    public static DecodeOptions defaults() {
        return new DecodeOptions(5, 0.6, 2.0, 200, true);
    }

    /** Greedy search: beam 1, otherwise the defaults. */
    public static DecodeOptions greedy() {
        return defaults().withBeamSize(1);
    }

    public DecodeOptions withBeamSize(int value) {
        return new DecodeOptions(value, lengthPenalty, maxLengthRatio, maxLength, replaceUnknown);
    }

    public DecodeOptions withLengthPenalty(double value) {
        return new DecodeOptions(beamSize, value, maxLengthRatio, maxLength, replaceUnknown);
    }

    public DecodeOptions withMaxLength(double ratio, int value) {
        return new DecodeOptions(beamSize, lengthPenalty, ratio, value, replaceUnknown);
    }

    public DecodeOptions withReplaceUnknown(boolean value) {
        return new DecodeOptions(beamSize, lengthPenalty, maxLengthRatio, maxLength, value);
    }

    /** The most output tokens (end mark included) for a source of this many tokens. */
    public int maxOutputLength(int sourceTokens) {
        return (int) Math.max(1, Math.min(maxLength, Math.ceil(maxLengthRatio * sourceTokens) + 10));
    }

    /** GNMT's lp: ((5 + length) / 6)^α. */
    public double lengthPenalty(int length) {
        return lengthPenalty == 0 ? 1 : Math.pow((5.0 + length) / 6.0, lengthPenalty);
    }
}
