package org.rnn4j.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;
import org.rnn4j.optim.ReduceLrOnPlateau;
import org.rnn4j.optim.Sgd;
import org.rnn4j.optim.SgdOptions;
import org.rnn4j.optim.StepLr;

/** The loop's bookkeeping, on an objective whose losses are scripted. */
class TrainerLoopTest {
    @TempDir
    Path dir;

    private static Trainer<Integer> trainer(ScriptedObjective objective, int batchesPerEpoch, TrainerOptions options) {
        return new Trainer<>(objective, new Sgd(SgdOptions.of(0.5)), null, ScriptedObjective.batches(batchesPerEpoch),
                ScriptedObjective.batches(1), options);
    }

    @Test
    void trainsEveryBatchOfEveryEpochAndValidatesAtEachEpochEnd() {
        ScriptedObjective objective = new ScriptedObjective(new double[] {1}, new double[] {1});
        TrainingResult result = trainer(objective, 4, TrainerOptions.defaults().withMaxEpochs(3)).fit();

        assertThat(result.reason()).isEqualTo(StopReason.MAX_EPOCHS);
        assertThat(result.progress().step()).isEqualTo(12);
        assertThat(result.progress().epoch()).isEqualTo(3);
        assertThat(objective.validations).isEqualTo(3);
        assertThat(objective.w.value().get(0)).isEqualTo(-6f); // 12 SGD steps of 0.5 against a gradient of 1
    }

    @Test
    void validatesEveryNStepsWhenAsked() {
        ScriptedObjective objective = new ScriptedObjective(new double[] {1}, new double[] {1});
        trainer(objective, 10, TrainerOptions.defaults().withMaxEpochs(1).withValidateEvery(3)).fit();
        assertThat(objective.validations).isEqualTo(4); // steps 3, 6, 9, and the final weights at step 10
    }

    @Test
    void aRunStoppedBetweenValidationsValidatesItsFinalWeights() {
        ScriptedObjective objective = new ScriptedObjective(new double[] {1}, new double[] {1});
        TrainingResult result = trainer(objective, 10, TrainerOptions.defaults().withMaxEpochs(5).withMaxSteps(15))
                .fit();

        assertThat(result.reason()).isEqualTo(StopReason.MAX_STEPS);
        assertThat(objective.validations).as("the end of epoch 1, then step 15 in epoch 2").isEqualTo(2);
        assertThat(result.lastValidation()).isNotNull();
    }

    @Test
    void stopsAtMaxStepsInTheMiddleOfAnEpoch() {
        ScriptedObjective objective = new ScriptedObjective(new double[] {1}, new double[] {1});
        TrainingResult result = trainer(objective, 10, TrainerOptions.defaults().withMaxSteps(7)).fit();
        assertThat(result.reason()).isEqualTo(StopReason.MAX_STEPS);
        assertThat(result.progress().step()).isEqualTo(7);
        assertThat(result.progress().batchInEpoch()).isEqualTo(7);
    }

    @Test
    void stopsEarlyWhenValidationStopsImprovingAndPutsBackTheBestWeights() {
        // validation losses per epoch: 5, 3, 4, 4 -> best after epoch 2 (step 4), patience 2 stops after epoch 4
        ScriptedObjective objective = new ScriptedObjective(new double[] {1}, new double[] {5, 3, 4, 4, 4, 4});
        TrainingResult result = trainer(objective, 2,
                TrainerOptions.defaults().withMaxEpochs(10).withEarlyStopping(2, true)).fit();

        assertThat(result.reason()).isEqualTo(StopReason.EARLY_STOP);
        assertThat(result.progress().step()).isEqualTo(8);
        assertThat(result.progress().bestStep()).isEqualTo(4);
        assertThat(result.progress().bestValidationLoss()).isEqualTo(3);
        assertThat(result.restoredBest()).isTrue();
        assertThat(objective.w.value().get(0)).isEqualTo(-2f); // w after 4 steps, not after 8
    }

    @Test
    void stopsAtTheTimeLimit() {
        ScriptedObjective objective = new ScriptedObjective(new double[] {1}, new double[] {1}) {
            @Override
            public double train(Integer batch, java.util.random.RandomGenerator rng) {
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return super.train(batch, rng);
            }
        };
        TrainingResult result = trainer(objective, 1000,
                TrainerOptions.defaults().withMaxMinutes(0.1 / 60)).fit();
        assertThat(result.reason()).isEqualTo(StopReason.TIME_LIMIT);
        assertThat(result.progress().step()).isBetween(1L, 20L);
    }

