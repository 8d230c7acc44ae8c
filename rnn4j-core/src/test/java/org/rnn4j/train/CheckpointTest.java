package org.rnn4j.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnn4j.io.FileFormatException;
import org.rnn4j.io.ModelFile;
import org.rnn4j.io.Provenance;
import org.rnn4j.models.ManyToOne;
import org.rnn4j.models.TokenSequenceModel;
import org.rnn4j.nn.Parameter;
import org.rnn4j.nn.recurrent.CellType;
import org.rnn4j.nn.recurrent.RecurrentConfig;
import org.rnn4j.optim.Adam;
import org.rnn4j.optim.AdamOptions;
import org.rnn4j.optim.WarmupCosineLr;
import org.rnn4j.tensor.Tensor;
import org.rnn4j.testing.Tensors;

/** Checkpoints: a resumed run is the uninterrupted run, bit for bit; bad or missing files are named. */
class CheckpointTest {
    @TempDir
    Path dir;

    // ---- a classifier with everything that has state: dropout, Adam, a schedule, shuffling, keep-best ----

    private static final int FEATURES = 3;
    private static final int CLASSES = 4;

    private static List<ClassificationBatch> examples(int count, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        List<ClassificationBatch> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int label = rng.nextInt(CLASSES);
            Tensor x = Tensors.uniform(rng, -1, 1, 1, 6, FEATURES);
            x.set(label % FEATURES, x.get(label % FEATURES) + label); // learnable
            out.add(new ClassificationBatch(x, null, new int[] {label}));
        }
        return out;
    }

    private static ClassificationBatch collate(List<ClassificationBatch> items) {
        Tensor x = Tensor.zeros(items.size(), 6, FEATURES);
        int[] labels = new int[items.size()];
        for (int i = 0; i < items.size(); i++) {
            x.slice(i, i + 1).copyFrom(items.get(i).inputs());
            labels[i] = items.get(i).labels()[0];
        }
        return new ClassificationBatch(x, null, labels);
    }

    private static final class Run {
        final ManyToOne model = new ManyToOne(RecurrentConfig.of(CellType.LSTM, FEATURES, 8).withLayers(2)
                .withDropout(0.3f), CLASSES, new SplittableRandom(4));
        final Trainer<ClassificationBatch> trainer;

        Run(TrainerOptions options) {
            trainer = new Trainer<>(new SequenceClassification(model),
                    new Adam(AdamOptions.defaults().withLearningRate(0.01)), new WarmupCosineLr(0.01, 5, 60, 0),
                    DatasetBatches.shuffled(examples(50, 1), 8, 99, CheckpointTest::collate),
                    DatasetBatches.inOrder(examples(20, 2), 10, CheckpointTest::collate), options);
        }
    }

    private static TrainerOptions classifierOptions(long maxSteps, Path checkpoint) {
        return TrainerOptions.defaults().withMaxEpochs(100).withMaxSteps(maxSteps).withValidateEvery(4)
                .withEarlyStopping(0, true).withClipNorm(1).withCheckpoints(checkpoint, 0).withSeed(5);
    }

    private static void assertSameWeights(List<Parameter> a, List<Parameter> b) {
        for (int i = 0; i < a.size(); i++) {
            assertThat(a.get(i).value().toArray()).as(a.get(i).name()).containsExactly(b.get(i).value().toArray());
        }
    }

    @Test
    void resumingFromACheckpointContinuesExactlyAsTheUninterruptedRun() {
        // 2N = 26 steps: epochs of 7 batches, so the checkpoint at step 13 is in the middle of epoch 2
        Run uninterrupted = new Run(classifierOptions(26, null));
        uninterrupted.trainer.fit();

        Path checkpoint = dir.resolve("run.ckpt");
        new Run(classifierOptions(13, checkpoint)).trainer.fit();
        Run resumed = new Run(classifierOptions(26, checkpoint));
        resumed.trainer.resume(checkpoint);
        assertThat(resumed.trainer.progress().step()).isEqualTo(13);
        assertThat(resumed.trainer.progress().batchInEpoch()).isEqualTo(6);
        TrainingResult result = resumed.trainer.fit();

        assertThat(result.progress().step()).isEqualTo(26);
        assertSameWeights(resumed.model.parameters(), uninterrupted.model.parameters());
        assertThat(result.restoredBest()).isTrue();
    }

    @Test
    void aRunWhoseSpecOrVocabularyDiffersFromTheCheckpointsIsRefusedAndLeftAsItWas() {
        Path checkpoint = dir.resolve("run.ckpt");
        Run first = new Run(classifierOptions(3, checkpoint));
        first.trainer.checkpointMetadata(Map.of("spec", "{\"type\":\"x\",\"hidden_size\":8}",
                "vocabulary", "{\"tokens\":[\"a\",\"b\"]}"));
        first.trainer.fit();

        Run reordered = new Run(classifierOptions(6, checkpoint));
        reordered.trainer.checkpointMetadata(Map.of("spec", "{\"type\":\"x\",\"hidden_size\":8}",
                "vocabulary", "{\"tokens\":[\"b\",\"a\"]}"));
        assertThatThrownBy(() -> reordered.trainer.resume(checkpoint)).hasMessageContaining(checkpoint.toString())
                .hasMessageContaining("the checkpoint's vocabulary differs from this run's");
        assertThat(reordered.trainer.progress().step()).isZero();

        // the same values, a field only one side has (a newer writer's), and keys only one side has: resumed
        Run same = new Run(classifierOptions(6, checkpoint));
        same.trainer.checkpointMetadata(Map.of("spec", "{\"hidden_size\":8,\"type\":\"x\",\"tokenizer\":\"word\"}",
                "vocabulary", "{\"tokens\":[\"a\",\"b\"]}", "other", "1"));
        same.trainer.resume(checkpoint);
        assertThat(same.trainer.progress().step()).isEqualTo(3);
    }

    @Test
    void truncatedBpttResumesWithItsCarriedStateInTheMiddleOfTheStream() {
        int[] tokens = new SplittableRandom(8).ints(4 * 60 + 1, 0, 9).toArray();
        java.util.function.Function<Path, Object[]> run = checkpoint -> {
            TokenSequenceModel model = new TokenSequenceModel(9, RecurrentConfig.of(CellType.GRU, 4, 6), 9,
                    new SplittableRandom(2));
            Trainer<StreamWindows.Window> trainer = new Trainer<>(new TruncatedBptt(model),
                    new Adam(AdamOptions.defaults().withLearningRate(0.01)), null,
                    new StreamWindows(tokens, 4, 5, 8), new StreamWindows(tokens, 4, 10, 10),
                    TrainerOptions.defaults().withMaxEpochs(3).withValidateEvery(7).withCheckpoints(checkpoint, 0));
            return new Object[] {model, trainer};
        };
        Object[] uninterrupted = run.apply(null);
        @SuppressWarnings("unchecked")
        Trainer<StreamWindows.Window> whole = (Trainer<StreamWindows.Window>) uninterrupted[1];
        whole.fit();

        Path checkpoint = dir.resolve("lm.ckpt");
        // the same run, stopped after 17 of 36 steps: in epoch 2, with a carried state
        TokenSequenceModel firstModel = new TokenSequenceModel(9, RecurrentConfig.of(CellType.GRU, 4, 6), 9,
                new SplittableRandom(2));
        new Trainer<>(new TruncatedBptt(firstModel), new Adam(AdamOptions.defaults().withLearningRate(0.01)), null,
                new StreamWindows(tokens, 4, 5, 8), new StreamWindows(tokens, 4, 10, 10),
                TrainerOptions.defaults().withMaxEpochs(3).withValidateEvery(7).withMaxSteps(17)
                        .withCheckpoints(checkpoint, 0)).fit();
        assertThat(Checkpoint.read(checkpoint).carried()).isNotEmpty();

        Object[] second = run.apply(checkpoint);
        @SuppressWarnings("unchecked")
        Trainer<StreamWindows.Window> resumed = (Trainer<StreamWindows.Window>) second[1];
        resumed.resume(checkpoint).fit();
        assertSameWeights(((TokenSequenceModel) second[0]).parameters(),
                ((TokenSequenceModel) uninterrupted[0]).parameters());
    }

    @Test
    void aCheckpointHoldsEverythingAndReadsBackBitForBit() {
        Path checkpoint = dir.resolve("c.safetensors");
        Run run = new Run(classifierOptions(5, checkpoint));
        run.trainer.checkpointMetadata(Map.of("spec", "{\"cell\":\"lstm\"}")).fit();

        Checkpoint read = Checkpoint.read(checkpoint);
        Checkpoint live = run.trainer.checkpoint();
        assertThat(read.seed()).isEqualTo(5);
        assertThat(read.progress()).isEqualTo(live.progress());
        assertThat(read.extra()).containsEntry("spec", "{\"cell\":\"lstm\"}");
        assertThat(read.schedule()).isEqualTo(live.schedule());
        assertThat(read.optimizer().scalars()).isEqualTo(live.optimizer().scalars());
        // the file keeps the last weights, to resume from; keep-best put the best ones into the model at the end
        assertThat(read.parameters()).containsOnlyKeys(live.parameters().keySet());
        live.best().forEach((name, t) -> {
            assertThat(read.best().get(name).toArray()).as(name).containsExactly(t.toArray());
            assertThat(live.parameters().get(name).toArray()).as(name).containsExactly(t.toArray());
        });
        assertThat(read.best()).containsOnlyKeys(live.parameters().keySet());
    }

    @Test
    void aMissingOrForeignOrDamagedFileIsNamedAndTheRunIsUntouched() throws Exception {
        Run run = new Run(classifierOptions(5, null));
        float before = run.model.parameters().get(0).value().get(0);

        Path missing = dir.resolve("none.ckpt");
        assertThatThrownBy(() -> run.trainer.resume(missing)).isInstanceOf(FileFormatException.class)
                .hasMessage(missing + ": no checkpoint here (the file does not exist)");

        Path model = dir.resolve("model.safetensors");
        ModelFile.save(model, run.model.recurrent(), Provenance.now(1L, null, "test"));
        assertThatThrownBy(() -> run.trainer.resume(model)).isInstanceOf(FileFormatException.class)
                .hasMessageContaining("is not an rnn4j checkpoint");

        Path good = dir.resolve("good.ckpt");
        new Run(classifierOptions(3, good)).trainer.fit();
        Path truncated = dir.resolve("truncated.ckpt");
        byte[] bytes = Files.readAllBytes(good);
        Files.write(truncated, java.util.Arrays.copyOf(bytes, bytes.length - 100));
        assertThatThrownBy(() -> run.trainer.resume(truncated)).isInstanceOf(FileFormatException.class)
                .hasMessageStartingWith(truncated.toString());

        ManyToOne bigger = new ManyToOne(RecurrentConfig.of(CellType.LSTM, FEATURES, 9), CLASSES,
                new SplittableRandom(1));
        Trainer<ClassificationBatch> mismatched = new Trainer<>(new SequenceClassification(bigger),
                new Adam(AdamOptions.defaults()), null, DatasetBatches.inOrder(examples(4, 1), 2,
                CheckpointTest::collate), null, TrainerOptions.defaults());
        assertThatThrownBy(() -> mismatched.resume(good)).hasMessageContaining("written for another model");
        assertThat(run.model.parameters().get(0).value().get(0)).isEqualTo(before);
    }

    @Test
    void aKillDuringACheckpointWriteLeavesThePreviousCheckpointWhole() throws Exception {
        Path checkpoint = dir.resolve("killed.ckpt");
        String java = ProcessHandle.current().info().command().orElse("java");
        Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                CheckpointWriter.class.getName(), checkpoint.toString()).redirectErrorStream(true).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            int written = 0;
            while (written < 3 && (line = out.readLine()) != null) {
                if (line.startsWith("written")) {
                    written++;
                }
            }
            assertThat(written).as("checkpoints the child wrote before being killed").isEqualTo(3);
            // somewhere inside a later write; seeded, so that a failure reruns with the same delay
            Thread.sleep(new SplittableRandom(211).nextInt(5, 60));
            child.destroyForcibly();
            assertThat(child.waitFor(20, TimeUnit.SECONDS)).isTrue();
        }
        Checkpoint survivor = Checkpoint.read(checkpoint);
        long step = survivor.progress().step();
        assertThat(step).isPositive();
        assertThat(survivor.parameters().get("w").get(0)).isEqualTo((float) step); // whole and consistent
    }

    /** Writes a large checkpoint again and again, its step and weights in agreement, until it is killed. */
    public static final class CheckpointWriter {
        public static void main(String[] args) {
            Path file = Path.of(args[0]);
            Tensor big = Tensor.zeros(4_000_000); // 16 MB: each write takes a while
            for (long step = 1; ; step++) {
                big.fill(step);
                Tensor w = Tensor.full(step, 1);
                new Checkpoint(1, new TrainingProgress(0, 0, step, Double.POSITIVE_INFINITY, -1, 0),
                        Map.of("w", w, "big", big), new org.rnn4j.optim.OptimizerState("Sgd", step, Map.of(),
                        Map.of("lr", 0.1)), null, Map.of(), Map.of(), Map.of()).write(file);
                System.out.println("written " + step);
                System.out.flush();
            }
        }
    }
}
