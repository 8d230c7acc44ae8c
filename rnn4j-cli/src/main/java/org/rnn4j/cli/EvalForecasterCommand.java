package org.rnn4j.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.rnn4j.forecast.ForecastData;
import org.rnn4j.forecast.Forecaster;
import org.rnn4j.forecast.SeasonalNaive;
import org.rnn4j.forecast.Theta;
import org.rnn4j.forecast.SeriesCsv;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code rnn4j eval-forecaster}: the model against seasonal naive on the last --horizon points of a series. */
@Command(name = "eval-forecaster", header = "Scores a forecaster on the end of a series against seasonal naive and Theta.",
        mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Forecasts the last --horizon points of a series from the points before them",
                "with a model written by train-forecaster and with the seasonal naive forecast,",
                "and prints MAE, RMSE, sMAPE (M4's, in percent) and MASE (scaled by the seasonal",
                "naive forecast's in-sample error) of both, and of the Theta method (M4's",
                "statistical benchmark: exponential smoothing with half a linear trend, on the",
                "deseasonalised series). On the file the model was trained",
                "on, these are its held-out test points."},
        footer = {"", "Last line: mase=... naive_mase=... theta_mase=... (the model beats a baseline",
                "when its mase is lower)", "",
                "Examples:",
                "  rnn4j eval-forecaster --model air.safetensors --csv AirPassengers.csv",
                "  rnn4j eval-forecaster --model air.safetensors --csv AirPassengers.csv --json"})
final class EvalForecasterCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;
    @Option(names = {"-m", "--model"}, paramLabel = "MODEL", required = true, description = "a model written by train-forecaster")
    Path model;
    @Option(names = "--csv", required = true, paramLabel = "FILE", description = "the series, with the model's columns")
    Path csv;
    @Option(names = "--json", description = "print the summary as one JSON object")
    boolean json;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        InputFiles.requireReadableFile("--model", model);
        Forecaster forecaster = Forecaster.load(model);
        int horizon = forecaster.horizon();
        int season = forecaster.spec().season();
        SeriesCsv.Table table = ForecastInput.read(csv, forecaster.spec());
        ForecastInput.checkHorizon(table, horizon, forecaster.spec(), "for testing");
        int n = table.size();
        ForecastData history = table.data().head(n - horizon);
        double[] actual = table.data().tail(horizon).target();
        double[] forecast = forecaster.forecast(history);
        double[] naive = SeasonalNaive.forecast(history.target(), season, horizon);
        double[] theta = Theta.forecast(history.target(), season, horizon);
        ForecastInput.Scores scores = ForecastInput.Scores.of(history.target(), actual, forecast, season);
        ForecastInput.Scores naiveScores = ForecastInput.Scores.of(history.target(), actual, naive, season);
        ForecastInput.Scores thetaScores = ForecastInput.Scores.of(history.target(), actual, theta, season);

        RunSummary summary = new RunSummary().row("model", model + ": " + forecaster.describe())
                .row("series", csv + ", column '" + forecaster.spec().column() + "': " + (n - horizon)
                        + " points of history, the last " + horizon + " tested ("
                        + table.time().label(n - horizon) + " .. " + table.time().label(n - 1) + ")");
        List<String> block = new ArrayList<>();
        block.add(String.format(Locale.ROOT, "%n  %-7s %14s %16s %14s", "", "model", "seasonal naive", "theta"));
        for (int i = 0; i < ForecastInput.METRICS.size(); i++) {
            String name = ForecastInput.METRICS.get(i);
            block.add(String.format(Locale.ROOT, "  %-7s %14s %16s %14s", name,
                    RunSummary.format(scores.values().get(i)), RunSummary.format(naiveScores.values().get(i)),
                    RunSummary.format(thetaScores.values().get(i))));
            if (i < ForecastInput.METRICS.size() - 1) {
                summary.field(name.toLowerCase(Locale.ROOT), scores.values().get(i))
                        .field("naive_" + name.toLowerCase(Locale.ROOT), naiveScores.values().get(i))
                        .field("theta_" + name.toLowerCase(Locale.ROOT), thetaScores.values().get(i));
            }
        }
        summary.block(block).lastLine("mase", scores.mase()).lastLine("naive_mase", naiveScores.mase())
                .lastLine("theta_mase", thetaScores.mase());
        summary.print(out, json);
        return 0;
    }
}
