package org.rnn4j.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.rnn4j.forecast.Baseline;
import org.rnn4j.forecast.ForecastData;
import org.rnn4j.forecast.ForecastWindows;
import org.rnn4j.forecast.Forecaster;
import org.rnn4j.forecast.ForecasterSpec;
import org.rnn4j.forecast.ForecasterTrainer;
import org.rnn4j.forecast.ForecasterTraining;
import org.rnn4j.forecast.SeasonalNaive;
import org.rnn4j.forecast.Theta;
import org.rnn4j.forecast.SeriesCsv;
import org.rnn4j.forecast.Transform;
import org.rnn4j.io.Provenance;
import org.rnn4j.loss.ElementwiseLoss;
import org.rnn4j.loss.Huber;
import org.rnn4j.loss.MeanAbsoluteError;
import org.rnn4j.loss.MeanSquaredError;
import org.rnn4j.train.TrainingHistory;
import org.rnn4j.train.TrainingListener;
import org.rnn4j.train.TrainingResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code rnn4j train-forecaster}: a recurrent forecaster of one series, tested on its last --horizon points. */
@Command(name = "train-forecaster", mixinStandardHelpOptions = true, sortOptions = false,
        defaultValueProvider = TrainForecasterCommand.Defaults.class,
        description = {"Trains a time-series forecaster on one numeric column of a CSV file.",
                "The last --horizon points are held out as the test part, never seen in",
                "training or scaling; the last --validation-windows windows before them",
                "validate (early stopping, best weights kept). Each network (an LSTM by",
                "default) reads --window points and forecasts the next --horizon at once,",
                "as corrections to the seasonal naive forecast (or to the last value); the",
                "scaling is stored in the model. Series must be evenly spaced, without gaps."},
        footer = {
                "",
                "Last line: val_loss=... test_mase=... naive_mase=... theta_mase=... (MASE on",
                "the held-out points, for the model, seasonal naive and the Theta method)",
                "",
                "Examples:",
                "  rnn4j train-forecaster --csv AirPassengers.csv --column value \\",
                "      --time-column time --horizon 12 --season 12 --transform log \\",
                "      --out air.safetensors",
                "  rnn4j train-forecaster --csv sunspot.month.csv --column value --horizon 12 \\",
                "      --season 132 --relative-to last-value --window 60 --ensemble 3 \\",
                "      --out sun.safetensors --max-minutes 3",
                "  rnn4j train-forecaster --csv sales.csv --column sales --time-column week \\",
                "      --input-columns price,promo --horizon 4 --season 52 \\",
                "      --out sales.safetensors"})
final class TrainForecasterCommand implements Callable<Integer> {
    /** Epochs here are a few batches each (a short series makes few windows), so the default is higher. */
    static final String DEFAULT_MAX_EPOCHS = "400";

    /** Gives --max-epochs, which the shared run options default to 20, this command's own default. */
    static final class Defaults implements IDefaultValueProvider {
        @Override
        public String defaultValue(ArgSpec argSpec) {
            return argSpec instanceof OptionSpec o && o.longestName().equals("--max-epochs") ? DEFAULT_MAX_EPOCHS
                    : null;
        }
    }

