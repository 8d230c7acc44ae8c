package org.rnn4j.forecast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnn4j.io.FileFormatException;
import org.rnn4j.io.Provenance;
import org.rnn4j.io.Safetensors;
import org.rnn4j.loss.MeanAbsoluteError;
import org.rnn4j.loss.MeanSquaredError;
import org.rnn4j.metrics.ForecastMetrics;
import org.rnn4j.nn.Parameter;
import org.rnn4j.nn.recurrent.CellType;
import org.rnn4j.tensor.Tensor;
import org.rnn4j.train.RegressionBatch;
import org.rnn4j.train.TrainerOptions;
import org.rnn4j.train.TrainingResult;

/** Scaling, the held-out test part, training on a series it can learn, and the model file. */
class ForecasterTest {
    private static final int H = 6;

    @TempDir
    Path dir;

    /** A noisy sine of period 16 on a trend, with an extra input column (a noisy cosine). */
    private static ForecastData noisySine(int n, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[] y = new double[n];
        double[] x = new double[n];
        for (int t = 0; t < n; t++) {
            y[t] = 50 + 0.05 * t + 10 * Math.sin(2 * Math.PI * t / 16) + rng.nextGaussian();
            x[t] = Math.cos(2 * Math.PI * t / 16) + 0.1 * rng.nextGaussian();
        }
        return new ForecastData(y, List.of(x));
    }

    /** One LSTM of 12 units reading 16 points of "y" and the extra input "x". */
    private static ForecasterSpec small(int season) {
        return ForecasterSpec.defaults("y", H, season).withCell(CellType.LSTM).withHiddenSize(12).withWindow(16)
                .withEnsemble(1).withInputColumns(List.of("x")).withTimeColumn("t");
    }

    /** 8 validation windows, Adam at 0.005 on the squared error, clipped at 1, the best weights kept. */
    private static ForecasterTraining training(int epochs, long seed) {
        return ForecasterTraining.defaults(H).withValidationWindows(8).withLearningRate(0.005)
                .withLoss(new MeanSquaredError()).withTrainer(TrainerOptions.defaults().withMaxEpochs(epochs)
                        .withClipNorm(1).withEarlyStopping(0, true).withSeed(seed));
    }

    /** A new, untrained forecaster of {@code history}: its scalers fitted, its networks initialised. */
    private static ForecasterTrainer prepare(ForecasterSpec spec, ForecastData history, long seed) {
        return ForecasterTrainer.prepare(history, spec, training(1, seed));
    }

    @Test
    void scalersAreFittedOnTheTrainingWindowsAndBatchesScaleBackToTheRawTargets() {
        ForecastData history = noisySine(120, 1);
        Forecaster model = prepare(small(16), history, 1).forecaster();
        ForecastWindows windows = model.windows(history);
        ForecastWindows.Split split = ForecastWindows.split(120, 16, 16, H, 8);

        assertThat(model.inputScalers()).hasSize(3);
        double[] targets = new double[split.trainingWindows() * H];
        int i = 0;
        for (int origin : split.trainingOrigins()) {
            for (double r : windows.rawTargets(origin)) {
                targets[i++] = r;
            }
        }
        assertThat(model.targetScaler()).isEqualTo(Scaler.fitStandard(targets));

        RegressionBatch batch = model.batch(windows, List.of(split.firstValidation(), split.lastTraining()));
        assertThat(batch.inputs().shape()).containsExactly(2, 16, 3);
        assertThat(batch.targets().shape()).containsExactly(2, H);
        double[] raw = windows.rawTargets(split.lastTraining());
        for (int h = 0; h < H; h++) {
            assertThat(model.targetScaler().inverse(batch.targets().at(1, h))).isCloseTo(raw[h], within(1e-5));
        }
        double[][] rawInputs = windows.rawInputs(split.firstValidation());
        assertThat(model.inputScalers().get(2).inverse(batch.inputs().at(0, 15, 2)))
                .isCloseTo(rawInputs[15][2], within(1e-5));
    }

