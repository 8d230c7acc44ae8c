package org.rnn4j.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import org.rnn4j.nn.recurrent.CellType;
import org.rnn4j.nn.recurrent.RecurrentCell;
import org.rnn4j.nn.recurrent.RecurrentConfig;
import org.rnn4j.nn.recurrent.RecurrentLayer;
import org.rnn4j.nn.recurrent.RecurrentState;
import org.rnn4j.nn.recurrent.StepBuffers;
import org.rnn4j.nn.recurrent.StepScratch;
import org.rnn4j.tensor.Blas;
import org.rnn4j.tensor.OneDnn;
import org.rnn4j.tensor.Parallel;
import org.rnn4j.tensor.RecurrentKernels;
import org.rnn4j.tensor.Tensor;
import org.rnn4j.train.Trainer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Why recurrence resists parallel hardware, measured: step t needs h_{t−1}, so a sequence's T steps run one after
 * the other and the time per sequence grows linearly with T, whatever the cores. What does parallelise: the input
 * projections of all steps (one product, which rnn4j runs before the loop), the rows of a batch (independent
 * sequences), and a layer with no recurrence, whose work over all steps is one product that cores can split.
 */
@Command(name = "parallelism", mixinStandardHelpOptions = true,
        description = {"Why an RNN parallelises poorly, measured on this machine: time per sequence against T for"
                + " RNN, LSTM and GRU (each step waits for the last); the input projections of all steps in one"
                + " product (what rnn4j does) against one product per step; sequences/s against the batch (the"
                + " parallelism that remains: across sequences); 1 against 2 threads; and a 1-D convolution (no"
                + " recurrence) for contrast. Writes parallelism.csv, parallelism-length.png and"
                + " parallelism-batch.png into --out."},
        footer = {"", "Example:", "  rnn4j explain parallelism --out parallelism",
                "  rnn4j explain parallelism --quick --out parallelism"})
final class ExplainParallelism implements Callable<Integer> {
    /** The convolution's kernel: each output step reads steps t−1, t and t+1. */
    private static final int KERNEL = 3;

    @Spec
    CommandSpec spec;
    @Option(names = "--lengths", paramLabel = "T,T…", split = ",",
            description = "sequence lengths (default: 25,50,100,200,400; --quick 10,20,40,80)")
    int[] lengths;
    @Option(names = "--batches", paramLabel = "B,B…", split = ",",
            description = "batch sizes of the throughput curve (default: 1,2,4,8,16,32,64; --quick 1,4,16)")
    int[] batches;
    @Option(names = "--input", paramLabel = "F", defaultValue = "32", description = "input features F (default: ${DEFAULT-VALUE})")
    int input;
    @Option(names = "--hidden", paramLabel = "H", description = "hidden units H (default: 256; --quick 128)")
    Integer hidden;
    @Option(names = "--seconds", paramLabel = "S",
            description = "measuring time per point, after the warm-up (default: 1; --quick 0.1)")
    Double seconds;
    @Option(names = "--quick", description = "small sizes and short measurements: under a minute")
    boolean quick;
    @Option(names = "--out", paramLabel = "DIR", defaultValue = "parallelism", description = "output folder (default: ${DEFAULT-VALUE})")
    Path out;
    @Option(names = "--seed", paramLabel = "SEED", defaultValue = "1", description = "random seed of weights and inputs (default: ${DEFAULT-VALUE})")
    long seed;

    private static final List<CellType> CELLS = List.of(CellType.RNN_TANH, CellType.LSTM, CellType.GRU);

