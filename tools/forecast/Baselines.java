import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.rnn4j.forecast.SeasonalNaive;
import org.rnn4j.forecast.Theta;
import org.rnn4j.metrics.ForecastMetrics;

/**
 * Seasonal naive against the Theta method on every univariate series of a folder of CSVs with an INDEX.csv
 * (name, …, frequency, …, columns), as R's datasets are staged: the last h points held out (M4's horizons:
 * 18 monthly, 8 quarterly, 6 otherwise), MASE of each. Prints one row per series and the win count.
 *
 *   java -cp rnn4j-cli/target/rnn4j.jar tools/forecast/Baselines.java DIR
 */
public class Baselines {
    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args[0]);
        List<String> lines = Files.readAllLines(dir.resolve("INDEX.csv"));
        int thetaWins = 0;
        int series = 0;
        double logRatio = 0;
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",(?=(?:[^\"]*\"[^\"]*\")*[^\"]*$)");
            String name = f[0].replace("\"", "");
            double frequency = Double.parseDouble(f[3]);
            if (!f[6].replace("\"", "").equals("value") || frequency != Math.rint(frequency) || frequency > 12) {
                continue; // multivariate, or a season this rule has no horizon for
            }
            int season = (int) Math.max(1, frequency);
            int horizon = season == 12 ? 18 : season == 4 ? 8 : 6;
            double[] y = read(dir.resolve(name + ".csv"));
            if (y == null || y.length < 2 * season + horizon + 3) {
                continue;
            }
            double[] history = Arrays.copyOf(y, y.length - horizon);
            double[] actual = Arrays.copyOfRange(y, y.length - horizon, y.length);
            double naive = ForecastMetrics.mase(history, actual, SeasonalNaive.forecast(history, season, horizon),
                    season);
            double theta = ForecastMetrics.mase(history, actual, Theta.forecast(history, season, horizon), season);
            series++;
            thetaWins += theta < naive ? 1 : 0;
            logRatio += Math.log(theta / naive);
            System.out.printf(Locale.ROOT, "%-16s m=%-2d h=%-2d n=%-5d naive_mase=%.4f theta_mase=%.4f%n", name, season,
                    horizon, y.length, naive, theta);
        }
        System.out.printf(Locale.ROOT, "series=%d theta_better=%d geometric_mean_ratio_theta_to_naive=%.4f%n", series,
                thetaWins, Math.exp(logRatio / series));
    }

    /** The value column of a CSV whose header has one, or null when a value is missing (NA). */
    private static double[] read(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file);
        String[] header = lines.get(0).split(",");
        int column = List.of(header).indexOf("value");
        List<Double> values = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            String v = line.split(",")[column];
            if (v.equals("NA")) {
                return null;
            }
            values.add(Double.parseDouble(v));
        }
        return values.stream().mapToDouble(Double::doubleValue).toArray();
    }
}