    @Spec
    CommandSpec spec;
    @Option(names = "--csv", required = true, paramLabel = "FILE", description = "the series: a CSV or TSV file with a "
            + "header row")
    Path csv;
    @Option(names = "--column", required = true, paramLabel = "C", description = "the column to forecast")
    String column;
    @Option(names = "--time-column", paramLabel = "C", description = "the time of each row (numbers such as 1949.5, "
            + "or dates 2024-01-31 or months 2024-01): checked to be evenly spaced, used in forecasts and plots")
    String timeColumn;
    @Option(names = "--input-columns", split = ",", paramLabel = "A,B", description = "extra numeric columns the "
            + "network also reads (their past values only, so forecasting needs no future values)")
    List<String> inputColumns = List.of();
    @Option(names = "--horizon", required = true, paramLabel = "H", description = "steps to forecast; also the size "
            + "of the held-out test part")
    int horizon;
    @Option(names = "--season", required = true, paramLabel = "M", description = "the seasonal period in steps (12 "
            + "monthly, 4 quarterly, 1 for none)")
    int season;
    @Option(names = "--window", paramLabel = "L", description = "points read before each forecast (default: three "
            + "seasons, at least 2 x horizon and 8; shorter for a series too short for that)")
    Integer window;
    @Option(names = "--transform", paramLabel = "TRANSFORM", defaultValue = "none", description = "none, or log for a positive series whose "
            + "seasonal swing grows with its level (default: ${DEFAULT-VALUE})")
    String transform;
    @Option(names = "--relative-to", paramLabel = "COLUMN", defaultValue = "seasonal-naive", description = "the forecast the network "
            + "corrects: seasonal-naive, seasonal-mean (the mean over the window's seasons) or last-value "
            + "(default: ${DEFAULT-VALUE})")
    String relativeTo;
    @Mixin
    ArchitectureOptions recurrent = ArchitectureOptions.withDefaults("lstm", 32, 1, 0f);
    @Option(names = "--ensemble", defaultValue = "" + Forecaster.DEFAULT_ENSEMBLE, paramLabel = "K", description =
            "networks trained side by side from different initial weights; the forecast is their mean (default: "
            + "${DEFAULT-VALUE})")
    int ensemble;
    @Mixin
    OptimizerOptions optimizer = OptimizerOptions.withDefaults(16, 0.003, 1);
    @Option(names = "--loss", paramLabel = "LOSS", defaultValue = "mae", description = "mae, mse or huber, on the scaled residuals "
            + "(default: ${DEFAULT-VALUE})")
    String loss;
    @Option(names = "--validation-windows", paramLabel = "V", description = "the last windows before the test part "
            + "held out for validation; 0 = none (default: = --horizon; fewer for a series too short for that)")
    Integer validationWindows;
    @Option(names = "--patience", paramLabel = "N", defaultValue = "20", description = "stop after this many epochs without a better "
            + "validation loss; 0 = never (default: ${DEFAULT-VALUE})")
    int patience;
    @Mixin
    TrainingRunOptions run;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        run.checkOutputs();
        ForecasterSpec forecasterSpec = ForecasterSpec.defaults(column, horizon, season).withCell(CliValues.cell(recurrent.cell))
                .withHiddenSize(recurrent.hidden).withLayers(recurrent.layers).withDropout(recurrent.dropout)
                .withTransform(Transform.fromId(transform)).withBaseline(Baseline.fromId(relativeTo))
                .withEnsemble(ensemble).withInputColumns(inputColumns).withTimeColumn(timeColumn);
        ElementwiseLoss lossFunction = switch (loss) {
            case "mse" -> new MeanSquaredError();
            case "mae" -> new MeanAbsoluteError();
            case "huber" -> new Huber(1.0);
            default -> throw new IllegalArgumentException("--loss must be mae, mse or huber, got '" + loss + "'");
        };
        SeriesCsv.Table table = ForecastInput.read(csv, forecasterSpec);
        ForecastInput.checkHorizon(table, horizon, forecasterSpec, "for testing");
        int n = table.size();
        // Sizes not given fit the history: a short series gets fewer validation windows and a shorter window.
        ForecastWindows.Sizes fitting = ForecastWindows.defaultSizes(n - horizon, season, horizon);
        forecasterSpec = forecasterSpec.withWindow(window != null ? window
                : validationWindows != null ? ForecasterSpec.defaultWindow(horizon, season) : fitting.window());
        int validation = validationWindows != null ? validationWindows
                : window != null ? horizon : fitting.validationWindows();
        if (validation < 0) {
            throw new IllegalArgumentException("--validation-windows must be 0 or more, got " + validation);
        }
        ForecasterTraining training = ForecasterTraining.defaults(horizon).withValidationWindows(validation)
                .withBatchSize(optimizer.batch).withLearningRate(optimizer.learningRate).withLoss(lossFunction)
                .withTrainer(run.trainerOptions().withClipNorm(optimizer.clipNorm).withEarlyStopping(patience, true))
                .withFiles(run.runFiles(10));
        ForecastData history = table.data().head(n - horizon);
        double[] actual = table.data().tail(horizon).target();
        try {
            ForecastWindows.split(history.size(), forecasterSpec.window(), season, horizon, validation);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(csv + ": " + n + " points, " + horizon + " held out for testing: "
                    + e.getMessage());
        }