    @Override
    public Integer call() {
        int[] ts = lengths != null ? lengths : quick ? new int[] {10, 20, 40, 80} : new int[] {25, 50, 100, 200, 400};
        int[] bs = batches != null ? batches : quick ? new int[] {1, 4, 16} : new int[] {1, 2, 4, 8, 16, 32, 64};
        int h = hidden != null ? hidden : quick ? 128 : 256;
        double budget = seconds != null ? seconds : quick ? 0.1 : 1.0;
        if (ts.length < 2 || Arrays.stream(ts).anyMatch(t -> t < 1) || Arrays.stream(bs).anyMatch(b -> b < 1)
                || input < 1 || h < 1 || !(budget > 0)) {
            throw new IllegalArgumentException("--lengths needs two or more lengths of at least 1, --batches sizes"
                    + " of at least 1, --input and --hidden at least 1, --seconds positive");
        }
        ts = Arrays.stream(ts).sorted().toArray();
        bs = Arrays.stream(bs).sorted().toArray();
        PrintWriter w = spec.commandLine().getOut();
        int threads = Parallel.threads();
        try {
            Files.createDirectories(out);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("could not create --out " + out + ": " + e.getMessage(), e);
        }
        w.printf("explain parallelism: F %d, H %d, %d thread(s), backend %s, OpenBLAS core %s; each figure the"
                + " median of interleaved repeats%n", input, h, threads, OneDnn.describe(), Blas.coreName());
        List<Curve> curves = new ArrayList<>();
        int lastT = ts[ts.length - 1];
        int firstT = ts[0];
        int midT = ts[ts.length / 2];
        List<RecurrentLayer> layers = new ArrayList<>();
        for (CellType cell : CELLS) {
            layers.add(new RecurrentLayer(RecurrentConfig.of(cell, input, h), new SplittableRandom(seed)));
        }

        w.printf("%n1. Time per sequence (batch 1) against T: each step waits for the step before it.%n");
        w.printf("   multiply-adds per step: rnn_tanh %,d, lstm %,d, gru %,d (G·H·(F+H)); conv1d %,d (3·F·H)%n",
                h * (input + h), 4 * h * (input + h), 3 * h * (input + h), KERNEL * input * h);
        Rounds lengthRounds = new Rounds();
        for (RecurrentLayer layer : layers) {
            for (int t : ts) {
                Tensor x = inputs(1, t);
                lengthRounds.add(() -> infer(layer, x));
            }
        }
        for (int t : ts) {
            Convolution conv = new Convolution(input, h, inputs(1, t), seed);
            lengthRounds.add(conv::run);
        }
        double[] lengthTimes = lengthRounds.medians(budget);
        for (int c = 0; c <= CELLS.size(); c++) {
            double[] ms = new double[ts.length];
            for (int i = 0; i < ts.length; i++) {
                ms[i] = 1e3 * lengthTimes[c * ts.length + i];
            }
            boolean conv = c == CELLS.size();
            String name = conv ? "conv1d" : CELLS.get(c).id();
            curves.add(curve("time_per_sequence", conv ? "conv1d (no recurrence)" : name, ts, ms));
            w.printf("  %-8s %s; %.2f× time for %.0f× T (%d → %d), %.1f µs per step at T = %d%s%n", name,
                    points(ts, ms, "ms"), ms[ms.length - 1] / ms[0], (double) lastT / firstT, firstT, lastT,
                    1e3 * ms[ms.length - 1] / lastT, lastT, conv ? ": it grows too, but its T steps are one"
                            + " product per tap, which cores can split" : "");
        }

        w.printf("%n2. The input projections x·W_ihᵀ: one product for all steps (what rnn4j does) against one"
                + " product per step (Java time loop, batch 1).%n");
        Rounds projectionRounds = new Rounds();
        for (CellType cell : CELLS) {
            RecurrentCell<?> c = cell.newCell(input, h, "_l0", new SplittableRandom(seed));
            for (int t : ts) {
                Tensor x = inputs(1, t);
                projectionRounds.add(() -> loop(c, x, true));
                projectionRounds.add(() -> loop(c, x, false));
            }
        }
        double[] projectionTimes = projectionRounds.medians(budget);
        for (int c = 0; c < CELLS.size(); c++) {
            double[] once = new double[ts.length];
            double[] perStep = new double[ts.length];
            for (int i = 0; i < ts.length; i++) {
                once[i] = 1e3 * projectionTimes[2 * (c * ts.length + i)];
                perStep[i] = 1e3 * projectionTimes[2 * (c * ts.length + i) + 1];
            }
            curves.add(curve("projections", CELLS.get(c).id() + " all steps at once", ts, once));
            curves.add(curve("projections", CELLS.get(c).id() + " step by step", ts, perStep));
            w.printf("  %-8s at T = %d: %.3f ms at once, %.3f ms step by step (%.2f×)%n", CELLS.get(c).id(), lastT,
                    once[ts.length - 1], perStep[ts.length - 1], perStep[ts.length - 1] / once[ts.length - 1]);
        }

        w.printf("%n3. Throughput against batch at T = %d: the rows of a batch are independent sequences.%n", midT);
        Rounds batchRounds = new Rounds();
        for (RecurrentLayer layer : layers) {
            for (int b : bs) {
                Tensor x = inputs(b, midT);
                batchRounds.add(() -> infer(layer, x));
            }
        }
        double[] batchTimes = batchRounds.medians(budget);
        for (int c = 0; c < CELLS.size(); c++) {
            double[] perSecond = new double[bs.length];
            for (int i = 0; i < bs.length; i++) {
                perSecond[i] = bs[i] / batchTimes[c * bs.length + i];
            }
            curves.add(curve("throughput", CELLS.get(c).id(), bs, perSecond));
            w.printf("  %-8s %s; %.1f× the sequences/s at batch %d as at batch %d%n", CELLS.get(c).id(),
                    points(bs, perSecond, "seq/s"), perSecond[bs.length - 1] / perSecond[0], bs[bs.length - 1],
                    bs[0]);
        }

        int wide = bs[bs.length - 1];
        w.printf("%n4. One thread against two (T = %d): the same layers, and the convolution at T = %d.%n", midT,
                lastT);
        Tensor one = inputs(1, midT);
        Tensor many = inputs(wide, midT);
        Convolution conv = new Convolution(input, h, inputs(1, lastT), seed);
        // One block of rounds per thread count, not interleaved: changing oneDNN's thread count between two calls
        // rebuilds its thread team, which would be timed too.
        double[] threadTimes = new double[2 * (2 * CELLS.size() + 1)];
        try {
            for (int k = 1; k <= 2; k++) {
                Parallel.setThreads(k);
                Rounds threadRounds = new Rounds();
                for (RecurrentLayer layer : layers) {
                    threadRounds.add(() -> infer(layer, one));
                    threadRounds.add(() -> infer(layer, many));
                }
                threadRounds.add(conv::run);
                double[] times = threadRounds.medians(budget);
                System.arraycopy(times, 0, threadTimes, (k - 1) * times.length, times.length);
            }
        } finally {
            Parallel.setThreads(threads);
        }
        int perThreadCount = 2 * CELLS.size() + 1;
        double[] threadCount = {1, 2};
        for (int c = 0; c < CELLS.size(); c++) {
            double one1 = threadTimes[2 * c];
            double many1 = threadTimes[2 * c + 1];
            double one2 = threadTimes[perThreadCount + 2 * c];
            double many2 = threadTimes[perThreadCount + 2 * c + 1];
            curves.add(new Curve("threads", CELLS.get(c).id() + " batch 1", threadCount, new double[] {1 / one1, 1 / one2}));
            curves.add(new Curve("threads", CELLS.get(c).id() + " batch " + wide, threadCount,
                    new double[] {wide / many1, wide / many2}));
            w.printf("  %-8s batch 1: speed-up with 2 threads %.2f×; batch %d: %.2f×%n", CELLS.get(c).id(),
                    one1 / one2, wide, many1 / many2);
        }
        double conv1 = threadTimes[perThreadCount - 1];
        double conv2 = threadTimes[2 * perThreadCount - 1];
        curves.add(new Curve("threads", "conv1d batch 1 T " + lastT, threadCount, new double[] {1 / conv1, 1 / conv2}));
        w.printf("  %-8s batch 1, T = %d: speed-up with 2 threads %.2f× (its steps split between the cores)%n",
                "conv1d", lastT, conv1 / conv2);

        Curve.writeCsv(out.resolve("parallelism.csv"), curves);
        XyChart.write(out.resolve("parallelism-length.png"), "Time per sequence against T (batch 1, H " + h + ")",
                "sequence length T", "ms per sequence", figure(curves, "time_per_sequence", "projections"), false,
                false);
        XyChart.write(out.resolve("parallelism-batch.png"), "Sequences per second against batch (T " + midT + ")",
                "batch size", "sequences per second", figure(curves, "throughput"), true, true);
        w.printf("%nAn RNN's time per sequence is linear in T: its T products run in order, one per step, and no"
                + " core can start step t before step t−1 ends. Cores help across sequences (batch) and inside one"
                + " step's product; a layer without recurrence (convolution, attention) does all T steps in products"
                + " that parallel hardware can split.%n");
        w.printf("wrote %s, %s and %s%n", out.resolve("parallelism.csv"), out.resolve("parallelism-length.png"),
                out.resolve("parallelism-batch.png"));
        return 0;
    }