    @Test
    void theTestPartNeverReachesTrainingScalingOrTheForecast() {
        // Two series equal up to the test part, then wildly different: everything learned must be identical.
        ForecastData a = noisySine(110, 2);
        double[] changed = a.target();
        List<double[]> inputs = a.inputs();
        for (int t = 110 - H; t < 110; t++) {
            changed[t] = 1e6 * (t % 2 == 0 ? 1 : -1);
            inputs.get(0)[t] = -1e6;
        }
        ForecastData b = new ForecastData(changed, inputs);
        Forecaster[] models = new Forecaster[2];
        ForecastData[] full = {a, b};
        for (int k = 0; k < 2; k++) {
            ForecastData history = full[k].head(full[k].size() - H); // what train-forecaster does
            models[k] = ForecasterTrainer.train(history, small(16), training(2, 3), List.of()).forecaster();
        }

        assertThat(models[1].inputScalers()).isEqualTo(models[0].inputScalers());
        assertThat(models[1].targetScaler()).isEqualTo(models[0].targetScaler());
        for (int p = 0; p < models[0].parameters().size(); p++) {
            assertThat(models[1].parameters().get(p).value().toArray())
                    .containsExactly(models[0].parameters().get(p).value().toArray());
        }
        assertThat(models[1].forecast(b.head(110 - H))).containsExactly(models[0].forecast(a.head(110 - H)));
    }

    @Test
    void theValidationTargetsDoNotReachTheScalers() {
        ForecastData a = noisySine(100, 4);
        double[] changed = a.target();
        for (int t = 100 - 8; t < 100; t++) { // inside the last validation window's targets only
            changed[t] += 1000;
        }
        Forecaster m1 = prepare(small(16), a, 1).forecaster();
        Forecaster m2 = prepare(small(16), new ForecastData(changed, a.inputs()), 1).forecaster();

        assertThat(m2.inputScalers()).isEqualTo(m1.inputScalers());
        assertThat(m2.targetScaler()).isEqualTo(m1.targetScaler());
    }

    @Test
    void learnsANoisySineThatTheNaiveForecastCannotFollow() {
        ForecastData data = noisySine(260, 5);
        ForecastData history = data.head(260 - H);
        double[] actual = data.tail(H).target();
        // season 1: the baseline is the plain naive forecast (the last value, flat); the sine is the network's job
        ForecasterTrainer recipe = ForecasterTrainer.prepare(history, small(1), training(40, 5));
        Forecaster model = recipe.forecaster();
        double[] before = model.forecast(history);

        TrainingResult result = recipe.fit(List.of());

        double[] naive = SeasonalNaive.forecast(history.target(), 1, H);
        double naiveMae = ForecastMetrics.mae(actual, naive);
        double modelMae = ForecastMetrics.mae(actual, model.forecast(history));
        assertThat(ForecastMetrics.mae(actual, before)).isGreaterThan(0.5 * naiveMae); // untrained: no better
        assertThat(modelMae).as("MAE %s vs naive %s", modelMae, naiveMae).isLessThan(0.2 * naiveMae);
        assertThat(modelMae).isLessThan(1.5); // the noise has standard deviation 1
        assertThat(result.lastValidation().loss()).isLessThan(0.5);
    }

