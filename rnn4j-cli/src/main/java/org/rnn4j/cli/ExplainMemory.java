package org.rnn4j.cli;

import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import org.rnn4j.nn.recurrent.CellType;
import org.rnn4j.tasks.AddingExperiment;
import org.rnn4j.tasks.CopyExperiment;
import org.rnn4j.tasks.ExperimentOptions;
import org.rnn4j.tasks.ExperimentResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The short-memory claim on one chart: the adding (or copy) task at several lags T, for a tanh RNN, an LSTM and a
 * GRU in the same budget, each result relative to the memoryless baseline (1 = remembers nothing).
 */
@Command(name = "memory", mixinStandardHelpOptions = true,
        description = {"Where each cell stops remembering: the adding problem (or --task copy) at several lengths T"
                + " for a tanh RNN, an LSTM and a GRU, each trained for the same --max-steps, its test loss"
                + " relative to the memoryless baseline (adding: MSE 0.167 of always answering 1; 1.0 = nothing"
                + " remembered). Writes memory.csv and memory.png into --out."},
        footer = {"", "Example:", "  rnn4j explain memory --out memory",
                "  rnn4j explain memory --task copy --lengths 10,20,50 --out memory"})
final class ExplainMemory implements Callable<Integer> {
    private static final List<CellType> CELLS = List.of(CellType.RNN_TANH, CellType.LSTM, CellType.GRU);

    @Spec
    CommandSpec spec;
    @Option(names = "--task", paramLabel = "TASK", defaultValue = "adding", description = "adding or copy (default: ${DEFAULT-VALUE})")
    String task;
    @Option(names = "--lengths", paramLabel = "T,T…", split = ",",
            description = "lengths (adding) or delays (copy) (default: 10,25,50,100,200; --quick 5,10,20)")
    int[] lengths;
    @Option(names = "--hidden", paramLabel = "H", description = "hidden units (default: 64; --quick 16)")
    Integer hidden;
    @Option(names = "--max-steps", paramLabel = "N",
            description = "training steps of each cell at each T: the budget, the same for every cell on a machine"
                    + " that other work slows down (default: 1500; --quick 300)")
    Integer maxSteps;
    @Option(names = "--max-minutes", paramLabel = "MINUTES",
            description = "training time of each cell at each T at most (default: 0.6; --quick 0.05)")
    Double maxMinutes;
    @Option(names = "--lr", paramLabel = "LR", defaultValue = "0.003", description = "Adam's learning rate (default: ${DEFAULT-VALUE})")
    double lr;
    @Option(names = "--quick", description = "short lengths, a small network, seconds per run: under a minute")
    boolean quick;
    @Option(names = "--out", paramLabel = "DIR", defaultValue = "memory", description = "output folder (default: ${DEFAULT-VALUE})")
    Path out;
    @Option(names = "--seed", paramLabel = "SEED", defaultValue = "1", description = "random seed (default: ${DEFAULT-VALUE})")
    long seed;

