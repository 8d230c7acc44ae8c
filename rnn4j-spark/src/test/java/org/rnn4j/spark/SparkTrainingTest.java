package org.rnn4j.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnn4j.nn.Parameter;
import org.rnn4j.nn.recurrent.CellType;
import org.rnn4j.text.LabelledTexts;
import org.rnn4j.text.LanguageModelSpec;
import org.rnn4j.text.LanguageModelTrainer;
import org.rnn4j.text.LanguageModelTraining;
import org.rnn4j.text.TextClassifierSpec;
import org.rnn4j.text.TextClassifierTrainer;
import org.rnn4j.text.TextClassifierTraining;
import org.rnn4j.train.RowShards;
import org.rnn4j.train.RunFiles;
import org.rnn4j.train.ShardedObjective;

class SparkTrainingTest {
    static final TextClassifierSpec CLASSIFIER = TextClassifierSpec.defaults().withEmbeddingSize(8)
            .withHiddenSize(8).withDropout(0f).withMaxLength(12);
    static final TextClassifierTraining CLASSIFIER_TRAINING = TextClassifierTraining.defaults().withMinCount(1)
            .withBatch(12).withLearningRate(0.01)
            .withTrainer(TextClassifierTraining.defaults().trainer().withMaxEpochs(1).withMaxSteps(5));
    static final LanguageModelSpec LM = LanguageModelSpec.defaults().withCell(CellType.LSTM)
            .withEmbeddingSize(6).withHiddenSize(8).withLayers(2).withDropout(0f);
    static final LanguageModelTraining LM_TRAINING = LanguageModelTraining.defaults().withBatch(6).withBptt(5)
            .withBpttBack(8).withTrainer(LanguageModelTraining.defaults().trainer().withMaxEpochs(1).withMaxSteps(6));
    static final String TEXT = "the cat sat on the mat. the dog sat on the log. a cat and a dog met.\n".repeat(4);

    /** Counts the injected failures: tasks run in this JVM on a local master. */
    private static final AtomicInteger INJECTED = new AtomicInteger();

    private final SparkGradients spark = SparkGradients.on(SparkTests.session()).withPartitions(3);

    @Test
    void aClassifierTrainedOnSparkHasTheWeightsOfOneMachine() {
        List<Parameter> onSpark = classifier(spark.classifier());
        assertThat(maxDifference(onSpark, classifier(TextClassifierTrainer.LOCAL))).isLessThan(1e-5);
        assertThat(maxDifference(onSpark, classifier((model, local) ->
                new ShardedObjective<>(local, RowShards.TOKEN_BATCHES, 3)))).isZero();
    }

    @Test
    void aTruncatedBpttLanguageModelTrainedOnSparkHasTheWeightsOfOneMachine() {
        List<Parameter> onSpark = languageModel(spark.languageModel());
        assertThat(maxDifference(onSpark, languageModel(LanguageModelTrainer.LOCAL))).isLessThan(1e-5);
        assertThat(maxDifference(onSpark, languageModel((model, local) ->
                new ShardedObjective<>(local, RowShards.WINDOWS, 3)))).isZero();
    }

    @Test
    void aSparkApplicationTrainsFromADatasetOfRows() {
        SparkSession session = SparkTests.session();
        Dataset<Row> classified = session.createDataFrame(texts(60).examples().stream()
                .map(e -> RowFactory.create(e.text(), e.label())).toList(), new StructType()
                .add("review", DataTypes.StringType).add("sentiment", DataTypes.StringType));
        List<Parameter> fromRows = SparkTextClassifier.train(classified, "review", "sentiment", CLASSIFIER,
                CLASSIFIER_TRAINING).model().network().parameters();
        assertThat(maxDifference(fromRows, classifier(TextClassifierTrainer.LOCAL))).isLessThan(1e-5);

        Dataset<Row> lines = session.createDataFrame(TEXT.lines().map(l -> RowFactory.create(l)).toList(),
                new StructType().add("line", DataTypes.StringType));
        String joined = String.join("\n", TEXT.lines().toList());
        List<Parameter> lm = SparkLanguageModel.train(lines, "line", LM, LM_TRAINING, List.of()).model().network()
                .parameters();
        List<Parameter> one = LanguageModelTrainer.prepare(joined, LM, LM_TRAINING).train(List.of()).model().network()
                .parameters();
        assertThat(maxDifference(lm, one)).isLessThan(1e-5);
    }

