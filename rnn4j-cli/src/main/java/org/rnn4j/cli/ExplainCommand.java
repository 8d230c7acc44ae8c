package org.rnn4j.cli;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import org.rnn4j.diagnostics.GradientNorms;
import org.rnn4j.io.AtomicFiles;
import org.rnn4j.loss.MeanSquaredError;
import org.rnn4j.models.ManyToOne;
import org.rnn4j.nn.Parameter;
import org.rnn4j.nn.recurrent.CellType;
import org.rnn4j.nn.recurrent.RecurrentConfig;
import org.rnn4j.optim.GradientClipping;
import org.rnn4j.tasks.AddingExperiment;
import org.rnn4j.tasks.AddingProblem;
import org.rnn4j.tasks.ExperimentOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** The principles of the classic RNN explainer, shown on real numbers. */
@Command(name = "explain", mixinStandardHelpOptions = true,
        description = "Shows why recurrent networks behave as they do, on real numbers.",
        subcommands = {ExplainCommand.Gradients.class, ExplainParallelism.class, ExplainBidirectional.class,
                ExplainMemory.class})
public final class ExplainCommand {

    @Command(name = "gradients", mixinStandardHelpOptions = true,
            description = {"The vanishing-gradient picture: ||dLoss/dh_t|| for every step t of the adding problem,"
                    + " for a tanh RNN, an LSTM and a GRU, untrained and (with --max-minutes) trained;"
                    + " then the exploding case (recurrent weights with spectral radius above 1) with and without"
                    + " clipping. Writes gradients.csv and gradients.png into --out."},
            footer = {"", "Example:", "  rnn4j explain gradients --length 100 --max-minutes 2 --out gradients"})
    static final class Gradients implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Option(names = "--cell", paramLabel = "CELL", defaultValue = "all", description = "rnn, lstm, gru or all (default: ${DEFAULT-VALUE})")
        String cell;
        @Option(names = "--length", paramLabel = "N", defaultValue = "100", description = "sequence length T (default: ${DEFAULT-VALUE})")
        int length;
        @Option(names = "--hidden", paramLabel = "H", defaultValue = "128", description = "hidden units (default: ${DEFAULT-VALUE})")
        int hidden;
        @Option(names = "--max-minutes", paramLabel = "MINUTES",
                description = "also train each cell this long on the adding problem and measure again (default: ${DEFAULT-VALUE})")
        double trainMinutes = 0;
        @Option(names = "--spectral-radius", paramLabel = "R", defaultValue = "2.0",
                description = "radius of the relu RNN's recurrent weights in the exploding case (default: ${DEFAULT-VALUE})")
        double radius;
        @Option(names = "--clip-norm", paramLabel = "NORM", description = "global-norm clipping threshold shown (default: ${DEFAULT-VALUE})")
        double clip = 1.0;
        @Option(names = "--out", paramLabel = "DIR", defaultValue = "gradients", description = "output folder (default: ${DEFAULT-VALUE})")
        Path out;
        @Option(names = "--seed", paramLabel = "SEED", defaultValue = "1", description = "random seed (default: ${DEFAULT-VALUE})")
        long seed;

        /**
         * The old spelling of --max-minutes, kept for one release. The new option's default is its field's
         * initial value, not a {@code defaultValue}, which picocli would apply after parsing, over this.
         */
        @Option(names = "--train-minutes", paramLabel = "MINUTES", hidden = true)
        void oldTrainMinutes(double value) {
            trainMinutes = value;
        }

        /**
         * The old spelling of --clip-norm, kept for one release. The new option's default is its field's
         * initial value, not a {@code defaultValue}, which picocli would apply after parsing, over this.
         */
        @Option(names = "--clip", paramLabel = "NORM", hidden = true)
        void oldClip(double value) {
            clip = value;
        }