    @Override
    public Integer call() throws Exception {
        int[] ts = lengths != null ? lengths : quick ? new int[] {5, 10, 20} : new int[] {10, 25, 50, 100, 200};
        int h = hidden != null ? hidden : quick ? 16 : 64;
        double minutes = maxMinutes != null ? maxMinutes : quick ? 0.05 : 0.6;
        int steps = maxSteps != null ? maxSteps : quick ? 300 : 1500;
        boolean adding = task.equals("adding");
        if (!adding && !task.equals("copy")) {
            throw new IllegalArgumentException("--task must be adding or copy, got " + task);
        }
        if (ts.length == 0 || Arrays.stream(ts).anyMatch(t -> t < 2) || h < 1 || !(minutes > 0) || steps < 1
                || !(lr > 0)) {
            throw new IllegalArgumentException("--lengths must be at least 2, --hidden and --max-steps at least 1,"
                    + " --max-minutes and --lr positive");
        }
        ts = Arrays.stream(ts).sorted().toArray();
        Files.createDirectories(out);
        PrintWriter w = spec.commandLine().getOut();
        PrintWriter quiet = new PrintWriter(Writer.nullWriter());
        w.printf("explain memory: the %s task, hidden %d, %d steps (at most %.2f min) per cell and T, Adam %s,"
                + " batch 50%n", task, h, steps, minutes, lr);
        w.printf("%-9s %5s %7s %10s %9s %10s%s%n", "cell", "T", "steps", "test loss", "baseline", "relative",
                adding ? "" : "  recalled");
        List<Curve> curves = new ArrayList<>();
        List<Curve> recalled = new ArrayList<>();
        for (CellType cell : CELLS) {
            double[] relative = new double[ts.length];
            double[] accuracy = new double[ts.length];
            for (int i = 0; i < ts.length; i++) {
                ExperimentOptions o = ExperimentOptions.defaults().withCell(cell).withLength(ts[i]).withHidden(h)
                        .withMaxMinutes(minutes).withMaxSteps(steps).withLearningRate(lr).withEvalEvery(100)
                        .withTestSize(quick ? 200 : 1000).withSeed(seed);
                ExperimentResult r = adding ? AddingExperiment.run(o, quiet) : CopyExperiment.run(o, quiet);
                relative[i] = r.testLoss() / r.baseline();
                accuracy[i] = r.testAccuracy();
                w.printf("%-9s %5d %7d %10.4f %9.4f %10.3f%s%n", cell.id(), ts[i], r.steps(), r.testLoss(),
                        r.baseline(), relative[i], adding ? "" : String.format("  %8.1f%%", 100 * accuracy[i]));
            }
            curves.add(new Curve("relative_loss", cell.id(), doubles(ts), relative));
            if (!adding) {
                recalled.add(new Curve("recalled", cell.id(), doubles(ts), accuracy));
            }
            w.printf("  %s: %s%n", cell.id(), verdict(ts, relative));
        }
        List<Curve> all = new ArrayList<>(curves);
        all.addAll(recalled);
        Curve.writeCsv(out.resolve("memory.csv"), all);
        XyChart.write(out.resolve("memory.png"), (adding ? "Adding problem" : "Copy task") + ": test loss / baseline"
                        + " against T (" + steps + " steps per point, H " + h + ")",
                adding ? "sequence length T" : "delay T", "test loss / memoryless baseline (1 = forgets)", curves,
                true, false);
        w.printf("A cell remembers across T when its loss is far below the baseline (relative ≪ 1); near 1 it answers"
                + " as if it had forgotten what it read. The longest T each cell learnt in this budget (relative loss"
                + " below 0.5): %s. A longer budget moves every curve to the right (docs/long-memory.md).%n",
                longestRemembered(ts, curves));
        w.printf("wrote %s and %s%n", out.resolve("memory.csv"), out.resolve("memory.png"));
        return 0;
    }

    /** "remembers up to T = 50 (relative loss < 0.5), forgets from T = 100". */
    private static String verdict(int[] ts, double[] relative) {
        int lastGood = -1;
        for (int i = 0; i < ts.length && relative[i] < 0.5; i++) {
            lastGood = i;
        }
        if (lastGood == ts.length - 1) {
            return "remembers at every T tried (test loss below half the baseline up to T = " + ts[lastGood] + ")";
        }
        String forgets = "at T = " + ts[lastGood + 1] + " its test loss is " + String.format("%.2f", relative[lastGood + 1])
                + " of the baseline";
        return lastGood < 0 ? "learns none of these T in this budget; " + forgets
                : "remembers up to T = " + ts[lastGood] + " (test loss below half the baseline); " + forgets;
    }

    /** "rnn_tanh 25, lstm 100, gru 200" ("none" for a cell that learnt no T). */
    private static String longestRemembered(int[] ts, List<Curve> curves) {
        List<String> parts = new ArrayList<>();
        for (Curve c : curves) {
            int longest = -1;
            for (int i = 0; i < ts.length && c.ys()[i] < 0.5; i++) {
                longest = ts[i];
            }
            parts.add(c.name() + " " + (longest < 0 ? "none" : "T = " + longest));
        }
        return String.join(", ", parts);
    }

    private static double[] doubles(int[] xs) {
        return Arrays.stream(xs).asDoubleStream().toArray();
    }
}
