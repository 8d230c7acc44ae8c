package org.rnn4j.cli;

import java.nio.file.Path;
import java.util.List;
import org.rnn4j.forecast.ForecasterSpec;
import org.rnn4j.forecast.SeriesCsv;
import org.rnn4j.forecast.Transform;
import org.rnn4j.metrics.ForecastMetrics;

/** What the forecasting commands share: reading and checking the series file, and scoring a forecast. */
final class ForecastInput {
    private ForecastInput() {
    }

    /**
     * Reads the value, input and time columns of {@code csv} (numbers everywhere, evenly spaced times) and, for the
     * log transform, checks that every value is positive, naming the line of the first that is not.
     */
    static SeriesCsv.Table read(Path csv, ForecasterSpec spec) {
        InputFiles.requireReadableFile("--csv", csv);
        SeriesCsv.Table table = SeriesCsv.readTable(csv, spec.column(), spec.inputColumns(), spec.timeColumn());
        if (spec.transform() == Transform.LOG) {
            for (int t = 0; t < table.size(); t++) {
                double y = table.data().target(t);
                if (!(y > 0)) {
                    throw new IllegalArgumentException(csv + ": line " + table.line(t) + ", column '" + spec.column()
                            + "': " + y + " has no logarithm; --transform log needs positive values (use --transform"
                            + " none)");
                }
            }
        }
        return table;
    }

    /** Refuses a horizon that leaves too little history before it, naming the file and the sizes. */
    static void checkHorizon(SeriesCsv.Table table, int horizon, ForecasterSpec options, String what) {
        int minHistory = options.window() + options.season();
        int n = table.size();
        if (horizon >= n) {
            throw new IllegalArgumentException(table.file() + ": the horizon (" + horizon + ") is not shorter than the "
                    + "series (" + n + " points): the last " + horizon + " points are held out " + what + ", leaving "
                    + "no history; use a shorter --horizon or a longer series");
        }
        if (n - horizon < minHistory) {
            throw new IllegalArgumentException(table.file() + ": " + n + " points minus the " + horizon + " held out "
                    + what + " leave " + (n - horizon) + ", but the model reads " + minHistory + " points before a "
                    + "forecast (--window " + options.window() + " and one season of " + options.season() + "); use a"
                    + " shorter --window or --horizon, or a longer series");
        }
    }

    /** MAE, RMSE, sMAPE and MASE of a forecast, in the order the commands print them. */
    record Scores(double mae, double rmse, double smape, double mase) {
        static Scores of(double[] history, double[] actual, double[] forecast, int season) {
            return new Scores(ForecastMetrics.mae(actual, forecast), ForecastMetrics.rmse(actual, forecast),
                    ForecastMetrics.smape(actual, forecast), ForecastMetrics.mase(history, actual, forecast, season));
        }

        List<Double> values() {
            return List.of(mae, rmse, smape, mase);
        }
    }

    static final List<String> METRICS = List.of("MAE", "RMSE", "sMAPE", "MASE");
}