    @Test
    void aNanLossStopsTrainingWithTheStepAndTheCureAndKeepsTheLastGoodCheckpoint() {
        Path checkpoint = dir.resolve("run.ckpt");
        ScriptedObjective objective = new ScriptedObjective(new double[] {1, 1, 1, 1, 1, Double.NaN}, new double[] {1});
        Trainer<Integer> trainer = trainer(objective, 100,
                TrainerOptions.defaults().withCheckpoints(checkpoint, 2));

        assertThatThrownBy(trainer::fit).isInstanceOf(TrainingDivergedException.class)
                .hasMessageContaining("diverged at step 6")
                .hasMessageContaining("the loss became NaN")
                .hasMessageContaining("Lower the learning rate (it is 0.5)")
                .hasMessageContaining("clip the gradients")
                .hasMessageContaining(checkpoint + " (step 4), is kept");
        Checkpoint kept = Checkpoint.read(checkpoint);
        assertThat(kept.progress().step()).isEqualTo(4);
        assertThat(kept.parameters().get("w").get(0)).isEqualTo(-2f);
    }

    @Test
    void aNanGradientStopsTrainingBeforeTheWeightsAreTouched() {
        ScriptedObjective objective = new ScriptedObjective(new double[] {1}, new double[] {1}) {
            @Override
            public double train(Integer batch, java.util.random.RandomGenerator rng) {
                double loss = super.train(batch, rng);
                if (steps == 3) {
                    w.grad().set(0, Float.POSITIVE_INFINITY);
                }
                return loss;
            }
        };
        assertThatThrownBy(() -> trainer(objective, 10, TrainerOptions.defaults()).fit())
                .isInstanceOf(TrainingDivergedException.class)
                .hasMessageContaining("step 3 (epoch 1): a gradient became Infinity");
        assertThat(objective.w.value().get(0)).isEqualTo(-1f);
    }

    @Test
    void listenersSeeEveryStepValidationAndTheEnd() {
        List<String> events = new ArrayList<>();
        ScriptedObjective objective = new ScriptedObjective(new double[] {3, 2}, new double[] {1});
        trainer(objective, 2, TrainerOptions.defaults().withMaxEpochs(1)).addListener(new TrainingListener() {
            @Override
            public void onStart(TrainingProgress progress, int batchesPerEpoch) {
                events.add("start " + batchesPerEpoch);
            }

            @Override
            public void onStep(StepReport r) {
                events.add("step " + r.step() + " loss " + r.loss() + " lr " + r.learningRate());
            }

            @Override
            public void onValidation(ValidationReport r) {
                events.add("validation " + r.step() + " " + r.score().loss() + (r.improved() ? " best" : ""));
            }

            @Override
            public void onEnd(TrainingResult result) {
                events.add("end " + result.reason());
            }
        }).fit();
        assertThat(events).containsExactly("start 2", "step 1 loss 3.0 lr 0.5", "step 2 loss 2.0 lr 0.5",
                "validation 2 1.0 best", "end MAX_EPOCHS");
    }

    @Test
    void aStepScheduleStepsEveryOptimiserStep() {
        List<Double> rates = new ArrayList<>();
        ScriptedObjective objective = new ScriptedObjective(new double[] {1}, new double[] {1});
        new Trainer<>(objective, new Sgd(SgdOptions.of(1)), new StepLr(1, 2, 0.1), ScriptedObjective.batches(5), null,
                TrainerOptions.defaults().withMaxEpochs(1)).addListener(new TrainingListener() {
                    @Override
                    public void onStep(StepReport r) {
                        rates.add(r.learningRate());
                    }
                }).fit();
        assertThat(rates).usingElementComparator((a, b) -> Math.abs(a - b) < 1e-12 ? 0 : 1)
                .containsExactly(1.0, 1.0, 0.1, 0.1, 0.01);
    }

    @Test
    void reduceOnPlateauStepsOncePerValidationWithTheValidationLoss() {
        List<Double> rates = new ArrayList<>();
        ScriptedObjective objective = new ScriptedObjective(new double[] {1}, new double[] {5, 5, 5, 5});
        ReduceLrOnPlateau plateau = new ReduceLrOnPlateau(1, ReduceLrOnPlateau.Options.defaults().withPatience(1)
                .withFactor(0.5));
        new Trainer<>(objective, new Sgd(SgdOptions.of(1)), plateau, ScriptedObjective.batches(1),
                ScriptedObjective.batches(1), TrainerOptions.defaults().withMaxEpochs(4))
                .addListener(new TrainingListener() {
                    @Override
                    public void onStep(StepReport r) {
                        rates.add(r.learningRate());
                    }
                }).fit();
        assertThat(rates).containsExactly(1.0, 1.0, 1.0, 0.5); // 5 (best), 5 (bad 1), 5 (bad 2 > patience: halve)
    }

