package org.rnn4j.text;

import java.util.Arrays;
import java.util.Objects;
import java.util.random.RandomGenerator;
import org.rnn4j.tensor.ShapeException;
import org.rnn4j.tensor.Softmax;
import org.rnn4j.tensor.Tensor;

/**
 * Picks the next token of generated text from a model's logits, with the three usual controls, applied in
 * HuggingFace's order (temperature, then top-k, then top-p):
 *
 * <pre>
 * p_i   = softmax(logits / temperature)_i               temperature 0: argmax, no randomness
 * top-k : keep the tokens whose logit is at least the k-th largest (ties at the boundary are all kept)
 * top-p : of those, keep the smallest set of most probable tokens whose probability sums to at least p
 *         (renormalised over the top-k survivors; the most probable token is always kept)
 * draw  : one token from the kept ones, in proportion to p_i
 * </pre>
 *
 * Lower temperature makes text safer and more repetitive, higher more varied and more error-prone; top-k and top-p
 * cut off the long tail of unlikely tokens whose many small probabilities add up to frequent nonsense.
 *
 * <p>Randomness comes only from the {@link RandomGenerator} passed in, so a seeded generator repeats its text.
 * Ties between equal logits go to the lower id (in argmax and in the order tokens are kept). Logits of −∞ (masked
 * tokens) are allowed and never drawn; NaN or +∞ is an error.
 *
 * @param temperature ≥ 0; 0 for greedy decoding, 1 to sample the model's own distribution
 * @param topK        ≥ 0; 0 for no top-k cut
 * @param topP        in (0, 1]; 1 for no nucleus cut
 */
public record Sampler(double temperature, int topK, double topP) {

    public Sampler {
        if (!(temperature >= 0) || Double.isInfinite(temperature)) {
            throw new IllegalArgumentException("Sampler temperature must be >= 0 and finite (0 for greedy), got "
                    + temperature);
        }
        if (topK < 0) {
            throw new IllegalArgumentException("Sampler topK must be >= 0 (0 for no top-k cut), got " + topK);
        }
        if (!(topP > 0 && topP <= 1)) {
            throw new IllegalArgumentException("Sampler topP must be in (0, 1] (1 for no nucleus cut), got " + topP);
        }
    }

    /** Always the most probable token. */
    public static Sampler greedy() {
        return new Sampler(0, 0, 1);
    }

    /** The model's own distribution at this temperature, no cut. */
    public static Sampler withTemperature(double temperature) {
        return new Sampler(temperature, 0, 1);
    }

    public Sampler withTopK(int topK) {
        return new Sampler(temperature, topK, topP);
    }

    public Sampler withTopP(double topP) {
        return new Sampler(temperature, topK, topP);
    }

    /** From a logits row (V), e.g. {@code logits.row(b)} of a (B, V) output. */
    public int sample(Tensor logits, RandomGenerator random) {
        Objects.requireNonNull(logits, "logits");
        if (logits.rank() != 1) {
            throw new ShapeException("Sampler logits: expected one row of shape (V), got " + logits.shapeString()
                    + "; pass logits.row(b)");
        }
        return sample(logits.toArray(), random);
    }

    /**
     * The id of the next token.
     *
     * @param logits one score per vocabulary entry (V); not changed
     * @param random the source of randomness, not used when temperature is 0
     */
    public int sample(float[] logits, RandomGenerator random) {
        Objects.requireNonNull(logits, "logits");
        Objects.requireNonNull(random, "random");
        int best = argmax(logits);
        if (temperature == 0) {
            return best;
        }
        Integer[] order = new Integer[logits.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Float.compare(logits[b], logits[a])); // descending, stable: ties by id
        int kept = 0;
        while (kept < order.length && logits[order[kept]] != Float.NEGATIVE_INFINITY) {
            kept++;
        }
        if (topK > 0 && topK < kept) {
            float kth = logits[order[topK - 1]];
            int k = topK;
            while (k < kept && logits[order[k]] == kth) {
                k++;
            }
            kept = k;
        }
        double max = logits[best];
        float[] scaled = new float[kept];                                        // (logit − max) / T, largest first
        for (int i = 0; i < kept; i++) {
            scaled[i] = (float) ((logits[order[i]] - max) / temperature);
        }
        float[] weights = new float[kept];                                       // softmax(logits / T) over the kept
        Softmax.masked(scaled, 0, kept, null, 0, weights, 0);
        double sum = 1;
        if (topP < 1) {
            double cumulative = 0;
            int nucleus = 0;
            while (nucleus < kept && cumulative < topP * sum) {
                cumulative += weights[nucleus++];
            }
            kept = Math.max(nucleus, 1);
            sum = cumulative > 0 ? cumulative : weights[0];
        }
        double u = random.nextDouble() * sum;
        for (int i = 0; i < kept; i++) {
            u -= weights[i];
            if (u < 0) {
                return order[i];
            }
        }
        return order[kept - 1]; // u rounded to the very top of the range
    }

    private static int argmax(float[] logits) {
        if (logits.length == 0) {
            throw new IllegalArgumentException("Sampler: no logits (the vocabulary is empty)");
        }
        int best = -1;
        for (int i = 0; i < logits.length; i++) {
            float x = logits[i];
            if (Float.isNaN(x) || x == Float.POSITIVE_INFINITY) {
                throw new IllegalArgumentException("Sampler: logit " + i + " is " + x
                        + "; the model's output is broken (check the training loss for NaN)");
            }
            if (x != Float.NEGATIVE_INFINITY && (best < 0 || x > logits[best])) {
                best = i;
            }
        }
        if (best < 0) {
            throw new IllegalArgumentException("Sampler: all " + logits.length + " logits are -Infinity; every token"
                    + " is masked, so there is nothing to pick");
        }
        return best;
    }
}