        @Override
        public Integer call() throws Exception {
            if (length < 2 || hidden < 1 || !(radius > 0) || !(clip > 0) || trainMinutes < 0) {
                throw new IllegalArgumentException("--length must be at least 2, --hidden, --spectral-radius and"
                        + " --clip-norm positive, --max-minutes 0 or more");
            }
            List<CellType> cells = cell.equals("all") ? List.of(CellType.RNN_TANH, CellType.LSTM, CellType.GRU)
                    : List.of(CliValues.cell(cell));
            Files.createDirectories(out);
            PrintWriter w = spec.commandLine().getOut();
            AddingProblem.Batch probe = new AddingProblem(length).sample(100, new SplittableRandom(seed + 7));
            Map<String, double[]> series = new LinkedHashMap<>();
            for (CellType type : cells) {
                ExperimentOptions options = ExperimentOptions.defaults().withCell(type).withLength(length)
                        .withHidden(hidden).withMaxSteps(Integer.MAX_VALUE).withMaxMinutes(Math.max(trainMinutes, 1e-9))
                        .withEvalEvery(500).withTestSize(500).withSeed(seed);
                ManyToOne model = AddingExperiment.newModel(options);
                series.put(type.id() + " untrained", report(w, type.id() + " untrained", model, probe));
                if (trainMinutes > 0) {
                    double mse = AddingExperiment.train(model, options, w).testLoss();
                    w.printf("%s trained for %.1f min: test MSE %.4f%n", type.id(), trainMinutes, mse);
                    series.put(type.id() + " trained", report(w, type.id() + " trained", model, probe));
                }
            }
            series.put("rnn_relu radius " + radius, explode(w, probe));
            writeCsv(out.resolve("gradients.csv"), series);
            LogScaleChart.write(out.resolve("gradients.png"), "||dLoss/dh_t|| on the adding problem, T = " + length,
                    "time step t (the loss reads the last step)", "mean ||dLoss/dh_t||", series);
            w.printf("wrote %s and %s%n", out.resolve("gradients.csv"), out.resolve("gradients.png"));
            return 0;
        }

        private double[] report(PrintWriter w, String name, ManyToOne model, AddingProblem.Batch probe) {
            double[] norms = GradientNorms.perStep(model, probe.inputs(), probe.targets());
            w.printf("%-16s ||dL/dh_t|| at t=T-1: %.3e  t=T/2: %.3e  t=0: %.3e  (first/last %.1e)%n", name,
                    norms[length - 1], norms[length / 2], norms[0], norms[0] / norms[length - 1]);
            return norms;
        }

        /** A relu RNN with recurrent weights of spectral radius above 1: gradients explode; clipping bounds the step. */
        private double[] explode(PrintWriter w, AddingProblem.Batch probe) {
            ManyToOne rnn = new ManyToOne(RecurrentConfig.of(CellType.RNN_RELU, 2, hidden), 1, new SplittableRandom(seed));
            Parameter whh = rnn.parameters().get(1);
            double before = GradientNorms.setSpectralRadius(whh, radius);
            double[] norms = GradientNorms.perStep(rnn, probe.inputs(), probe.targets());
            w.printf("exploding: relu RNN, spectral radius of weight_hh %.2f -> %.2f: ||dL/dh_t|| at t=T-1 %.3e, t=0 %.3e%n",
                    before, radius, norms[length - 1], norms[0]);
            ManyToOne.Trace trace = rnn.forward(probe.inputs(), null, null);
            rnn.backward(trace, new MeanSquaredError().compute(trace.output(), probe.targets()).gradient());
            List<Parameter> params = new ArrayList<>(rnn.parameters());
            double norm = GradientClipping.clipGlobalNorm(params, clip);
            double after = GradientClipping.globalNorm(params);
            w.printf("exploding: global gradient norm %.3e without clipping; %.3e after clipping to %.1f%n",
                    norm, after, clip);
            return norms;
        }

        private static void writeCsv(Path file, Map<String, double[]> series) {
            StringBuilder sb = new StringBuilder("t");
            series.keySet().forEach(k -> sb.append(',').append(k.replace(' ', '_')));
            sb.append('\n');
            int steps = series.values().iterator().next().length;
            for (int t = 0; t < steps; t++) {
                sb.append(t);
                for (double[] s : series.values()) {
                    sb.append(',').append(s[t]);
                }
                sb.append('\n');
            }
            AtomicFiles.write(file, o -> o.write(sb.toString().getBytes(StandardCharsets.UTF_8)));
        }
    }
}