    @Test
    void earlyStoppingWithoutValidationDataIsRefused() {
        assertThatThrownBy(() -> new Trainer<>(new ScriptedObjective(new double[] {1}, new double[] {1}),
                new Sgd(SgdOptions.of(1)), null, ScriptedObjective.batches(1), null,
                TrainerOptions.defaults().withEarlyStopping(3, false)))
                .hasMessageContaining("TrainerOptions.patience").hasMessageContaining("validation data");
    }

    @Test
    void anEmptyDataSetIsRefusedBeforeTraining() {
        assertThatThrownBy(() -> DatasetBatches.shuffled(List.of(), 8, 1, list -> list))
                .hasMessage("the data set is empty: there is nothing to make batches of");
    }

    @Test
    void badOptionsAreNamedByTheirRecordComponent() {
        assertThatThrownBy(() -> TrainerOptions.defaults().withMaxEpochs(0)).hasMessageStartingWith("TrainerOptions.maxEpochs");
        assertThatThrownBy(() -> TrainerOptions.defaults().withClipNorm(-1)).hasMessageStartingWith("TrainerOptions.clipNorm");
        assertThatThrownBy(() -> TrainerOptions.defaults().withMaxMinutes(0)).hasMessageStartingWith("TrainerOptions.maxMinutes");
        assertThatThrownBy(() -> TrainerOptions.defaults().withValidateEvery(-1))
                .hasMessageStartingWith("TrainerOptions.validateEvery");
        assertThatThrownBy(() -> SgdOptions.of(-0.1)).hasMessageContaining("-0.1");
    }

    @Test
    void theCsvLogHoldsTrainingAndValidationRowsAndAResumedRunAppends() throws Exception {
        Path log = dir.resolve("log.csv");
        Path checkpoint = dir.resolve("c.ckpt");
        ScriptedObjective objective = new ScriptedObjective(new double[] {4, 2}, new double[] {1.5});
        trainer(objective, 2, TrainerOptions.defaults().withMaxEpochs(1).withCheckpoints(checkpoint, 0))
                .addListener(new CsvLog(log, 1)).fit();
        assertThat(Files.readAllLines(log)).containsExactly(CsvLog.HEADER, "1,1,%s,0.5,4.0,,".formatted(
                Files.readAllLines(log).get(1).split(",")[2]), "2,1,%s,0.5,2.0,,".formatted(
                Files.readAllLines(log).get(2).split(",")[2]), "2,1,%s,0.5,,1.5,".formatted(
                Files.readAllLines(log).get(3).split(",")[2]));

        ScriptedObjective more = new ScriptedObjective(new double[] {1}, new double[] {1});
        trainer(more, 2, TrainerOptions.defaults().withMaxEpochs(2).withCheckpoints(checkpoint, 0))
                .resume(checkpoint).addListener(new CsvLog(log, 1)).fit();
        List<String> lines = Files.readAllLines(log);
        assertThat(lines).hasSize(7);
        assertThat(lines.get(4)).startsWith("3,2,");
    }

    @Test
    @EnabledOnOs(OS.LINUX) // /dev/full: every write fails as on a full disk
    void aLogThatCannotBeWrittenEndsTheLogNotTheRun() {
        ScriptedObjective objective = new ScriptedObjective(new double[] {4, 2}, new double[] {1.5});
        TrainingResult result = trainer(objective, 2, TrainerOptions.defaults().withMaxEpochs(3))
                .addListener(new CsvLog(Path.of("/dev/full"), 1)).fit();
        assertThat(result.progress().step()).isEqualTo(6);
        assertThat(result.outputProblems()).singleElement().asString()
                .startsWith("could not write the training log /dev/full (No space left on device)")
                .endsWith("the run went on");
    }

    @Test
    void aRunWhoseListenersWroteEverythingHasNoOutputProblems() {
        ScriptedObjective objective = new ScriptedObjective(new double[] {1}, new double[] {1});
        assertThat(trainer(objective, 2, TrainerOptions.defaults().withMaxEpochs(1))
                .addListener(new CsvLog(dir.resolve("ok.csv"), 1)).fit().outputProblems()).isEmpty();
    }
}
