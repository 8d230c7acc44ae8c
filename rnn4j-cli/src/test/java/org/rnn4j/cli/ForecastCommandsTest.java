package org.rnn4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnn4j.io.Safetensors;
import org.rnn4j.io.SafetensorsFile;
import org.rnn4j.tensor.Tensor;

/** train-forecaster, forecast and eval-forecaster on AirPassengers, and the errors a user can make. */
class ForecastCommandsTest {
    /** Small and short: one network, few epochs; enough to see the loss fall and the files appear. */
    private static final List<Object> QUICK = List.of("--column", "value", "--time-column", "time", "--horizon", 12,
            "--season", 12, "--transform", "log", "--hidden", 12, "--ensemble", 1, "--max-epochs", 25, "--lr", 0.01,
            "--patience", 0, "--seed", 3);

    @TempDir
    static Path shared;
    @TempDir
    Path dir;

    private static Path air;
    private static Path model;
    private static CliTesting.Result trained;

    private static Path resource(String name) {
        try {
            return Path.of(ForecastCommandsTest.class.getResource("/forecast/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Object[] args(Object... first) {
        List<Object> all = new ArrayList<>(Arrays.asList(first));
        all.addAll(QUICK);
        return all.toArray();
    }

    @BeforeAll
    static void trainOnce() {
        air = resource("AirPassengers.csv");
        model = shared.resolve("air.safetensors");
        trained = CliTesting.run(args("train-forecaster", "--csv", air, "--out", model, "--quiet"));
    }

    private static String lastLine(String out) {
        List<String> lines = out.lines().toList();
        return lines.get(lines.size() - 1);
    }

    private static double field(String line, String key) {
        for (String part : line.split(" ")) {
            if (part.startsWith(key + "=")) {
                return Double.parseDouble(part.substring(key.length() + 1));
            }
        }
        throw new AssertionError("no " + key + " in " + line);
    }

    private static List<Double> column(List<String> csv, int index) {
        return csv.stream().skip(1).map(l -> l.split(",", -1)[index]).filter(v -> !v.isEmpty())
                .map(Double::parseDouble).toList();
    }

    private static List<String> read(Path file) {
        try {
            return Files.readAllLines(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean isPng(Path file) throws IOException {
        byte[] head = Arrays.copyOf(Files.readAllBytes(file), 8);
        return Arrays.equals(head, new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
    }

    @Test
    void trainingWritesTheModelLogAndChartAndTheLossFalls() throws IOException {
        assertThat(trained.exitCode()).as(trained.err()).isZero();
        assertThat(trained.err()).isEmpty();
        String last = lastLine(trained.out());
        assertThat(last).matches("val_loss=\\S+ test_mase=\\S+ naive_mase=1\\.5709 theta_mase=\\S+");
        assertThat(trained.out()).contains("windows       50 training, 12 validation");
        assertThat(Files.exists(model)).isTrue();
        assertThat(isPng(shared.resolve("air.loss.png"))).isTrue();

        List<String> log = read(shared.resolve("air.log.csv"));
        assertThat(log.get(0)).startsWith("step,epoch,seconds,learning_rate,train_loss,val_loss");
        List<Double> training = column(log, 4);
        List<Double> validation = column(log, 5);
        assertThat(validation).hasSize(25);
        assertThat(training.get(training.size() - 1)).isLessThan(0.8 * training.get(0));
        // the output layer starts at zero, so the first validation is already the baseline's: it falls less
        assertThat(validation.stream().mapToDouble(Double::doubleValue).min().orElseThrow())
                .isLessThan(validation.get(0));
        assertThat(field(last, "val_loss")).isEqualTo(validation.stream().mapToDouble(d -> d).min().orElseThrow(),
                org.assertj.core.api.Assertions.within(1e-4));
    }

    @Test
    void evalPrintsTheTableAndTheSameMaseAsTraining() {
        CliTesting.Result eval = CliTesting.run("eval-forecaster", "--model", model, "--csv", air);

        assertThat(eval.exitCode()).as(eval.err()).isZero();
        assertThat(eval.out()).contains("model   seasonal naive", "theta", "MAE", "RMSE", "sMAPE", "MASE",
                "the last 12 tested (1960 .. 1960.916667)");
        String last = lastLine(eval.out());
        assertThat(last).matches("mase=\\S+ naive_mase=1\\.5709 theta_mase=\\S+");
        assertThat(field(last, "mase")).isEqualTo(field(lastLine(trained.out()), "test_mase"));

        CliTesting.Result json = CliTesting.run("eval-forecaster", "--model", model, "--csv", air, "--json");
        assertThat(json.out().lines()).hasSize(1);
        assertThat(json.out()).contains("\"naive_mase\":1.57", "\"naive_smape\":", "\"rmse\":", "\"theta_mase\":");
    }

    @Test
    void forecastWritesTheNextYearAsCsvAndPng() throws IOException {
        Path csv = dir.resolve("next.csv");
        CliTesting.Result r = CliTesting.run("forecast", "--model", model, "--csv", air, "--out", csv);

        assertThat(r.exitCode()).as(r.err()).isZero();
        List<String> lines = read(csv);
        assertThat(lines).hasSize(13);
        assertThat(lines.get(0)).isEqualTo("step,time,forecast,seasonal_naive");
        assertThat(lines.get(1)).startsWith("1,1961,").endsWith(",417");
        assertThat(lines.get(12)).startsWith("12,1961.916667,").endsWith(",432");
        for (String line : lines.subList(1, 13)) {
            double forecast = Double.parseDouble(line.split(",")[2]);
            assertThat(forecast).isBetween(300.0, 800.0);
        }
        assertThat(isPng(dir.resolve("next.png"))).isTrue();
        assertThat(r.out()).contains("12 steps, 1961 .. 1961.916667");
    }

    @Test
    void forecastWithHoldOutShowsTheActualValuesAndScoresAsEval() throws IOException {
        Path csv = dir.resolve("test.csv");
        Path png = dir.resolve("plot.png");
        CliTesting.Result r = CliTesting.run("forecast", "--model", model, "--csv", air, "--out", csv, "--plot", png,
                "--hold-out", "--plot-last", 48);

        assertThat(r.exitCode()).as(r.err()).isZero();
        List<String> lines = read(csv);
        assertThat(lines.get(0)).isEqualTo("step,time,forecast,seasonal_naive,actual");
        assertThat(lines.get(1)).startsWith("1,1960,").endsWith(",360,417"); // Jan 1959 as naive, Jan 1960 actual
        assertThat(isPng(png)).isTrue();
        assertThat(lastLine(r.out())).isEqualTo(lastLine(CliTesting.run("eval-forecaster", "--model", model,
                "--csv", air).out()));
    }

    @Test
    void theTestPartDoesNotChangeTheModel() throws IOException {
        // The same file with the held-out year replaced: the model files hold the same weights and scalers.
        List<String> lines = new ArrayList<>(read(air));
        for (int i = lines.size() - 12; i < lines.size(); i++) {
            String[] f = lines.get(i).split(",");
            lines.set(i, f[0] + "," + f[1] + "," + f[2] + ",99999");
        }
        Path changed = Files.write(dir.resolve("changed.csv"), lines);
        Path other = dir.resolve("other.safetensors");
        CliTesting.Result r = CliTesting.run(args("train-forecaster", "--csv", changed, "--out", other, "--quiet"));

        assertThat(r.exitCode()).as(r.err()).isZero();
        SafetensorsFile a = Safetensors.read(model);
        SafetensorsFile b = Safetensors.read(other);
        assertThat(b.metadata().get("scalers")).isEqualTo(a.metadata().get("scalers"));
        assertThat(b.tensors().keySet()).isEqualTo(a.tensors().keySet());
        for (Map.Entry<String, Tensor> e : a.tensors().entrySet()) {
            assertThat(b.tensors().get(e.getKey()).toArray()).as(e.getKey()).containsExactly(e.getValue().toArray());
        }
        assertThat(field(lastLine(r.out()), "val_loss")).isEqualTo(field(lastLine(trained.out()), "val_loss"));
    }

    @Test
    void aResumedRunEndsWithTheWeightsOfAnUninterruptedOne() {
        Path whole = dir.resolve("whole.safetensors");
        Path parts = dir.resolve("parts.safetensors");
        Path checkpoints = dir.resolve("ckpt");
        List<Object> common = List.of("train-forecaster", "--csv", air, "--column", "value", "--horizon", 12,
                "--season", 12, "--hidden", 8, "--ensemble", 2, "--quiet", "--seed", 4);
        CliTesting.Result first = CliTesting.run(concat(common, "--out", whole, "--max-epochs", 6));
        CliTesting.Result half = CliTesting.run(concat(common, "--out", parts, "--max-epochs", 3, "--checkpoint-dir",
                checkpoints));
        CliTesting.Result rest = CliTesting.run(concat(common, "--out", parts, "--max-epochs", 6, "--checkpoint-dir",
                checkpoints, "--resume"));

        assertThat(List.of(first.exitCode(), half.exitCode(), rest.exitCode())).as(half.err() + rest.err())
                .containsOnly(0);
        Map<String, Tensor> a = Safetensors.read(whole).tensors();
        Map<String, Tensor> b = Safetensors.read(parts).tensors();
        for (Map.Entry<String, Tensor> e : a.entrySet()) {
            assertThat(b.get(e.getKey()).toArray()).as(e.getKey()).containsExactly(e.getValue().toArray());
        }
        assertThat(lastLine(rest.out())).isEqualTo(lastLine(first.out()));
    }

    private static Object[] concat(List<Object> first, Object... more) {
        List<Object> all = new ArrayList<>(first);
        all.addAll(Arrays.asList(more));
        return all.toArray();
    }

    @Test
    void anExistingModelIsNotOverwrittenWithoutOverwrite() throws IOException {
        Path existing = Files.writeString(dir.resolve("m.safetensors"), "keep me");
        CliTesting.Result r = CliTesting.run(args("train-forecaster", "--csv", air, "--out", existing));

        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).isEqualTo("rnn4j: " + existing + " exists: pass --overwrite to replace it, or choose "
                + "another --out" + System.lineSeparator());
        assertThat(Files.readString(existing)).isEqualTo("keep me");
    }

    @Test
    void jsonAndExtraInputColumns() throws IOException {
        // a made-up monthly series with a driver column and ISO months: y follows x one step later
        StringBuilder csv = new StringBuilder("month,x,y\n");
        for (int t = 0; t < 90; t++) {
            double x = Math.sin(t * 0.7) + (t % 12) * 0.1;
            double prev = Math.sin((t - 1) * 0.7) + ((t + 11) % 12) * 0.1;
            csv.append(String.format(java.util.Locale.ROOT, "%d-%02d,%.4f,%.4f%n", 2000 + t / 12, t % 12 + 1, x,
                    10 + 2 * prev));
        }
        Path file = Files.writeString(dir.resolve("driver.csv"), csv);
        Path m = dir.resolve("driver.safetensors");
        CliTesting.Result r = CliTesting.run("train-forecaster", "--csv", file, "--column", "y", "--time-column",
                "month", "--input-columns", "x", "--horizon", 3, "--season", 12, "--ensemble", 2, "--hidden", 8,
                "--max-epochs", 3, "--out", m, "--json");

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out().lines()).hasSize(1);
        JsonNode json = new ObjectMapper().readTree(r.out());
        assertThat(json.get("architecture").asText()).startsWith("2 x Lstm(input 3, hidden 8) -> 3 steps; window 36");
        assertThat(json.get("test_mase").isNumber()).isTrue();

        Path out = dir.resolve("driver-next.csv");
        CliTesting.Result f = CliTesting.run("forecast", "--model", m, "--csv", file, "--out", out);
        assertThat(f.exitCode()).as(f.err()).isZero();
        assertThat(read(out)).element(1).asString().startsWith("1,2007-07,");

        Path noDriver = Files.writeString(dir.resolve("nodriver.csv"), "month,y\n2000-01,1\n");
        CliTesting.Result missing = CliTesting.run("forecast", "--model", m, "--csv", noDriver, "--out", out,
                "--overwrite");
        assertThat(missing.err()).isEqualTo("rnn4j: " + noDriver + ": no column 'x'; its columns are: month, y"
                + System.lineSeparator());
    }

    private static String error(Object... args) {
        CliTesting.Result r = CliTesting.run(args);
        assertThat(r.exitCode()).as(r.out()).isEqualTo(1);
        assertThat(r.err().lines()).hasSize(1);
        return r.err().strip();
    }

    @Test
    void aSpecOrTrainingErrorOfTheLibraryIsShownWithTheFlag() {
        Path m = dir.resolve("m.safetensors");
        assertThat(error(args("train-forecaster", "--csv", air, "--out", m, "--layers", 0)))
                .isEqualTo("rnn4j: --layers must be at least 1, got 0");
        assertThat(error(args("train-forecaster", "--csv", air, "--out", m, "--relative-to", "mean")))
                .isEqualTo("rnn4j: --relative-to must be seasonal-naive, seasonal-mean or last-value, got 'mean'");
        assertThat(error(args("train-forecaster", "--csv", air, "--out", m, "--batch", 0)))
                .isEqualTo("rnn4j: --batch must be at least 1, got 0");
        assertThat(m).doesNotExist();
    }

    @Test
    void aMissingColumnListsTheColumnsTheFileHas() {
        assertThat(error("train-forecaster", "--csv", air, "--column", "passengers", "--horizon", 12, "--season", 12,
                "--out", dir.resolve("m.safetensors")))
                .isEqualTo("rnn4j: " + air + ": no column 'passengers'; its columns are: time, year, cycle, value");
    }

    @Test
    void aCellThatIsNotANumberIsNamedByLineAndColumn() throws IOException {
        List<String> lines = new ArrayList<>(read(air));
        lines.set(5, lines.get(5).replaceAll(",[0-9]+$", ",NA"));
        Path file = Files.write(dir.resolve("na.csv"), lines);

        assertThat(error(args("train-forecaster", "--csv", file, "--out", dir.resolve("m.safetensors"))))
                .isEqualTo("rnn4j: " + file + ": line 6, column 'value': 'NA' is not a number; fill or drop missing "
                        + "values first");
    }

    @Test
    void aGapInTheTimesIsNamedByLine() throws IOException {
        List<String> lines = new ArrayList<>(read(air));
        lines.remove(30);
        Path file = Files.write(dir.resolve("gap.csv"), lines);

        assertThat(error(args("train-forecaster", "--csv", file, "--out", dir.resolve("m.safetensors"))))
                .startsWith("rnn4j: " + file + ": line 31, column 'time': the time goes from 1951.333333 (line 30) "
                        + "to 1951.5, a gap of 1 missing point (the series steps by 0.083333); add the missing rows");
    }

    @Test
    void aHorizonLongerThanTheSeriesOrTooLittleHistoryIsExplained() {
        assertThat(error("train-forecaster", "--csv", air, "--column", "value", "--horizon", 200, "--season", 12,
                "--out", dir.resolve("m.safetensors")))
                .isEqualTo("rnn4j: " + air + ": the horizon (200) is not shorter than the series (144 points): the "
                        + "last 200 points are held out for testing, leaving no history; use a shorter --horizon or a "
                        + "longer series");
        assertThat(error("train-forecaster", "--csv", air, "--column", "value", "--horizon", 48, "--season", 12,
                "--out", dir.resolve("m.safetensors")))
                .isEqualTo("rnn4j: " + air + ": 144 points minus the 48 held out for testing leave 96, but the model "
                        + "reads 108 points before a forecast (--window 96 and one season of 12); use a shorter "
                        + "--window or --horizon, or a longer series");
        assertThat(error("train-forecaster", "--csv", air, "--column", "value", "--horizon", 36, "--season", 12,
                "--window", 24, "--out", dir.resolve("m.safetensors")))
                .startsWith("rnn4j: " + air + ": 144 points, 36 held out for testing: a history of 108 points is too "
                        + "short for --window 24, --season 12, --horizon 36 and 36 validation windows: a first "
                        + "training window needs 143 points");
    }

    @Test
    void anEmptyFileANonPositiveValueForLogAndAMissingFileAreErrors() throws IOException {
        Path empty = Files.writeString(dir.resolve("empty.csv"), "time,value\n");
        assertThat(error(args("train-forecaster", "--csv", empty, "--out", dir.resolve("m.safetensors"))))
                .isEqualTo("rnn4j: " + empty + ": has a header but no data rows; a series needs at least one value");

        List<String> lines = new ArrayList<>(read(air));
        lines.set(3, lines.get(3).replaceAll(",[0-9]+$", ",0"));
        Path zero = Files.write(dir.resolve("zero.csv"), lines);
        assertThat(error(args("train-forecaster", "--csv", zero, "--out", dir.resolve("m.safetensors"))))
                .isEqualTo("rnn4j: " + zero + ": line 4, column 'value': 0.0 has no logarithm; --transform log needs "
                        + "positive values (use --transform none)");

        assertThat(error("eval-forecaster", "--model", dir.resolve("none.safetensors"), "--csv", air))
                .isEqualTo("rnn4j: " + dir.resolve("none.safetensors") + ": no such file (--model)");
    }

    @Test
    void everyCommandHasHelpWithExamples() {
        for (String command : List.of("train-forecaster", "forecast", "eval-forecaster")) {
            CliTesting.Result r = CliTesting.run(command, "--help");
            assertThat(r.exitCode()).isZero();
            assertThat(r.out()).contains("Examples:", "rnn4j " + command + " --", "Last line");
        }
        assertThat(CliTesting.run("train-forecaster", "--help").out().replaceAll("\\s+", " ")).contains("(default: 400)");
    }
}