    @Test
    void aTaskThatFailsOnceIsRetriedAndGivesTheSameWeights() {
        TaskFault failOnce = (step, shard, attempt) -> {
            if (step == 3 && shard == 1 && attempt == 0) {
                INJECTED.incrementAndGet();
                throw new IllegalStateException("injected failure");
            }
        };
        List<Parameter> retried = languageModel(spark.withFault(failOnce).languageModel());
        assertThat(INJECTED).hasValue(1);
        assertThat(maxDifference(retried, languageModel(spark.languageModel()))).isZero();
    }

    @Test
    void aRunResumedAfterTheDriverStoppedEqualsTheUninterruptedRun(@TempDir Path dir) {
        LanguageModelTraining straight = LM_TRAINING.withTrainer(LM_TRAINING.trainer().withEarlyStopping(0, false));
        List<Parameter> uninterrupted = LanguageModelTrainer.prepare(TEXT, LM, straight)
                .withPlacement(spark.languageModel()).train(List.of()).model().network().parameters();
        RunFiles files = RunFiles.NONE.withCheckpoints(dir, 1);
        LanguageModelTrainer.prepare(TEXT, LM, straight.withTrainer(straight.trainer().withMaxSteps(3))
                .withFiles(files)).withPlacement(spark.languageModel()).train(List.of());
        List<Parameter> resumed = LanguageModelTrainer.prepare(TEXT, LM, straight.withFiles(files.withResume(true)))
                .withPlacement(spark.languageModel()).train(List.of()).model().network().parameters();
        assertThat(maxDifference(resumed, uninterrupted)).isZero();
    }

    static List<Parameter> classifier(TextClassifierTrainer.Placement placement) {
        return TextClassifierTrainer.of(CLASSIFIER, CLASSIFIER_TRAINING).withPlacement(placement)
                .train(texts(60), null).model().network().parameters();
    }

    static List<Parameter> languageModel(LanguageModelTrainer.Placement placement) {
        return LanguageModelTrainer.prepare(TEXT, LM, LM_TRAINING).withPlacement(placement).train(List.of()).model()
                .network().parameters();
    }

    /** The largest |a − b| over all weights, relative to max(1, |b|). */
    static double maxDifference(List<Parameter> a, List<Parameter> b) {
        double worst = 0;
        for (int i = 0; i < a.size(); i++) {
            float[] x = a.get(i).value().toArray();
            float[] y = b.get(i).value().toArray();
            for (int j = 0; j < x.length; j++) {
                worst = Math.max(worst, Math.abs(x[j] - y[j]) / Math.max(1, Math.abs(y[j])));
            }
        }
        return worst;
    }

    /** Texts whose one sentiment word decides the label, among filler words. */
    static LabelledTexts texts(int n) {
        String[] good = {"great", "fine", "superb"};
        String[] bad = {"awful", "dull", "poor"};
        String[] filler = {"the", "film", "was", "a", "plot", "and"};
        SplittableRandom rng = new SplittableRandom(7);
        List<LabelledTexts.Example> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            boolean positive = rng.nextBoolean();
            StringBuilder text = new StringBuilder();
            int length = 2 + rng.nextInt(7);
            int at = rng.nextInt(length);
            for (int t = 0; t < length; t++) {
                String[] pool = t == at ? (positive ? good : bad) : filler;
                text.append(t == 0 ? "" : " ").append(pool[rng.nextInt(pool.length)]);
            }
            out.add(new LabelledTexts.Example(text.toString(), positive ? "pos" : "neg", i + 1));
        }
        return LabelledTexts.of(out);
    }
}
