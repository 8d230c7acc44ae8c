package org.rnn4j.text;

import java.util.Arrays;
import java.util.List;

/**
 * The n-grams of a token list as a set of bucket ids: every run of 1 to {@code order} consecutive tokens is hashed
 * into one of {@code buckets} (the "hashing trick" of Vowpal Wabbit and scikit-learn's {@code HashingVectorizer}),
 * so that no n-gram vocabulary has to be kept, and an n-gram never seen in training simply lands in a bucket whose
 * weight is 0 or shared.
 *
 * <p>The hash is FNV-1a over the tokens' characters, the tokens of an n-gram chained by a separator, then
 * MurmurHash3's 64-bit finaliser for well-spread low bits; a bucket is the hash modulo {@code buckets}. Fixed
 * here and in the model file, since a changed hash would silently scramble a trained model's weights.
 *
 * @param order   the longest n-gram, ≥ 1 (2: words and word pairs)
 * @param buckets the number of buckets, ≥ 1
 */
public record HashedNgrams(int order, int buckets) {
    private static final long FNV_OFFSET = 0xcbf29ce484222325L;
    private static final long FNV_PRIME = 0x100000001b3L;
    /** Between the tokens of an n-gram: a character no tokenizer keeps inside a token. */
    private static final char SEPARATOR = '\u0001';

    public HashedNgrams {
        if (order < 1) {
            throw new IllegalArgumentException("HashedNgrams.order must be at least 1, got " + order);
        }
        if (buckets < 1) {
            throw new IllegalArgumentException("HashedNgrams.buckets must be at least 1, got " + buckets);
        }
    }

    /** The distinct buckets of {@code tokens}' n-grams, ascending (each n-gram counts once: binary features). */
    public int[] of(List<String> tokens) {
        int n = tokens.size();
        int[] ids = new int[n * order];
        int count = 0;
        for (int start = 0; start < n; start++) {
            long hash = FNV_OFFSET;
            for (int length = 1; length <= order && start + length <= n; length++) {
                if (length > 1) {
                    hash = (hash ^ SEPARATOR) * FNV_PRIME;
                }
                String token = tokens.get(start + length - 1);
                for (int c = 0; c < token.length(); c++) {
                    hash = (hash ^ token.charAt(c)) * FNV_PRIME;
                }
                ids[count++] = (int) Math.floorMod(mix(hash), (long) buckets);
            }
        }
        int[] sorted = Arrays.copyOf(ids, count);
        Arrays.sort(sorted);
        int distinct = 0;
        for (int i = 0; i < sorted.length; i++) {
            if (i == 0 || sorted[i] != sorted[i - 1]) {
                sorted[distinct++] = sorted[i];
            }
        }
        return Arrays.copyOf(sorted, distinct);
    }

    /** MurmurHash3's fmix64. */
    private static long mix(long h) {
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb93fe53a4ec5L;
        h ^= h >>> 33;
        return h;
    }
}
