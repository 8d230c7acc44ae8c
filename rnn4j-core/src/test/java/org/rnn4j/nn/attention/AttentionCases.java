package org.rnn4j.nn.attention;

import java.util.SplittableRandom;
import org.rnn4j.tensor.Tensor;
import org.rnn4j.testing.Tensors;

/** The four scores under the names the golden files use, and the probe loss of the tests. */
final class AttentionCases {
    static final String[] SCORES = {"luong_dot", "luong_general", "luong_concat", "bahdanau"};

    private AttentionCases() {
    }

    /** For luong_dot the query size must equal the key size; the attention size is ignored by dot and general. */
    static Attention make(String score, int querySize, int keySize, int attentionSize, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        return switch (score) {
            case "luong_dot" -> LuongAttention.dot(keySize);
            case "luong_general" -> LuongAttention.general(querySize, keySize, "", rng);
            case "luong_concat" -> LuongAttention.concat(querySize, keySize, attentionSize, "", rng);
            case "bahdanau" -> new BahdanauAttention(querySize, keySize, attentionSize, "", rng);
            default -> throw new IllegalArgumentException(score);
        };
    }

    /** The query size a case uses: Luong's dot needs Hq = Hk. */
    static int querySize(String score, int querySize, int keySize) {
        return score.equals("luong_dot") ? keySize : querySize;
    }

    /** Σ context ⊙ probeContext + Σ weights ⊙ probeWeights, in double. */
    static double loss(AttentionTrace trace, Tensor probeContext, Tensor probeWeights) {
        return Tensors.dot(trace.context(), probeContext) + Tensors.dot(trace.weights(), probeWeights);
    }

    /** Step t of a block (B, T, H), copied to (B, H). */
    static Tensor step(Tensor block, int t) {
        int batch = block.dim(0);
        int steps = block.dim(1);
        int width = block.dim(2);
        Tensor out = Tensor.zeros(batch, width);
        for (int b = 0; b < batch; b++) {
            out.write(b * width, block, (b * steps + t) * width, width);
        }
        return out;
    }

    /** Writes (B, H) into step t of a block (B, T, H). */
    static void setStep(Tensor block, int t, Tensor rows) {
        int steps = block.dim(1);
        int width = block.dim(2);
        for (int b = 0; b < block.dim(0); b++) {
            block.write((b * steps + t) * width, rows, b * width, width);
        }
    }
}