        ForecasterTrainer recipe = ForecasterTrainer.prepare(history, forecasterSpec, training);
        Forecaster model = recipe.forecaster();
        ForecastWindows.Split split = recipe.split();
        TrainingHistory curves = new TrainingHistory();
        Interruption interruption = Interruption.install(spec.commandLine().getErr());
        List<TrainingListener> listeners = new ArrayList<>(List.of(curves, interruption));
        if (!run.quiet && !run.json) {
            out.printf(Locale.ROOT, "%s%n%s, column '%s': %d points; %d training and %d validation windows, the last"
                    + " %d points held out for testing%n", model.describe(), csv, column, n, split.trainingWindows(),
                    split.validationWindows(), horizon);
            listeners.add(ProgressBar.forConsole(out, run.maxEpochs, run.maxMinutes));
        }
        TrainingResult result = recipe.fit(listeners);

        double[] forecast = model.forecast(history);
        double[] naive = SeasonalNaive.forecast(history.target(), season, horizon);
        ForecastInput.Scores scores = ForecastInput.Scores.of(history.target(), actual, forecast, season);
        ForecastInput.Scores naiveScores = ForecastInput.Scores.of(history.target(), actual, naive, season);
        String command = "rnn4j " + String.join(" ", spec.commandLine().getParseResult().originalArgs());
        model.save(run.out, Provenance.of(command, recipe.seed(), List.of(csv)));
        LateOutputs late = new LateOutputs(result);
        late.write("chart", run.chartFile(), () -> LossChart.write(run.chartFile(), "train-forecaster: " + csv.getFileName() + ", " + model.describe(), curves));

        RunSummary summary = new RunSummary().row("model", run.out).row("architecture", model.describe())
                .row("parameters", model.parameters().stream().mapToLong(p -> p.size()).sum())
                .row("windows", split.trainingWindows() + " training, " + split.validationWindows() + " validation")
                .row("steps", result.progress().step()).row("seconds", result.seconds())
                .row("stopped", result.reason().description()).row("log", run.csvFile()).row("chart", run.chartFile())
                .row("test_mae", scores.mae()).row("naive_mae", naiveScores.mae())
                .row("test_smape", scores.smape()).row("naive_smape", naiveScores.smape());
        if (!recipe.validationErrors().isEmpty()) { // which forecast the model returns, chosen on validation
            summary.row("forecasts_by", model.choice().id() + " (validation MAE: " + String.join(", ",
                    recipe.validationErrors().entrySet().stream().sorted(Map.Entry.comparingByKey())
                            .map(e -> e.getKey().id() + " " + RunSummary.format(e.getValue())).toList()) + ")");
        }
        if (validation > 0) { // the best validation's weights were put back
            summary.headline("val_loss", result.progress().bestValidationLoss());
        }
        ForecastInput.Scores thetaScores = ForecastInput.Scores.of(history.target(), actual,
                Theta.forecast(history.target(), season, horizon), season);
        summary.headline("test_mase", scores.mase()).headline("naive_mase", naiveScores.mase())
                .headline("theta_mase", thetaScores.mase());
        summary.print(out, run.json);
        return late.report(spec.commandLine().getErr(), interruption.exitCode(result.reason()));
    }
}