    @Test
    void anEnsembleSavesAndLoadsAndForecastsTheSame() {
        ForecastData history = noisySine(100, 6);
        ForecasterSpec spec = small(16).withEnsemble(2).withTransform(Transform.NONE)
                .withBaseline(Baseline.LAST_VALUE);
        Forecaster model = ForecasterTrainer.train(history, spec, ForecasterTraining.defaults(H).withValidationWindows(8)
                .withLearningRate(1e-3).withLoss(new MeanAbsoluteError())
                .withTrainer(TrainerOptions.defaults().withMaxEpochs(1).withSeed(7)), List.of()).forecaster();
        Path file = dir.resolve("f.safetensors");

        model.save(file, Provenance.now(7L, null, "test"));
        Forecaster loaded = Forecaster.load(file);

        assertThat(loaded.spec()).isEqualTo(spec);
        assertThat(loaded.inputScalers()).isEqualTo(model.inputScalers());
        assertThat(loaded.targetScaler()).isEqualTo(model.targetScaler());
        assertThat(loaded.forecast(history)).containsExactly(model.forecast(history));
        assertThat(loaded.choice()).isEqualTo(model.choice());
        assertThat(loaded.describe()).startsWith("2 x Lstm(input 3, hidden 12) -> 6 steps; window 16, season 16, "
                + "no transform, relative to last-value");
        Map<String, Tensor> tensors = Safetensors.read(file).tensors();
        assertThat(tensors).containsKeys("member0.weight_ih_l0", "member1.head.weight");
        // the two members start from different weights
        assertThat(tensors.get("member0.weight_hh_l0").toArray())
                .isNotEqualTo(tensors.get("member1.weight_hh_l0").toArray());
    }

    @Test
    void oneNetworkKeepsPyTorchNamesAndLoadingRefusesOtherModels() {
        ForecastData history = noisySine(100, 8);
        Forecaster model = prepare(small(4).withInputColumns(List.of()).withTimeColumn(null),
                new ForecastData(history.target(), List.of()), 1).forecaster();
        Path file = dir.resolve("one.safetensors");
        model.save(file, Provenance.now(1L, null, "test"));

        assertThat(model.parameters()).extracting(Parameter::name).contains("weight_ih_l0", "head.weight");
        assertThat(Forecaster.load(file).spec().timeColumn()).isNull();
        assertThatThrownBy(() -> model.forecast(history))
                .hasMessageContaining("reads 0 extra input columns [], but the data hold 1");
        assertThatThrownBy(() -> model.forecast(ForecastData.of(1, 2, 3)))
                .hasMessage("a forecast reads 20 points (ForecasterSpec.window 16 and one season of 4 before it), but the history "
                        + "has 3");
        Path notAModel = dir.resolve("x.safetensors");
        Safetensors.write(notAModel, Map.of("w", Tensor.zeros(1)), Map.of());
        assertThatThrownBy(() -> Forecaster.load(notAModel)).isInstanceOf(FileFormatException.class)
                .hasMessageContaining("is not an rnn4j model");
    }

    @Test
    void afterTrainingTheForecastWithTheLowestValidationErrorIsChosen() {
        ForecastData history = noisySine(100, 6);
        ForecasterTrainer recipe = ForecasterTrainer.prepare(history, small(16).withTransform(Transform.NONE),
                ForecasterTraining.defaults(H).withValidationWindows(8).withTrainer(TrainerOptions.defaults()
                        .withMaxEpochs(1).withSeed(3)));
        recipe.fit(List.of());

        Map<ForecastChoice, Double> errors = recipe.validationErrors();
        assertThat(errors).containsOnlyKeys(ForecastChoice.values());
        double best = errors.values().stream().mapToDouble(Double::doubleValue).min().orElseThrow();
        assertThat(errors.get(recipe.forecaster().choice())).isEqualTo(best);
        assertThat(recipe.forecaster().forecast(history))
                .containsExactly(recipe.forecaster().forecast(history, recipe.forecaster().choice()));
    }

    @Test
    void withoutValidationWindowsTheNetworksForecast() {
        ForecasterTrainer recipe = ForecasterTrainer.prepare(noisySine(100, 6), small(16),
                ForecasterTraining.defaults(H).withValidationWindows(0).withTrainer(TrainerOptions.defaults()
                        .withMaxEpochs(1)));
        recipe.fit(List.of());

        assertThat(recipe.validationErrors()).isEmpty();
        assertThat(recipe.forecaster().choice()).isEqualTo(ForecastChoice.NETWORK);
    }
}
