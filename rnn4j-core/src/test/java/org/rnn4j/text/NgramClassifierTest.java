package org.rnn4j.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class NgramClassifierTest {
    private static final HashedNgrams FEATURES = new HashedNgrams(2, 4096);
    private static final String[] FILLER = {"the", "film", "was", "a", "plot", "and", "actors", "it"};

    /** Texts of filler words and one word that gives the class away. */
    private static List<List<String>> texts(String[][] cues, int n, int[] labels, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        List<List<String>> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            labels[i] = rng.nextInt(cues.length);
            List<String> tokens = new ArrayList<>();
            int length = 4 + rng.nextInt(6);
            int at = rng.nextInt(length);
            for (int t = 0; t < length; t++) {
                String[] pool = t == at ? cues[labels[i]] : FILLER;
                tokens.add(pool[rng.nextInt(pool.length)]);
            }
            out.add(tokens);
        }
        return out;
    }

    private static double accuracy(NgramClassifier model, List<List<String>> texts, int[] labels) {
        int correct = 0;
        for (int i = 0; i < texts.size(); i++) {
            float[] p = model.probabilities(FEATURES.of(texts.get(i)));
            int best = 0;
            for (int k = 1; k < p.length; k++) {
                best = p[k] > p[best] ? k : best;
            }
            correct += best == labels[i] ? 1 : 0;
        }
        return correct / (double) texts.size();
    }

    @Test
    void twoClassesLearnTheWordsThatGiveTheClassAway() {
        String[][] cues = {{"awful", "dull", "boring"}, {"great", "superb", "lovely"}};
        int[] labels = new int[300];
        List<List<String>> train = texts(cues, 300, labels, 1);
        NgramClassifier model = NgramClassifier.train(FEATURES, train.stream().map(FEATURES::of).toList(), labels, 2,
                NgramClassifier.DEFAULT_COST);
        int[] testLabels = new int[100];
        List<List<String>> test = texts(cues, 100, testLabels, 2);
        assertThat(accuracy(model, test, testLabels)).isGreaterThan(0.95);
        float[] positive = model.probabilities(FEATURES.of(List.of("a", "superb", "film")));
        assertThat(positive[1]).isGreaterThan(0.7f);
        assertThat(positive[0] + positive[1]).isCloseTo(1f, within(1e-6f));
        assertThat(model.parameters()).extracting(p -> p.name()).containsExactly("ngram.weight", "ngram.bias");
        assertThat(model.parameters().get(0).value().shape()).containsExactly(1, 4096);
    }

    @Test
    void moreClassesAreOneAgainstTheRestWithProbabilitiesThatSumToOne() {
        String[][] cues = {{"sport", "goal"}, {"vote", "senate"}, {"stock", "market"}};
        int[] labels = new int[450];
        List<List<String>> train = texts(cues, 450, labels, 3);
        NgramClassifier model = NgramClassifier.train(FEATURES, train.stream().map(FEATURES::of).toList(), labels, 3,
                NgramClassifier.DEFAULT_COST);
        int[] testLabels = new int[150];
        List<List<String>> test = texts(cues, 150, testLabels, 4);
        assertThat(accuracy(model, test, testLabels)).isGreaterThan(0.95);
        float[] p = model.probabilities(FEATURES.of(List.of("the", "senate", "vote")));
        assertThat(p[0] + p[1] + p[2]).isCloseTo(1f, within(1e-5f));
        assertThat(p[1]).as("the politics class").isGreaterThan(0.5f).isGreaterThan(p[0]).isGreaterThan(p[2]);
        assertThat(model.parameters().get(0).value().shape()).containsExactly(3, 4096);
    }

    @Test
    void aClassMissingFromTheTrainingTextsIsNeverLikely() {
        int[] labels = {0, 1, 0, 1};
        List<int[]> texts = List.of(FEATURES.of(List.of("bad")), FEATURES.of(List.of("good")),
                FEATURES.of(List.of("poor")), FEATURES.of(List.of("fine")));
        NgramClassifier model = NgramClassifier.train(FEATURES, texts, labels, 3, 1);
        assertThat(model.probabilities(FEATURES.of(List.of("good")))[2]).isLessThan(1e-3f);
    }

    @Test
    void trainingNeedsOneLabelPerTextAndAPositiveCost() {
        List<int[]> texts = List.of(FEATURES.of(List.of("good")));
        assertThatThrownBy(() -> NgramClassifier.train(FEATURES, texts, new int[2], 2, 1))
                .hasMessageContaining("got 1 texts and 2 labels");
        assertThatThrownBy(() -> NgramClassifier.train(FEATURES, texts, new int[1], 2, 0))
                .hasMessageContaining("cost C must be positive, got 0");
        assertThatThrownBy(() -> new NgramClassifier(FEATURES, 1)).hasMessageContaining("at least two classes");
    }
}
