package org.rnn4j.forecast;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.rnn4j.optim.Adam;
import org.rnn4j.optim.AdamOptions;
import org.rnn4j.train.DatasetBatches;
import org.rnn4j.train.RegressionBatch;
import org.rnn4j.train.Trainer;
import org.rnn4j.train.TrainerOptions;
import org.rnn4j.train.TrainingListener;
import org.rnn4j.train.TrainingResult;

/**
 * How a forecaster is trained, the recipe of {@code rnn4j train-forecaster}: the history cut into training
 * windows and its last windows held out for validation ({@link ForecastWindows#split}); the scalers fitted on the
 * training windows only; the networks initialised (seeded) and trained side by side with Adam on shuffled batches
 * of windows, keeping the best validation's weights.
 *
 * <pre>{@code
 * ForecasterTrainer.Result t = ForecasterTrainer.train(history, ForecasterSpec.defaults("value", 12, 12)
 *         .withTransform(Transform.LOG), ForecasterTraining.defaults(12), List.of());
 * double[] next = t.forecaster().forecast(history);
 * }</pre>
 *
 * <p>{@link #prepare} builds everything without training, so that a caller can report the sizes first.
 */
public final class ForecasterTrainer {
    private final Forecaster forecaster;
    private final ForecastWindows.Split split;
    private final Trainer<RegressionBatch> trainer;
    private final ForecastData history;
    private Map<ForecastChoice, Double> validationErrors = Map.of();

    /** A trained forecaster and how its training ended. */
    public record Result(Forecaster forecaster, TrainingResult result) {
    }

    private ForecasterTrainer(Forecaster forecaster, ForecastWindows.Split split, Trainer<RegressionBatch> trainer,
                              ForecastData history) {
        this.forecaster = forecaster;
        this.split = split;
        this.trainer = trainer;
        this.history = history;
    }

    /**
     * Trains a forecaster on {@code history}: everything before the test part, never the test part.
     *
     * @throws IllegalArgumentException when the history makes no training window, or its extra inputs are not
     *     those the spec names
     */
    public static Result train(ForecastData history, ForecasterSpec spec, ForecasterTraining training,
                                List<TrainingListener> listeners) {
        ForecasterTrainer recipe = prepare(history, spec, training);
        return new Result(recipe.forecaster(), recipe.fit(listeners));
    }

    /**
     * Everything {@link #train} does before the first step: the windows split, the scalers fitted, the networks
     * initialised, the batches planned, a checkpoint resumed from when {@code training.files()} says so.
     */
    public static ForecasterTrainer prepare(ForecastData history, ForecasterSpec spec, ForecasterTraining training) {
        Objects.requireNonNull(history, "history");
        if (history.inputCount() != spec.inputColumns().size()) {
            throw new IllegalArgumentException(spec.inputColumns().size() + " extra input columns are named, but the"
                    + " data hold " + history.inputCount());
        }
        ForecastWindows windows = Forecaster.windows(spec, history);
        ForecastWindows.Split split = ForecastWindows.split(history.size(), spec.window(), spec.season(),
                spec.horizon(), training.validationWindows());
        TrainerOptions options = training.trainer();
        if (training.validationWindows() == 0) { // nothing to stop early on or to keep the best of
            options = options.withEarlyStopping(0, false);
        }
        Forecaster forecaster = new Forecaster(spec, fitInputScalers(spec, windows, split),
                fitTargetScaler(spec, windows, split), Forecaster.newNetworks(spec, windows.features(), options.seed()));

        List<Integer> trainingOrigins = boxed(split.trainingOrigins());
        List<Integer> validation = boxed(split.validationOrigins());
        int batch = training.batchSize();
        Trainer<RegressionBatch> trainer = new Trainer<>(new EnsembleRegression(forecaster.networks(),
                forecaster.parameters(), training.loss()), new Adam(AdamOptions.defaults()
                .withLearningRate(training.learningRate())), null,
                DatasetBatches.shuffled(trainingOrigins, batch, options.seed(), o -> forecaster.batch(windows, o)),
                validation.isEmpty() ? null : DatasetBatches.inOrder(validation, batch, o -> forecaster.batch(windows, o)),
                training.files().applyTo(options));
        training.files().prepare(trainer);
        return new ForecasterTrainer(forecaster, split, trainer, history);
    }

