package org.rnn4j.cli;

import java.io.PrintWriter;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.rnn4j.forecast.ForecastData;
import org.rnn4j.forecast.Forecaster;
import org.rnn4j.forecast.SeasonalNaive;
import org.rnn4j.forecast.Theta;
import org.rnn4j.forecast.SeriesCsv;
import org.rnn4j.forecast.TimeAxis;
import org.rnn4j.io.AtomicFiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code rnn4j forecast}: the next --horizon values of a series, as CSV and as a plot. */
@Command(name = "forecast", header = "Forecasts the points after the end of a series, as CSV and a plot.",
        mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Forecasts the points after the end of a series with a model written by",
                "train-forecaster. Writes them as CSV (step, time, forecast, seasonal_naive and,",
                "with --hold-out, actual) and as a PNG plot of the history, the forecast, the",
                "seasonal naive forecast and the actual values. The file must have the columns",
                "the model was trained on."},
        footer = {
                "",
                "Last line, with --hold-out: mase=... naive_mase=... theta_mase=...",
                "(as eval-forecaster prints).",
                "",
                "Examples:",
                "  rnn4j forecast --model air.safetensors --csv AirPassengers.csv \\",
                "        --out air-next.csv",
                "  rnn4j forecast --model air.safetensors --csv AirPassengers.csv --hold-out \\",
                "      --out air-test.csv --plot air-test.png --plot-last 60"})
final class ForecastCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;
    @Option(names = {"-m", "--model"}, paramLabel = "MODEL", required = true, description = "a model written by train-forecaster")
    Path model;
    @Option(names = "--csv", required = true, paramLabel = "FILE", description = "the series, with the model's columns")
    Path csv;
    @Option(names = {"-o", "--out"}, required = true, paramLabel = "CSV", description = "the forecasts to write "
            + "(replaced atomically if it exists)")
    Path out;
    @Option(names = "--plot", paramLabel = "PNG", description = "the plot to write (default: CSV with .png)")
    Path plot;
    @Option(names = "--hold-out", description = "forecast the last --horizon points of the file from the points "
            + "before them, and show the actual values beside the forecast")
    boolean holdOut;
    @Option(names = "--plot-last", defaultValue = "0", paramLabel = "N", description = "draw only the last N points of"
            + " history; 0 = all (default: ${DEFAULT-VALUE})")
    int plotLast;
    @Option(names = "--overwrite", description = "replace output files that exist (otherwise an existing file is"
            + " an error)")
    boolean overwrite;
    @Option(names = "--json", description = "print the summary as one JSON object")
    boolean json;

    @Override
    public Integer call() {
        PrintWriter console = spec.commandLine().getOut();
        if (plotLast < 0) {
            throw new IllegalArgumentException("--plot-last must be 0 (all) or more, got " + plotLast);
        }
        Path png = plot != null ? plot : pngBeside(out);
        new OutputFiles().input("--csv", csv).input("--model", model).output("--out", out).output("--plot", png)
                .overwrite(overwrite).check();
        InputFiles.requireReadableFile("--model", model);
        Forecaster forecaster = Forecaster.load(model);
        int horizon = forecaster.horizon();
        int season = forecaster.spec().season();
        SeriesCsv.Table table = ForecastInput.read(csv, forecaster.spec());
        int n = table.size();
        if (holdOut) {
            ForecastInput.checkHorizon(table, horizon, forecaster.spec(), "by --hold-out");
        } else if (n < forecaster.minHistory()) {
            throw new IllegalArgumentException(csv + ": " + n + " points, but the model reads " + forecaster.minHistory()
                    + " before a forecast (its window and one season); use a longer series");
        }
        int end = holdOut ? n - horizon : n;
        ForecastData history = table.data().head(end);
        double[] actual = holdOut ? table.data().tail(horizon).target() : null;
        double[] forecast = forecaster.forecast(history);
        double[] naive = SeasonalNaive.forecast(history.target(), season, horizon);
        TimeAxis time = table.time();

        List<String> lines = new ArrayList<>();
        String timeHeader = forecaster.spec().timeColumn() != null ? forecaster.spec().timeColumn() : "index";
        lines.add("step," + csvField(timeHeader) + ",forecast,seasonal_naive" + (holdOut ? ",actual" : ""));
        for (int h = 0; h < horizon; h++) {
            lines.add((h + 1) + "," + csvField(time.label(end + h)) + "," + number(forecast[h]) + ","
                    + number(naive[h]) + (holdOut ? "," + number(actual[h]) : ""));
        }
        AtomicFiles.write(out, stream -> stream.write((String.join("\n", lines) + "\n")
                .getBytes(StandardCharsets.UTF_8)));
        int from = plotLast == 0 ? 0 : Math.max(0, end - plotLast);
        ForecastChart.write(png, csv.getFileName() + ", column '" + forecaster.spec().column() + "': "
                        + (holdOut ? "forecast of the last " + horizon + " points" : horizon + "-step forecast"),
                timeHeader, time, history.target(), from, forecast, naive, actual);

        RunSummary summary = new RunSummary().row("model", model).row("series", csv + ", column '"
                        + forecaster.spec().column() + "', " + end + " points of history")
                .row("forecast", horizon + " steps, " + time.label(end) + " .. " + time.label(end + horizon - 1))
                .row("csv", out).row("plot", png);
        if (holdOut) {
            ForecastInput.Scores scores = ForecastInput.Scores.of(history.target(), actual, forecast, season);
            ForecastInput.Scores naiveScores = ForecastInput.Scores.of(history.target(), actual, naive, season);
            ForecastInput.Scores thetaScores = ForecastInput.Scores.of(history.target(), actual,
                    Theta.forecast(history.target(), season, horizon), season);
            summary.headline("mase", scores.mase()).headline("naive_mase", naiveScores.mase())
                    .headline("theta_mase", thetaScores.mase());
        }
        summary.print(console, json);
        return 0;
    }

    private static Path pngBeside(Path csvOut) {
        String name = csvOut.getFileName().toString();
        String stem = name.toLowerCase(java.util.Locale.ROOT).endsWith(".csv") ? name.substring(0, name.length() - 4)
                : name;
        return csvOut.resolveSibling(stem + ".png");
    }

    /** Six decimals at most, no exponent, no trailing zeros. */
    static String number(double x) {
        return BigDecimal.valueOf(x).setScale(6, RoundingMode.HALF_EVEN).stripTrailingZeros().toPlainString();
    }

    private static String csvField(String s) {
        return s.contains(",") || s.contains("\"") || s.contains("\n") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
    }
}