    private static List<Curve> figure(List<Curve> curves, String... figures) {
        List<String> wanted = List.of(figures);
        return curves.stream().filter(c -> wanted.contains(c.figure())
                && !c.name().endsWith("all steps at once")).toList();
    }

    private static Curve curve(String figure, String name, int[] xs, double[] ys) {
        return new Curve(figure, name, Arrays.stream(xs).asDoubleStream().toArray(), ys);
    }

    private static String points(int[] xs, double[] ys, String unit) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < xs.length; i++) {
            sb.append(i == 0 ? "" : ", ").append(xs[i]).append(": ")
                    .append(String.format(Locale.ROOT, ys[i] >= 100 ? "%.0f" : "%.3g", ys[i]));
        }
        return sb.append(' ').append(unit).toString();
    }

    private Tensor inputs(int batch, int steps) {
        SplittableRandom rng = new SplittableRandom(seed + 31L * batch + steps);
        Tensor x = Tensor.zeros(batch, steps, input);
        for (int i = 0; i < x.size(); i++) {
            x.set(i, (float) rng.nextDouble(-1, 1));
        }
        return x;
    }

    /** The layer's whole forward pass, as the trainer runs a step: its buffers recycled afterwards. */
    private static void infer(RecurrentLayer layer, Tensor x) {
        Trainer.runAsStep(() -> layer.infer(x, null, null));
    }

    /**
     * The Java time loop of {@code Recurrent.forwardLoop}, batch 1, reduced to what is timed: the input projection
     * for all steps in one product ({@code once}), or one product per step, then each step's {@code h W_hhᵀ} and
     * gates. x is (1, T, F): with one row, time-major and batch-first are the same layout.
     */
    private static <S extends RecurrentState> void loop(RecurrentCell<S> cell, Tensor x, boolean once) {
        Trainer.runAsStep(() -> {
            int steps = x.dim(1);
            Tensor xs = x.reshape(steps, cell.inputSize());                          // (T·B, F), B = 1
            Tensor gates = Tensor.zeros(steps, cell.gateWidth());                  // (T·B, G·H)
            Tensor cache = Tensor.zeros(steps, Math.max(1, cell.cacheWidth()));
            List<Tensor> a = new ArrayList<>();
            List<Tensor> b = new ArrayList<>();
            for (int k = 0; k < cell.stateTensors(); k++) {
                a.add(Tensor.zeros(1, cell.stateWidth(k)));
                b.add(Tensor.zeros(1, cell.stateWidth(k)));
            }
            S prev = cell.state(a);
            S next = cell.state(b);
            StepScratch scratch = new StepScratch(1, cell.gateWidth(), cell.hiddenSize());
            if (once) {
                cell.projectInputs(xs, gates);                                    // one product, (T, F)·(F, G·H)
            }
            for (int t = 0; t < steps; t++) {
                Tensor stepGates = gates.slice(t, t + 1);
                if (!once) {
                    cell.projectInputs(xs.slice(t, t + 1), stepGates);            // T products, (1, F)·(F, G·H)
                }
                cell.forward(new StepBuffers(t, xs.slice(t, t + 1), stepGates, cache.slice(t, t + 1), scratch),
                        prev, next);
                S swap = prev;
                prev = next;
                next = swap;
            }
            return null;
        });
    }

    /**
     * A 1-D convolution over the sequence, kernel 3, F → H, tanh: y_t = tanh(Σ_k x_{t+k−1} W_k + b), zero beyond
     * the ends. No step reads another step's output, so the T rows of the output are one product per tap (T, F)·(F, H)
     * over all steps, whose rows {@link Parallel#runRows} splits between the threads.
     */
    private static final class Convolution {
        private final Tensor[] taps = new Tensor[KERNEL]; // each (F, H)
        private final Tensor xs;                          // (T, F)
        private final int hidden;

        Convolution(int input, int hidden, Tensor x, long seed) {
            SplittableRandom rng = new SplittableRandom(seed);
            float bound = (float) (1 / Math.sqrt(KERNEL * input));
            for (int k = 0; k < KERNEL; k++) {
                taps[k] = Tensor.zeros(input, hidden);
                for (int i = 0; i < taps[k].size(); i++) {
                    taps[k].set(i, (float) rng.nextDouble(-bound, bound));
                }
            }
            this.xs = x.reshape(x.dim(1), input);
            this.hidden = hidden;
        }

        Object run() {
            return Trainer.runAsStep(() -> {
                int steps = xs.dim(0);
                Tensor y = Tensor.zeros(steps, hidden);
                Parallel.runRows(Parallel.partsFor(steps), steps, (part, from, to) -> {
                    for (int k = 0; k < KERNEL; k++) {
                        int shift = k - KERNEL / 2;                    // output row t reads input row t + shift
                        int lo = Math.max(from, -shift);
                        int hi = Math.min(to, steps - shift);
                        if (lo < hi) {
                            Blas.gemm(false, false, 1f, xs.slice(lo + shift, hi + shift), taps[k], 1f, y.slice(lo, hi));
                        }
                    }
                    Tensor rows = y.slice(from, to);                       // tanh as the RNN's step runs it
                    float[] block = new float[rows.size()];
                    rows.read(0, block, 0, block.length);
                    RecurrentKernels.rnnTanh(block, block.length);
                    rows.write(0, block, 0, block.length);
                });
                return y.get(0);
            });
        }
    }

    /**
     * Times pieces of work on a shared machine: each is warmed up, then all run in turn, round after round, for the
     * budget (at least 3 rounds), and each gets the median of its rounds; so a busy spell of the machine falls on
     * every point alike instead of bending one part of a curve.
     */
    private static final class Rounds {
        private final List<Runnable> work = new ArrayList<>();

        void add(Runnable piece) {
            work.add(piece);
        }

        /** Seconds per run of each piece, in the order added; about {@code secondsEach} × pieces in all. */
        double[] medians(double secondsEach) {
            long warm = System.nanoTime() + (long) (secondsEach * 0.25e9 * work.size());
            for (int round = 0; round < 2 || System.nanoTime() < warm; round++) {
                work.forEach(Runnable::run);
            }
            List<List<Double>> times = new ArrayList<>();
            work.forEach(piece -> times.add(new ArrayList<>()));
            long end = System.nanoTime() + (long) (secondsEach * 1e9 * work.size());
            for (int round = 0; round < 3 || System.nanoTime() < end && round < 10_000; round++) {
                for (int i = 0; i < work.size(); i++) {
                    long t0 = System.nanoTime();
                    work.get(i).run();
                    times.get(i).add((System.nanoTime() - t0) / 1e9);
                }
            }
            return times.stream().mapToDouble(list -> {
                list.sort(null);
                return list.get(list.size() / 2);
            }).toArray();
        }
    }
}
