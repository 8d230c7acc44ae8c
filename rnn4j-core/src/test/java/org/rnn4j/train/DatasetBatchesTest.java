package org.rnn4j.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class DatasetBatchesTest {
    private static final List<Integer> LENGTHS = new SplittableRandom(3).ints(1000, 1, 200).boxed().toList();

    private static List<Integer> epoch(DatasetBatches<Integer, List<Integer>> plan, int epoch) {
        List<Integer> seen = new ArrayList<>();
        for (int i = 0; i < plan.batchesPerEpoch(); i++) {
            seen.addAll(Arrays.stream(plan.indices(epoch, i)).boxed().toList());
        }
        return seen;
    }

    @Test
    void everyExampleAppearsExactlyOncePerEpoch() {
        for (DatasetBatches<Integer, List<Integer>> plan : List.of(
                DatasetBatches.inOrder(LENGTHS, 64, l -> l),
                DatasetBatches.shuffled(LENGTHS, 64, 7, l -> l),
                DatasetBatches.bucketed(LENGTHS, 64, Integer::intValue, 7, l -> l))) {
            assertThat(plan.batchesPerEpoch()).isEqualTo(16);
            assertThat(epoch(plan, 0)).containsExactlyInAnyOrderElementsOf(IntStream.range(0, 1000).boxed().toList());
        }
    }

    @Test
    void theOrderDependsOnlyOnSeedAndEpoch() {
        DatasetBatches<Integer, List<Integer>> a = DatasetBatches.shuffled(LENGTHS, 64, 7, l -> l);
        DatasetBatches<Integer, List<Integer>> b = DatasetBatches.shuffled(LENGTHS, 64, 7, l -> l);
        assertThat(epoch(a, 3)).isEqualTo(epoch(b, 3));
        assertThat(a.indices(5, 2)).isEqualTo(b.indices(5, 2)); // any batch, in any order of asking
        assertThat(epoch(a, 0)).isNotEqualTo(epoch(a, 1));
        assertThat(epoch(a, 0)).isNotEqualTo(epoch(DatasetBatches.shuffled(LENGTHS, 64, 8, l -> l), 0));
    }

    @Test
    void inOrderKeepsTheDataOrder() {
        assertThat(DatasetBatches.inOrder(LENGTHS, 300, l -> l).indices(4, 3)).containsExactly(900, 901, 902, 903,
                904, 905, 906, 907, 908, 909, 910, 911, 912, 913, 914, 915, 916, 917, 918, 919, 920, 921, 922, 923, 924,
                925, 926, 927, 928, 929, 930, 931, 932, 933, 934, 935, 936, 937, 938, 939, 940, 941, 942, 943, 944, 945,
                946, 947, 948, 949, 950, 951, 952, 953, 954, 955, 956, 957, 958, 959, 960, 961, 962, 963, 964, 965, 966,
                967, 968, 969, 970, 971, 972, 973, 974, 975, 976, 977, 978, 979, 980, 981, 982, 983, 984, 985, 986, 987,
                988, 989, 990, 991, 992, 993, 994, 995, 996, 997, 998, 999);
    }

    /** Padding = Σ over batches of (longest − each); bucketing must cut it several-fold. */
    private static long padding(DatasetBatches<Integer, List<Integer>> plan) {
        long pad = 0;
        for (int i = 0; i < plan.batchesPerEpoch(); i++) {
            int[] members = plan.indices(0, i);
            int max = Arrays.stream(members).map(LENGTHS::get).max().orElse(0);
            for (int m : members) {
                pad += max - LENGTHS.get(m);
            }
        }
        return pad;
    }

    @Test
    void bucketingGroupsSequencesOfSimilarLengthSoLittleIsPadding() {
        long shuffled = padding(DatasetBatches.shuffled(LENGTHS, 32, 7, l -> l));
        long bucketed = padding(DatasetBatches.bucketed(LENGTHS, 32, Integer::intValue, 7, l -> l));
        assertThat(bucketed * 10).isLessThan(shuffled);
    }

    @Test
    void collateBuildsTheBatchFromItsExamples() {
        DatasetBatches<Integer, Integer> sums = DatasetBatches.inOrder(List.of(1, 2, 3, 4, 5), 2,
                l -> l.stream().mapToInt(Integer::intValue).sum());
        assertThat(IntStream.range(0, sums.batchesPerEpoch()).map(i -> sums.batch(0, i)).boxed())
                .containsExactly(3, 7, 5);
    }

    @Test
    void badSizesAreRefused() {
        assertThatThrownBy(() -> DatasetBatches.inOrder(List.of(1), 0, l -> l))
                .hasMessageStartingWith("DatasetBatches.batchSize");
        assertThatThrownBy(() -> DatasetBatches.inOrder(List.of(), 4, l -> l)).hasMessageContaining("empty");
    }
}
