package org.rnn4j.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Confusion-matrix metrics with scikit-learn's definitions. The expected numbers were computed with scikit-learn
 * 1.9.1: {@code accuracy_score}, {@code precision_score}/{@code recall_score}/{@code f1_score(average=None,
 * zero_division=0, labels=range(5))}, {@code f1_score(average='macro', zero_division=0)}, {@code confusion_matrix}.
 */
class ClassificationMetricsTest {
    // Class 3 is true once and never predicted; class 4 occurs nowhere.
    private static final int[] TRUTH = {0, 0, 1, 1, 1, 2, 2, 2, 2, 3};
    private static final int[] PREDICTED = {0, 1, 1, 1, 2, 2, 2, 0, 1, 1};
    private final ClassificationMetrics m = ClassificationMetrics.of(TRUTH, PREDICTED, 5);

    @Test
    void theConfusionMatrixHasTrueClassesDownAndPredictedAcross() {
        assertThat(m.confusionMatrix()).isDeepEqualTo(new long[][] {
            {1, 1, 0, 0, 0},
            {0, 2, 1, 0, 0},
            {1, 1, 2, 0, 0},
            {0, 1, 0, 0, 0},
            {0, 0, 0, 0, 0}});
        assertThat(m.count()).isEqualTo(10);
        assertThat(m.support(2)).isEqualTo(4);
    }

    @Test
    void accuracyPrecisionRecallAndF1AsScikitLearn() {
        double[] precision = {0.5, 0.4, 2.0 / 3, 0, 0};
        double[] recall = {0.5, 2.0 / 3, 0.5, 0, 0};
        double[] f1 = {0.5, 0.5, 0.5714285714285714, 0, 0};

        assertThat(m.accuracy()).isEqualTo(0.5);
        for (int c = 0; c < 5; c++) {
            assertThat(m.precision(c)).as("precision %d", c).isCloseTo(precision[c], within(1e-15));
            assertThat(m.recall(c)).as("recall %d", c).isCloseTo(recall[c], within(1e-15));
            assertThat(m.f1(c)).as("F1 %d", c).isCloseTo(f1[c], within(1e-15));
        }
    }

    @Test
    void macroF1AveragesOverTheClassesPresentInTruthOrPredictions() {
        // sklearn: 0.39285714285714285 = (0.5 + 0.5 + 0.571 + 0) / 4; class 4, absent from both, is left out
        // (with labels=range(5) sklearn would give 0.3142857142857143).
        assertThat(m.macroF1()).isCloseTo(0.39285714285714285, within(1e-15));
    }

    @Test
    void aClassOnlyPredictedCountsInTheMacroMeanWithF1Zero() {
        // sklearn f1_score([0, 0, 1], [2, 2, 1], average='macro', zero_division=0) = 1/3.
        ClassificationMetrics onlyPredicted = ClassificationMetrics.of(new int[] {0, 0, 1}, new int[] {2, 2, 1}, 3);

        assertThat(onlyPredicted.macroF1()).isCloseTo(1.0 / 3, within(1e-15));
    }

    @Test
    void theConfusionTableNamesTheClassesAndAlignsTheCounts() {
        int[] truth = new int[100];
        int[] predicted = new int[100];
        for (int i = 0; i < 100; i++) {
            truth[i] = i < 53 ? 0 : 1;
            predicted[i] = i < 50 || i >= 53 && i < 57 ? 0 : 1;
        }

        String table = ClassificationMetrics.of(truth, predicted, 2).confusionTable(List.of("negative", "positive"));

        assertThat(table).isEqualTo("""
                true \\ predicted  negative  positive
                negative                50         3
                positive                 4        43
                """);
    }

    @Test
    void badInputIsNamed() {
        assertThatThrownBy(() -> ClassificationMetrics.of(new int[] {0, 3}, new int[] {0, 1}, 3))
                .hasMessage("truth[1] = 3 is outside the classes [0, 3)");
        assertThatThrownBy(() -> ClassificationMetrics.of(new int[] {0}, new int[] {0, 1}, 3))
                .hasMessage("classification metrics need one prediction per example, got 1 true classes and 2"
                        + " predictions");
        assertThatThrownBy(() -> ClassificationMetrics.of(new int[0], new int[0], 3))
                .hasMessage("classification metrics of no examples are undefined");
        assertThatThrownBy(() -> m.confusionTable(List.of("a")))
                .hasMessage("the confusion table needs one name per class: 5 classes, got 1 names");
    }
}