    /** One standard scaler per input feature, fitted on the features of every training window. */
    private static List<Scaler> fitInputScalers(ForecasterSpec spec, ForecastWindows windows,
                                                ForecastWindows.Split split) {
        int features = windows.features();
        int[] origins = split.trainingOrigins();
        double[][] featureValues = new double[features][origins.length * spec.window()];
        for (int i = 0; i < origins.length; i++) {
            double[][] x = windows.rawInputs(origins[i]);
            for (int k = 0; k < spec.window(); k++) {
                for (int f = 0; f < features; f++) {
                    featureValues[f][i * spec.window() + k] = x[k][f];
                }
            }
        }
        List<Scaler> scalers = new ArrayList<>();
        for (double[] values : featureValues) {
            scalers.add(Scaler.fitStandard(values));
        }
        return scalers;
    }

    /** The standard scaler of the residual targets of the training windows (never the validation windows'). */
    private static Scaler fitTargetScaler(ForecasterSpec spec, ForecastWindows windows, ForecastWindows.Split split) {
        int[] origins = split.trainingOrigins();
        double[] targetValues = new double[origins.length * spec.horizon()];
        for (int i = 0; i < origins.length; i++) {
            System.arraycopy(windows.rawTargets(origins[i]), 0, targetValues, i * spec.horizon(), spec.horizon());
        }
        return Scaler.fitStandard(targetValues);
    }

    private static List<Integer> boxed(int[] values) {
        List<Integer> list = new ArrayList<>(values.length);
        for (int v : values) {
            list.add(v);
        }
        return list;
    }

    /**
     * Trains until a limit of the options is reached, telling {@code listeners}; then chooses what the forecaster
     * returns (see {@link ForecastChoice}) by the mean absolute error of each choice on the validation windows.
     */
    public TrainingResult fit(List<TrainingListener> listeners) {
        listeners.forEach(trainer::addListener);
        TrainingResult result = trainer.fit();
        choose();
        return result;
    }

    /**
     * MAE over the validation windows, in the series' units: each origin forecasts from the points up to it and
     * is scored on the next H. The lowest wins; on a tie the networks (the first) do. No validation windows: the
     * networks.
     */
    private void choose() {
        int[] origins = split.validationOrigins();
        if (origins.length == 0) {
            return;
        }
        int horizon = forecaster.horizon();
        double[] target = history.target();
        Map<ForecastChoice, Double> errors = new EnumMap<>(ForecastChoice.class);
        for (ForecastChoice choice : ForecastChoice.values()) {
            errors.put(choice, 0.0);
        }
        for (int origin : origins) {
            // Each forecast once per origin; the blend is their mean.
            ForecastData upToOrigin = history.head(origin + 1);
            double[] network = forecaster.forecast(upToOrigin, ForecastChoice.NETWORK);
            double[] theta = forecaster.forecast(upToOrigin, ForecastChoice.THETA);
            Map<ForecastChoice, double[]> forecasts = Map.of(ForecastChoice.NETWORK, network,
                    ForecastChoice.BASELINE, forecaster.forecast(upToOrigin, ForecastChoice.BASELINE),
                    ForecastChoice.THETA, theta, ForecastChoice.BLEND, Forecaster.blend(network, theta));
            forecasts.forEach((choice, forecast) -> {
                double sum = 0;
                for (int h = 0; h < horizon; h++) {
                    sum += Math.abs(target[origin + 1 + h] - forecast[h]);
                }
                errors.merge(choice, sum / ((double) origins.length * horizon), Double::sum);
            });
        }
        ForecastChoice best = ForecastChoice.NETWORK;
        for (ForecastChoice choice : ForecastChoice.values()) {
            if (errors.get(choice) < errors.get(best)) {
                best = choice;
            }
        }
        forecaster.choose(best);
        validationErrors = Map.copyOf(errors);
    }

    /** Each choice's mean absolute error on the validation windows, after {@link #fit}; empty without them. */
    public Map<ForecastChoice, Double> validationErrors() {
        return validationErrors;
    }

    public Forecaster forecaster() {
        return forecaster;
    }

    /** The training and validation windows. */
    public ForecastWindows.Split split() {
        return split;
    }

    /** The seed in use: the options', or the resumed checkpoint's. */
    public long seed() {
        return trainer.seed();
    }
}
